import "reflect-metadata";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { defaultFieldResolver, type GraphQLEnumType, GraphQLSchema, isObjectType, lexicographicSortSchema, specifiedDirectives } from "graphql";
import { createPubSub } from "@graphql-yoga/subscription";
import { getMetadataStorage, validateOrReject, type ValidationError } from "class-validator";
import { ArgumentValidationError, buildSchema, type NonEmptyArray } from "type-graphql";
import { Classification, classificationDirective, classificationMap } from "./common/classification.js";
import { timeout, withheld } from "./common/errors.js";
import type { ClassifiedRecord } from "./common/visibility.js";
import type { HubContext } from "./context.js";
import { domains } from "./domains.js";

/**
 * Puts every field of every object type behind the hub's two rules, in place on the built schema:
 *
 * - the execution deadline: past it, no field resolves any more (each is null with a TIMEOUT
 *   error), so a heavy operation ends instead of holding the process (on a server,
 *   statement_timeout also cancels a statement that runs past it);
 * - its classification, through the policy: a withheld field resolves to null with a FORBIDDEN
 *   error at its path; the rest of the response is unaffected. Classifications are read from the
 *   built schema (the SDL is the single source of truth), so the check is a map lookup and an O(1)
 *   decision on the access the request loaded.
 *
 * Both are synchronous wrappers of the field's resolver. (They were type-graphql global
 * middlewares, which turn every field — a row's `name` included — into a chain of promises: a
 * third of the CPU time of a 50-row list; see BENCHMARKS.md.)
 */
function guardFields(schema: GraphQLSchema): void {
  const levels = classificationMap(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    const typeLevels = levels.get(type.name);
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      const level = typeLevels?.get(field.name);
      const qualified = `${type.name}.${field.name}`;
      if (level === undefined || level === Classification.PUBLIC) {
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
  });
  // The classification directive is declared with the enum type-graphql built (see classificationDirective).
  const classified = new GraphQLSchema({ ...schema.toConfig(), directives: [...specifiedDirectives, classificationDirective(schema.getType("Classification") as GraphQLEnumType)] });
  guardFields(classified);
  return classified;
}

/** The committed SDL: sorted so that its diffs show only real changes, with every directive kept. */
export function printHubSchema(schema: GraphQLSchema): string {
  return `${printSchemaWithDirectives(lexicographicSortSchema(schema)).trim()}\n`;
}
