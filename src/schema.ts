import "reflect-metadata";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { assertValidSchema, defaultFieldResolver, type GraphQLEnumType, GraphQLSchema, isObjectType, lexicographicSortSchema, specifiedDirectives } from "graphql";
import { createPubSub } from "@graphql-yoga/subscription";
import { getMetadataStorage, validateOrReject, type ValidationError } from "class-validator";
import { ArgumentValidationError, buildSchema, getMetadataStorage as resolverMetadata, type NonEmptyArray } from "type-graphql";
import { Classification, classificationDirective, classificationMap } from "./common/classification.js";
import { timeout, withheld } from "./common/errors.js";
import { definePropertyFields } from "./common/read-model.js";
import type { ClassifiedRecord } from "./common/visibility.js";
import type { HubContext } from "./context.js";
import { domains } from "./domains.js";

/**
 * Puts the fields of every object type behind the hub's two rules, in place on the built schema:
 *
 * - the execution deadline: past it, no field with a resolver resolves any more (each is null with
 *   a TIMEOUT error), so a heavy operation ends instead of holding the process (on a server,
 *   statement_timeout also cancels a statement that runs past it);
 * - its classification, through the policy: a withheld field resolves to null with a FORBIDDEN
 *   error at its path; the rest of the response is unaffected. Classifications are read from the
 *   built schema (the SDL is the single source of truth), so the check is a map lookup and an O(1)
 *   decision on the access the request loaded.
 *
 * Both are synchronous wrappers of the field's resolver. (They were type-graphql global
 * middlewares, which turn every field — a row's `name` included — into a chain of promises: a
 * third of the CPU time of a 50-row list; see BENCHMARKS.md.) A public field that only reads its
 * parent's property gets no wrapper: graphql-jit then reads the property in its compiled code,
 * where a wrapper made it call a function with a resolve-info object per field and row (a getter
 * on the returned object is then read several times per field: see `Page`); the deadline still
 * stops every field with a resolver (queries, relations, computed and classified fields).
 */
function guardFields(schema: GraphQLSchema): void {
  const levels = classificationMap(schema);
  const reads = propertyReads();
  definePropertyFields(reads);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    const typeLevels = levels.get(type.name);
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      const level = typeLevels?.get(field.name);
      const qualified = `${type.name}.${field.name}`;
      if (level === undefined || level === Classification.PUBLIC) {
        if (reads.has(qualified)) {
          field.resolve = undefined;
          continue;
        }
        field.resolve = (root, args, context: HubContext, info) => {
          if (performance.now() > context.deadline) throw timeout(context.config.limits.executionTimeoutMilliseconds);
          return resolve(root, args, context, info);
        };
        continue;
      }
      field.resolve = (root, args, context: HubContext, info) => {
        if (performance.now() > context.deadline) throw timeout(context.config.limits.executionTimeoutMilliseconds);
        const record = root as ClassifiedRecord;
        const decision = context.visibility.readField(qualified, level, record);
        if (!decision.allowed) throw withheld(qualified, level, decision, record?.ownerProvinceCodes ?? []);
        return resolve(root, args, context, info);
      };
    }
  }
}

/**
 * The fields ("Type.field") whose type-graphql resolver only reads the parent's property of the
 * same name: declared on the type's class, a class it extends or an interface it implements, with
 * no middleware or role, and no field resolver of that name for any of those classes (a resolver
 * for the type may add one to a field its parent declares).
 */
function propertyReads(): Set<string> {
  const storage = resolverMetadata();
  const resolvedOf = new Map<Function, Set<string>>();
  for (const resolver of storage.fieldResolvers) {
    const target = resolver.getObjectType?.() as Function | undefined;
    if (target) resolvedOf.set(target, (resolvedOf.get(target) ?? new Set()).add(resolver.methodName));
  }
  const reads = new Set<string>();
  for (const objectType of storage.objectTypes) {
    const declared = new Map<string, (typeof storage.fields)[number]>();
    const classes: Function[] = [];
    for (let target: Function | null = objectType.target; target && target !== Function.prototype; target = Object.getPrototypeOf(target) as Function | null) classes.push(target);
    classes.push(...(objectType.interfaceClasses ?? []));
    for (const target of classes) for (const field of storage.fields) if (field.target === target && !declared.has(field.schemaName)) declared.set(field.schemaName, field);
    for (const [name, field] of declared) {
      const resolved = classes.some((target) => resolvedOf.get(target)?.has(field.name));
      const plain = field.name === name && !resolved && (field.middlewares?.length ?? 0) === 0 && !field.roles;
      if (plain) reads.add(`${objectType.name}.${name}`);
    }
  }
  return reads;
}

