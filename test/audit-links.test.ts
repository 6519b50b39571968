/**
 * How entries join the chain: the sequencer inserts a link for each committed entry and never
 * rewrites the entry; it finds the entries it has not linked by the snapshot of its last complete
 * step, so a backlog larger than one step is linked in several, none skipped or linked twice; and
 * the migration that moved links out of the entries keeps every hash valid and links what was
 * waiting.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import pg from "pg";
import { MikroORM } from "@mikro-orm/postgresql";
import { Migrator } from "@mikro-orm/migrations";
import { appendAuditEntries, AuditAction, verifyAuditChain } from "../src/audit/index.js";
import { chainHash, LINK_BATCH } from "../src/audit/audit-chain.js";
import { auditRowsOf, insertAuditRows } from "../src/audit/audit.service.js";
import type { Viewer } from "../src/auth/viewer.js";
import { executorOf, executorOfClient } from "../src/common/sql-executor.js";
import { ormConfig } from "../src/db/mikro-orm.config.js";
import { migrationsList } from "../src/db/migrations/index.js";
import { sequenceLog } from "../src/events/log-sequencer.js";
import { startTestHub, type TestHub } from "./support/hub.js";

const reader: Exclude<Viewer, { kind: "anonymous" }> = { kind: "agency", subject: "reader-hcmc", provinceCode: "VN-SG", agencyCode: "VN-SG-SKHCN", roles: ["agency_viewer"] };
const read = (owner: string, recordCount: number) => ({ action: AuditAction.READ, fields: ["Assessment.totalScore"], ownerProvinceCodes: [owner], recordCount, operationName: "Scores", documentHash: "b".repeat(64) });
const NOW = new Date("2026-12-06T03:00:00Z");

describe("linking", () => {
  let hub: TestHub;
  beforeAll(async () => {
    // The dispatcher's poll runs a step once a minute here: the steps in these tests are the tests' own.
    hub = await startTestHub({ env: { EVENT_POLL_MS: "60000" } });
  });
  afterAll(async () => {
    await hub?.close();
  });
  const sql = () => executorOf(hub.em().fork());
  /** How many entries the log shows (each with its link). */
  const logLength = async () => (await sql().all<{ count: number }>("select count(*)::int as count from audit_log", []))[0]!.count;

  it("never rewrites an entry: each row is still the version its own transaction inserted, and links refuse updates, deletes and truncation", async () => {
    await appendAuditEntries(hub.em(), reader, [read("VN-33", 4), read("VN-29", 2)], NOW);
    expect(await verifyAuditChain(hub.em(), hub.config.auditKey)).toEqual({ intact: true, entries: 2 });
    // An UPDATE writes a new row version stamped with the updating transaction (xmin); linking must not.
    const rows = await sql().all<{ xmin: string; inserted_by: string }>("select xmin::text as xmin, (txid::text::numeric % 4294967296)::text as inserted_by from audit_entry order by id", []);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.xmin).toBe(row.inserted_by);
    expect((await sql().all<{ count: number }>("select count(*)::int as count from audit_link", []))[0]!.count).toBe(2);
    await expect(sql().all("update audit_link set hash = repeat('0', 64) where sequence = 1", [])).rejects.toThrow(/append-only/);
    await expect(sql().all("delete from audit_link where sequence = 1", [])).rejects.toThrow(/append-only/);
    await expect(sql().all("truncate audit_link", [])).rejects.toThrow(/append-only/);
  });

  it(`links a backlog larger than one step (${LINK_BATCH} entries) in several steps, none skipped or linked twice`, async () => {
    const before = await logLength();
    // Committed behind the sequencer's back (no step requested), as after an outage.
    const backlog = LINK_BATCH + 7;
    await insertAuditRows(sql(), auditRowsOf(reader, Array.from({ length: backlog }, (_, index) => read("VN-33", index + 1)), NOW));
    const linked = await sequenceLog(hub.em(), hub.config.auditKey);
    expect(linked.entries).toBe(backlog);
    expect(await verifyAuditChain(hub.em(), hub.config.auditKey)).toEqual({ intact: true, entries: before + backlog });
    const [counts] = await sql().all<{ links: number; entries: number }>("select (select count(*)::int from audit_link) as links, (select count(*)::int from audit_entry) as entries", []);
    expect(counts).toEqual({ links: before + backlog, entries: before + backlog });
    // The step after the cut recorded its snapshot: where linking stands is past the backlog (its
    // transaction committed before that snapshot). Not its xmin: a transaction of another test
    // file, in progress on the same server then, may hold the xmin back.
    const [progress] = await sql().all<{ past: boolean }>("select pg_visible_in_snapshot((select max(txid) from audit_entry), linked_through) as past from audit_chain_progress", []);
    expect(progress!.past).toBe(true);
    // Nothing is left for the next step.
    expect(await sequenceLog(hub.em(), hub.config.auditKey)).toEqual({ events: 0, entries: 0 });
  });

  // Two transactions at once need a server: the embedded database runs one at a time.
  it.skipIf(inject("testDatabase").kind === "embedded")("links an entry whose transaction was open during a step, after entries of later transactions", async () => {
    const before = await logLength();
    const open = new pg.Client({ connectionString: hub.database.url });
    await open.connect();
    try {
      // This transaction takes its id first and inserts its entry, then stays open across a step.
      await open.query("begin");
      await insertAuditRows(executorOfClient(open), auditRowsOf({ ...reader, subject: "open-transaction" }, [read("VN-28", 1)], NOW));
      // A later transaction's entry commits and is linked, with the open one in the step's snapshot.
      await appendAuditEntries(hub.em(), reader, [read("VN-33", 2)], NOW);
      expect(await sequenceLog(hub.em(), hub.config.auditKey)).toEqual({ events: 0, entries: 1 });
      await open.query("commit");
    } finally {
      await open.end();
    }
    // The next step finds it, though its transaction id is below the later one's.
    expect(await sequenceLog(hub.em(), hub.config.auditKey)).toEqual({ events: 0, entries: 1 });
    expect(await verifyAuditChain(hub.em(), hub.config.auditKey)).toEqual({ intact: true, entries: before + 2 });
    const [last] = await sql().all<{ actor_subject: string }>("select actor_subject from audit_log order by sequence desc limit 1", []);
    expect(last!.actor_subject).toBe("open-transaction");
  });

  it("links new entries after a restore from a dump, whose recorded snapshot is ahead of the cluster's transaction ids", async () => {
    const before = await logLength();
    await sql().all("update audit_chain_progress set linked_through = '4000000000:4000000000:'", []);
    await appendAuditEntries(hub.em(), reader, [read("VN-33", 3)], NOW);
    expect(await sequenceLog(hub.em(), hub.config.auditKey)).toEqual({ events: 0, entries: 1 });
    expect(await verifyAuditChain(hub.em(), hub.config.auditKey)).toEqual({ intact: true, entries: before + 1 });
  });

  it("reports a committed entry left out of the chain, which no link would show, and keeps where linking stands", async () => {
    const before = await logLength();
    const [entry] = await appendAuditEntries(hub.em(), reader, [read("VN-29", 4)], NOW);
    // As if a step had seen it and not linked it: its snapshot recorded with the entry visible.
    await sql().all("update audit_chain_progress set linked_through = pg_current_snapshot()", []);
    expect(await verifyAuditChain(hub.em(), hub.config.auditKey)).toEqual({
      intact: false,
      entries: before,
      firstBrokenSequence: before + 1,
      reason: `1 committed entries are in no link (the first has id ${entry!.id})`,
    });
    await expect(sql().all("delete from audit_chain_progress", [])).rejects.toThrow(/append-only/);
    await expect(sql().all("truncate audit_chain_progress", [])).rejects.toThrow(/append-only/);
  });
});

