import { ArrayMaxSize, ArrayMinSize, Matches } from "class-validator";
import type { GraphQLError, GraphQLSchema } from "graphql";
import { Field, ID, InputType } from "type-graphql";
import type { Viewer } from "../auth/viewer.js";
import { badUserInput, ErrorCode, forbidden, unauthenticated } from "../common/errors.js";
import type { HubContext } from "../context.js";
import { EventTopic } from "../events/hub-event.entity.js";
import { sha256 } from "../limits/persisted-operations.js";
import { runWrite } from "../writes/write.js";
import { readRows, toReadModel } from "../common/read-model.js";
import { readQuery } from "../common/read-query.js";
import { RegisteredOperationEntity } from "./registered-operation.entity.js";
import { RegisteredOperation } from "./registered-operation.model.js";

/** Documents one `registerOperations` may hold. */
export const REGISTER_MAX_DOCUMENTS = 100;

@InputType({ description: "A third-party client's operations, for a hub administrator to register." })
export class RegisterOperationsInput {
  @Field({ description: 'Who the operations are for: 2 to 100 lower-case letters, digits, ".", "_" or "-", e.g. "market-client" or "daklak-coffee-traders".' })
  @Matches(/^[a-z0-9][a-z0-9._-]{1,99}$/, { message: 'client is 2 to 100 lower-case letters, digits, ".", "_" or "-"' })
  client!: string;

  @Field(() => [String], {
    description:
      "The documents, each exactly as the client will send it (the values of its codegen persisted-documents manifest): each is registered under the SHA-256 of its text. Each must be valid against this hub's schema and limits (depth, cost, aliases, tokens). At most 100.",
  })
  @ArrayMinSize(1, { message: "documents holds at least one document" })
  @ArrayMaxSize(REGISTER_MAX_DOCUMENTS, { message: `documents holds at most ${REGISTER_MAX_DOCUMENTS} documents` })
  documents!: string[];
}

function requireAdministrator(viewer: Viewer): string {
  if (viewer.kind === "anonymous") throw unauthenticated("Sign in as a hub administrator to register operations");
  if (!viewer.roles.includes("hub_admin")) throw forbidden("Only hub administrators register operations: ask one to register your client's persisted-documents manifest", { reason: "NOT_HUB_ADMIN" });
  return viewer.subject;
}

/**
 * Registers a third party's operations: each document is validated as the hub validates an
 * operation it runs (schema, depth, cost, aliases, directives, tokens; introspection off in
 * production), then stored under the SHA-256 of its text, with one audit entry for those that are
 * new. Registering what is registered already writes nothing and answers the stored rows
 * (idempotent). Any invalid document refuses the whole call: nothing is stored.
 */
export async function registerOperations(context: HubContext, schema: GraphQLSchema, input: RegisterOperationsInput): Promise<RegisteredOperation[]> {
  const subject = requireAdministrator(context.viewer);
  // Loaded when first needed: the entity list (domains.ts) reaches this module, and the migrations'
  // runner (test setup) must not load the GraphQL limits with it.
  const { operationLimits } = await import("../limits/operation-limits.js");
  const limits = operationLimits(context.config);
  const problems: Record<string, string> = {};
  input.documents.forEach((text, index) => {
    const checked = limits.checkOperation(schema, text);
    if (Array.isArray(checked)) problems[`documents.${index}`] = (checked as readonly { message: string }[]).map((error) => error.message).join("; ");
  });
  const invalid = Object.keys(problems);
  if (invalid.length > 0) throw badUserInput(`${invalid.length} of the documents cannot run on this hub; nothing was registered (${invalid.map((key) => `${key}: ${problems[key]}`).join(" | ")})`, problems);

  const ids = input.documents.map(sha256);
  const wanted = new Map(ids.map((id, index) => [id, input.documents[index]!] as const));
  for (let attempt = 1; ; attempt += 1) {
    const existing = await context.em.fork().find(RegisteredOperationEntity, { id: { $in: [...wanted.keys()] } });
    const known = new Set(existing.map((row) => row.id));
    const fresh = [...wanted].filter(([id]) => !known.has(id));
    let created: RegisteredOperationEntity[] = [];
    try {
      if (fresh.length > 0) {
        created = await runWrite(context, async ({ tx, audited }) => {
          const now = context.clock.now();
          const rows = fresh.map(([id, text]) => tx.create(RegisteredOperationEntity, { id, client: input.client, text, registeredBy: subject, registeredAt: now }));
          audited(["RegisteredOperation.documentId", "RegisteredOperation.client", "RegisteredOperation.text"], [], rows.length);
          return rows;
        });
      }
    } catch (error) {
      // Another administrator (or instance) registered one of them meanwhile: look again, once.
      if (attempt === 1 && (error as GraphQLError).extensions?.code === ErrorCode.CONFLICT) continue;
      throw error;
    }
    const byId = new Map([...existing, ...created].map((row) => [row.id, row] as const));
    return ids.map((id) => toReadModel(context, RegisteredOperation, byId.get(id)!));
  }
}