/**
 * type-graphql sorts a resolver's parameter list at every call (`getParams`: `params.sort(...)`
 * in place, for which V8 allocates a work array each time): 75 KB of garbage per 50-row list,
 * promoted with the rest of a request's and left for full collections. Each list is sorted once
 * here, after the build that assigned it, and its `sort` is the identity.
 */
function sortResolverParametersOnce(): void {
  const storage = resolverMetadata();
  for (const resolver of [...storage.queries, ...storage.mutations, ...storage.subscriptions, ...storage.fieldResolvers]) {
    if (!resolver.params) continue;
    const params = [...resolver.params].sort((a, b) => a.index - b.index);
    Object.defineProperty(params, "sort", { value: () => params });
    resolver.params = params;
  }
}

/** Whether an input class declares class-validator rules, asked once per class. */
const declaresRules = new WeakMap<Function, boolean>();

function hasRules(input: object): boolean {
  let rules = declaresRules.get(input.constructor);
  if (rules === undefined) {
    rules = getMetadataStorage().getTargetValidationMetadatas(input.constructor, "", true, false).length > 0;
    declaresRules.set(input.constructor, rules);
  }
  return rules;
}

/**
 * class-validator on the arguments whose input types declare rules (writes' inputs), and nothing
 * on the others: type-graphql's own validation loaded the module and walked every object argument
 * of every field — a nested list's filter once per parent — though read filters declare no rule.
 */
async function validateInput(argument: unknown): Promise<void> {
  if (argument === null || typeof argument !== "object") return;
  for (const input of Array.isArray(argument) ? argument : [argument]) {
    if (input === null || typeof input !== "object" || !hasRules(input)) continue;
    try {
      await validateOrReject(input, { skipMissingProperties: true, forbidUnknownValues: false });
    } catch (errors) {
      throw new ArgumentValidationError(errors as ValidationError[]);
    }
  }
}

/** Builds the hub's schema from every domain's resolvers. */
export async function buildHubSchema(): Promise<GraphQLSchema> {
  const resolvers = domains.flatMap((domain) => domain.resolvers) as unknown as NonEmptyArray<Function>;
  const schema = await buildSchema({
    resolvers,
    // class-validator on inputs that declare rules; inputs without rules are not "unknown values".
    validateFn: validateInput,
    // type-graphql insists on a PubSub once there are subscriptions. Ours never use it: each reads
    // the outbox through the dispatcher (`subscribe` option), which a PubSub could not replay.
    pubSub: createPubSub(),
    // type-graphql would check its schema by running the whole introspection query on it (a
    // seventh of a start); the schema served is checked below, once, as validation would anyway.
    skipCheck: true,
  });
  sortResolverParametersOnce();
  // The classification directive is declared with the enum type-graphql built (see classificationDirective).
  const classified = new GraphQLSchema({ ...schema.toConfig(), directives: [...specifiedDirectives, classificationDirective(schema.getType("Classification") as GraphQLEnumType)] });
  guardFields(classified);
  // Throws what is wrong with the schema; graphql keeps the answer, so no operation checks it again.
  assertValidSchema(classified);
  return classified;
}

let built: Promise<GraphQLSchema> | null = null;

/**
 * The hub's schema, built once per process: it depends on the code alone, not on the configuration
 * or the database, so the entry point starts it while the database opens (src/main.ts) and every
 * server of the process shares it.
 */
export function hubSchema(): Promise<GraphQLSchema> {
  built ??= buildHubSchema();
  return built;
}

/** The committed SDL: sorted so that its diffs show only real changes, with every directive kept. */
export function printHubSchema(schema: GraphQLSchema): string {
  return `${printSchemaWithDirectives(lexicographicSortSchema(schema)).trim()}\n`;
}
