import type { EntityManager } from "@mikro-orm/postgresql";
import type { SqlExecutor } from "../common/sql-executor.js";
import { textArray } from "../common/visible-rows.js";
import { EventTopic, HubEvent, type SequencedEvent } from "./hub-event.entity.js";

/** A change to announce, collected while a write runs and stamped once it has committed. */
export interface NewEvent {
  topic: EventTopic;
  kind: string;
  recordType: string;
  recordId: number;
  keys: Record<string, string>;
  ownerProvinceCodes: string[];
}

/**
 * Appends the transaction's events to the outbox, without positions: a sequencing step stamps them
 * once the transaction has committed (`sequenceLog`), so positions follow commit order and no
 * writer waits for another. Their ids follow the order the write emitted them in, which the step
 * keeps. One statement for all the events; says whether there were any.
 */
export async function appendEvents(sql: SqlExecutor, events: readonly NewEvent[], committedAt: Date): Promise<boolean> {
  if (events.length === 0) return false;
  await sql.all(
    `insert into hub_event (topic, kind, record_type, record_id, keys, owner_province_codes, committed_at)
     select e.topic, e.kind, e.record_type, e.record_id, e.keys::jsonb, string_to_array(e.owners, ','), ?::timestamptz
       from unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[]) with ordinality as e(topic, kind, record_type, record_id, keys, owners, n)
      order by e.n`,
    [
      committedAt.toISOString(),
      textArray(events.map((event) => event.topic)),
      textArray(events.map((event) => event.kind)),
      textArray(events.map((event) => event.recordType)),
      `{${events.map((event) => event.recordId).join(",")}}`,
      textArray(events.map((event) => JSON.stringify(event.keys))),
      textArray(events.map((event) => event.ownerProvinceCodes.join(","))),
    ],
  );
  return true;
}

/**
 * Sequenced events after a position, oldest first: all topics (the dispatcher), or one (a replay).
 * Events not stamped yet have no position and are not among them. Ordered by the bigint column
 * itself (`hub_event.position`): the text alias would sort "10" before "9".
 */
export async function eventsAfter(em: EntityManager, after: bigint, options: { topic?: EventTopic; through?: bigint; limit: number }): Promise<SequencedEvent[]> {
  const conditions = ["position > ?"];
  const params: unknown[] = [after.toString()];
  if (options.topic) {
    conditions.push("topic = ?");
    params.push(options.topic);
  }
  if (options.through !== undefined) {
    conditions.push("position <= ?");
    params.push(options.through.toString());
  }
  const rows = await em.getConnection().execute<Record<string, unknown>[]>(
    `select id::text as id, position::text as position, topic, kind, record_type, record_id, keys, owner_province_codes, committed_at
       from hub_event where ${conditions.join(" and ")} order by hub_event.position limit ${Math.trunc(options.limit)}`,
    params,
  );
  return rows.map((row) => em.map(HubEvent, row) as SequencedEvent);
}

/** The highest position in the log (0 when it is empty). */
export async function lastPosition(em: EntityManager): Promise<bigint> {
  const [row] = await em.getConnection().execute<{ position: string | null }[]>("select max(position)::text as position from hub_event");
  return BigInt(row?.position ?? 0);
}

/** The last position pruned by retention: a client resuming from before it has missed events. */
export async function prunedThrough(em: EntityManager): Promise<bigint> {
  const [row] = await em.getConnection().execute<{ pruned_through: string }[]>("select pruned_through::text as pruned_through from hub_event_horizon where id = 1");
  return BigInt(row?.pruned_through ?? 0);
}

/**
 * Retention: drops events committed before `before`, and records how far the log was pruned, in
 * one transaction, so a resume from a pruned position is always told so.
 */
export async function pruneEvents(em: EntityManager, before: Date): Promise<number> {
  return em.transactional(async (tx) => {
    const connection = tx.getConnection();
    const context = tx.getTransactionContext();
    const [row] = await connection.execute<{ through: string | null; count: number }[]>(
      `with pruned as (delete from hub_event where committed_at < ?::timestamptz returning position)
       select max(position)::text as through, count(*)::int as count from pruned`,
      [before.toISOString()],
      "all",
      context,
    );
    if (row?.through) await connection.execute("update hub_event_horizon set pruned_through = greatest(pruned_through, ?::bigint) where id = 1", [row.through], "run", context);
    return row?.count ?? 0;
  });
}
