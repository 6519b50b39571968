import { readModelOf } from "../../src/common/read-model.js";

/**
 * The global id of a record an entity holds (tests make their records through the ORM): the
 * id its read model shows, so it names the GraphQL type, not the entity class. A read model answers its own.
 */
export function globalIdOf(entity: { id?: number; code?: string }): string {
  if ("globalId" in entity) return (entity as { globalId: string }).globalId;
  const model = readModelOf(entity.constructor);
  if (!model) throw new Error(`${entity.constructor.name} has no read model`);
  const record = Object.assign(Object.create(model.prototype) as object, { id: entity.id, code: entity.code });
  return (record as unknown as { globalId: string }).globalId;
}