// A database of its own, migrated step by step: the embedded test database starts migrated.
describe.skipIf(inject("testDatabase").kind === "embedded")("the migration that gave links a table", () => {
  const target = inject("testDatabase") as { kind: "server"; serverUrl: string };
  const name = `hub_test_links_${randomBytes(6).toString("hex")}`;
  const key = "k".repeat(64);
  let orm: MikroORM;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: target.serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  beforeAll(async () => {
    await admin(`create database ${name}`);
    const url = new URL(target.serverUrl);
    url.pathname = `/${name}`;
    orm = await MikroORM.init({ ...ormConfig({ clientUrl: url.toString(), poolSize: 2 }), migrations: { migrationsList, silent: true }, extensions: [Migrator] });
  });
  afterAll(async () => {
    await orm?.close(true);
    await admin(`drop database if exists ${name} with (force)`);
  });

  it("keeps the hashes of entries linked before it and links the entry that was waiting", async () => {
    const migrator = orm.getMigrator();
    await migrator.up({ to: "Migration20261205120000_price_references" });
    const sql = executorOf(orm.em.fork());
    // The log as it was: two entries linked in place (sequence, previous hash, HMAC on the row) and one committed, not linked yet.
    const rows = auditRowsOf(reader, [read("VN-28", 3), read("VN-33", 5), read("VN-29", 2)], NOW);
    const ids = await insertAuditRows(sql, rows);
    let previousHash = "0".repeat(64);
    for (const [index, id] of ids.slice(0, 2).entries()) {
      const hash = chainHash(key, { id, ...rows[index]!, previousHash });
      await sql.all("update audit_entry set sequence = ?, previous_hash = ?, hash = ? where id = ?", [index + 1, previousHash, hash, id]);
      previousHash = hash;
    }

    await migrator.up();
    const linked = await sql.all<{ entry_id: number; sequence: number }>("select entry_id, sequence from audit_link order by sequence", []);
    expect(linked).toEqual([
      { entry_id: ids[0], sequence: 1 },
      { entry_id: ids[1], sequence: 2 },
    ]);
    // The first step after it links the waiting entry after them; the old links verify with the same key.
    expect(await verifyAuditChain(orm.em.fork(), key)).toEqual({ intact: true, entries: 3 });
    expect((await sql.all<{ entry_id: number }>("select entry_id from audit_link where sequence = 3", []))[0]!.entry_id).toBe(ids[2]);
  });
});
