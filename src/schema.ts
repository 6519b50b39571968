import "reflect-metadata";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { lexicographicSortSchema, specifiedDirectives, type GraphQLSchema } from "graphql";
import { createPubSub } from "@graphql-yoga/subscription";
import { buildSchema, type MiddlewareFn, type NonEmptyArray } from "type-graphql";
import { Classification, classificationDirective, classificationMap } from "./common/classification.js";
import { timeout, withheld } from "./common/errors.js";
import type { ClassifiedRecord } from "./common/visibility.js";
import type { HubContext } from "./context.js";
import { domains } from "./domains.js";

/**
 * Passes every classified field through the policy. Classifications are read once from the built
 * schema (the SDL is the single source of truth), so the per-field check is a map lookup and an
 * O(1) decision on the access the request loaded. A withheld field resolves to null with a
 * FORBIDDEN error at its path; the rest of the response is unaffected.
 */
function classificationGuard(levels: () => Map<string, Map<string, Classification>>): MiddlewareFn<HubContext> {
  return ({ root, info, context }, next) => {
    const level = levels().get(info.parentType.name)?.get(info.fieldName);
    if (level === undefined || level === Classification.PUBLIC) return next();
    const field = `${info.parentType.name}.${info.fieldName}`;
    const record = root as ClassifiedRecord;
    const decision = context.visibility.readField(field, level, record);
    if (decision.allowed) return next();
    throw withheld(field, level, decision, record?.ownerProvinceCodes ?? []);
  };
}

/**
 * The execution deadline: past it, no field resolves any more (each is null with a TIMEOUT error),
 * so a heavy operation ends instead of holding the process. On a server, statement_timeout also
 * cancels a statement that runs past it.
 */
const deadlineGuard: MiddlewareFn<HubContext> = ({ context }, next) => {
  if (performance.now() > context.deadline) throw timeout(context.config.limits.executionTimeoutMilliseconds);
  return next();
};

/** Builds the hub's schema from every domain's resolvers. */
export async function buildHubSchema(): Promise<GraphQLSchema> {
  let levels = new Map<string, Map<string, Classification>>();
  const resolvers = domains.flatMap((domain) => domain.resolvers) as unknown as NonEmptyArray<Function>;
  const schema = await buildSchema({
    resolvers,
    directives: [...specifiedDirectives, classificationDirective],
    globalMiddlewares: [deadlineGuard, classificationGuard(() => levels)],
    // class-validator on inputs that declare rules; inputs without rules are not "unknown values".
    validate: { forbidUnknownValues: false },
    // type-graphql insists on a PubSub once there are subscriptions. Ours never use it: each reads
    // the outbox through the dispatcher (`subscribe` option), which a PubSub could not replay.
    pubSub: createPubSub(),
  });
  levels = classificationMap(schema);
  return schema;
}

/** The committed SDL: sorted so that its diffs show only real changes, with every directive kept. */
export function printHubSchema(schema: GraphQLSchema): string {
  return `${printSchemaWithDirectives(lexicographicSortSchema(schema)).trim()}\n`;
}
