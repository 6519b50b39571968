import type { EntityManager } from "@mikro-orm/postgresql";
import type { SqlExecutor } from "../common/sql-executor.js";
import { textArray } from "../common/visible-rows.js";
import { EventTopic, HubEvent } from "./hub-event.entity.js";

/** A change to announce, collected while a write runs and stamped when it commits. */
export interface NewEvent {
  topic: EventTopic;
  kind: string;
  recordType: string;
  recordId: number;
  keys: Record<string, string>;
  ownerProvinceCodes: string[];
}

/**
 * Appends the transaction's events to the outbox, stamping their positions. It must run last in
 * the writing transaction, after the audit entry: appending the audit entry takes the log's lock
 * (`pg_advisory_xact_lock`), held until commit, so transactions stamp positions one at a time, in
 * the order they commit. A reader that sees position N therefore already sees every position below
 * N that will ever commit — the guarantee `after: N` rests on. (Positions drawn when a row is
 * inserted would not give it: a transaction could draw 10, another 11 and commit first, and a
 * client resuming after 11 would never see 10.) One statement for all the events.
 */
export async function appendEvents(sql: SqlExecutor, events: readonly NewEvent[], committedAt: Date): Promise<string | null> {
  if (events.length === 0) return null;
  const rows = await sql.all<{ position: string }>(
    `insert into hub_event (position, topic, kind, record_type, record_id, keys, owner_province_codes, committed_at)
     select nextval('hub_event_position'), e.topic, e.kind, e.record_type, e.record_id, e.keys::jsonb, string_to_array(e.owners, ','), ?::timestamptz
       from unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[]) with ordinality as e(topic, kind, record_type, record_id, keys, owners, n)
      order by e.n
     returning position::text`,
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
  return rows.map((row) => row.position).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)).at(-1) ?? null;
}

/**
 * Events after a position, oldest first: all topics (the dispatcher), or one (a replay). Ordered by
 * the bigint column itself (`hub_event.position`): the text alias would sort "10" before "9".
 */
export async function eventsAfter(em: EntityManager, after: bigint, options: { topic?: EventTopic; through?: bigint; limit: number }): Promise<HubEvent[]> {
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
    `select position::text as position, topic, kind, record_type, record_id, keys, owner_province_codes, committed_at
       from hub_event where ${conditions.join(" and ")} order by hub_event.position limit ${Math.trunc(options.limit)}`,
    params,
  );
  return rows.map((row) => em.map(HubEvent, row));
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