@InputType({ description: "Registered operations to revoke, for a hub administrator." })
export class RevokeOperationsInput {
  @Field(() => [ID], { description: "The documents' ids (`documentId`, with or without the `sha256:` prefix). At most 100." })
  @ArrayMinSize(1, { message: "documentIds holds at least one id" })
  @ArrayMaxSize(REGISTER_MAX_DOCUMENTS, { message: `documentIds holds at most ${REGISTER_MAX_DOCUMENTS} ids` })
  documentIds!: string[];
}

/**
 * Revokes registered operations: their rows are deleted, with one audit entry, and every instance
 * is told through the outbox to forget them (within its event poll, at once with a signal). Ids
 * that are not registered (or are the hub dashboard's, from its manifest) are left alone;
 * revoking what is not registered writes nothing. Answers the ids revoked.
 */
export async function revokeOperations(context: HubContext, input: RevokeOperationsInput): Promise<string[]> {
  requireAdministrator(context.viewer);
  const ids = [...new Set(input.documentIds.map((id) => id.replace(/^sha256:/, "")))];
  const existing = await context.em.fork().find(RegisteredOperationEntity, { id: { $in: ids } }, { fields: ["id"] });
  if (existing.length === 0) return [];
  return runWrite(context, async ({ tx, audited, emit }) => {
    const rows = await tx.getConnection().execute<{ id: string }[]>("delete from registered_operation where id = any(?::text[]) returning id", [`{${existing.map((row) => row.id).join(",")}}`], "all", tx.getTransactionContext());
    const revoked = rows.map((row) => row.id).sort();
    if (revoked.length === 0) return [];
    audited(["RegisteredOperation.documentId", "RegisteredOperation.client", "RegisteredOperation.text"], [], revoked.length);
    for (const documentId of revoked) emit({ topic: EventTopic.OPERATIONS, kind: "REVOKED", recordType: "RegisteredOperation", recordId: 0, keys: { documentId }, ownerProvinceCodes: [] });
    return revoked;
  });
}

/** The registered operations, newest first, optionally one client's (hub administrators). */
export async function registeredOperations(context: HubContext, client: string | null | undefined): Promise<RegisteredOperation[]> {
  requireAdministrator(context.viewer);
  const query = readQuery(context, RegisteredOperationEntity, "o").orderBy({ registeredAt: "desc", id: "asc" }).limit(1000);
  if (client) query.where({ client });
  return readRows(context, query, RegisteredOperation);
}

/** The stored text of a registered operation, by id (one primary-key lookup), or undefined. */
export async function registeredText(context: Pick<HubContext, "em">, id: string): Promise<string | undefined> {
  const rows = await context.em.getConnection().execute<{ text: string }[]>("select text from registered_operation where id = ?", [id]);
  return rows[0]?.text;
}

/** Every registered operation's text (read once, when an instance starts). */
export async function allRegisteredTexts(context: Pick<HubContext, "em">): Promise<string[]> {
  const rows = await context.em.getConnection().execute<{ text: string }[]>("select text from registered_operation");
  return rows.map((row) => row.text);
}
