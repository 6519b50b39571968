import { GraphQLError } from "graphql";
import { Field, ID, InterfaceType } from "type-graphql";
import type { HubContext } from "../context.js";
import { Classification, Classified } from "./classification.js";

/**
 * Relay's Node: every record has a global id, "<TypeName>:<primary key>" in base64url, so
 * `node(id)` can find any record without the client knowing which table it lives in.
 */
@InterfaceType({ description: "A record with a global id that `node(id)` resolves." })
export abstract class Node {
  @Field(() => ID, { name: "id", description: "The record's global id, stable across releases; pass it to `node(id)`." })
  @Classified(Classification.PUBLIC)
  get globalId(): string {
    throw new Error(`${this.constructor.name} does not define its global id`);
  }
}

export function toGlobalId(typeName: string, id: number | string): string {
  return Buffer.from(`${typeName}:${id}`, "utf8").toString("base64url");
}

/** Decodes a global id, or null when it is not one of ours (which `node` treats as "not found"). */
export function fromGlobalId(globalId: string): { typeName: string; key: string } | null {
  const decoded = Buffer.from(globalId, "base64url").toString("utf8");
  const match = /^([A-Za-z]+):([A-Za-z0-9_-]{1,64})$/.exec(decoded);
  if (!match) return null;
  return { typeName: match[1]!, key: match[2]! };
}

/** The numeric primary key of a global id's record, or null when the key is not a safe integer. */
export function numericKey(key: string): number | null {
  return /^\d{1,15}$/.test(key) ? Number(key) : null;
}

/** Decodes a global id that must be of `typeName` (an argument such as `enterpriseId`). */
export function expectGlobalId(globalId: string, typeName: string, argumentName: string): number {
  const parsed = fromGlobalId(globalId);
  const id = parsed && parsed.typeName === typeName ? numericKey(parsed.key) : null;
  if (id === null) {
    throw new GraphQLError(`${argumentName} must be the id of a ${typeName}`, {
      extensions: { code: "BAD_USER_INPUT", fields: { [argumentName]: `not a ${typeName} id` } },
    });
  }
  return id;
}

/** Loads one record of a node type by its key, through the type's batched loader and the visibility hook. */
export type NodeFetcher = (context: HubContext, key: string) => Promise<object | null>;

const fetchers = new Map<string, NodeFetcher>();

/** Each domain registers how `node(id)` finds its types (from its index.ts). */
export function registerNodeType(typeName: string, fetch: NodeFetcher): void {
  fetchers.set(typeName, fetch);
}

export async function fetchNode(context: HubContext, globalId: string): Promise<object | null> {
  const parsed = fromGlobalId(globalId);
  if (!parsed) return null;
  const fetch = fetchers.get(parsed.typeName);
  return fetch ? fetch(context, parsed.key) : null;
}

/** Registers a node type whose records have numeric primary keys (all but administrative units). */
export function registerNumericNodeType(typeName: string, load: (context: HubContext, id: number) => Promise<object | null>): void {
  registerNodeType(typeName, (context, key) => {
    const id = numericKey(key);
    return id === null ? Promise.resolve(null) : load(context, id);
  });
}
