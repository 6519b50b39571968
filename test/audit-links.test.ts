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
import { executorOf } from "../src/common/sql-executor.js";
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
    hub = await startTestHub();
  });
  afterAll(async () => {
    await hub?.close();
  });
  const sql = () => executorOf(hub.em().fork());

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
    const [{ count: before }] = await sql().all<{ count: number }>("select count(*)::int as count from audit_log", []);
    // Committed behind the sequencer's back (no step requested), as after an outage.
    const backlog = LINK_BATCH + 7;
    await insertAuditRows(sql(), auditRowsOf(reader, Array.from({ length: backlog }, (_, index) => read("VN-33", index + 1)), NOW));
    const linked = await sequenceLog(hub.em(), hub.config.auditKey);
    expect(linked.entries).toBe(backlog);
    expect(await verifyAuditChain(hub.em(), hub.config.auditKey)).toEqual({ intact: true, entries: before + backlog });
    const [counts] = await sql().all<{ links: number; entries: number; distinct_entries: number }>(
      "select (select count(*)::int from audit_link) as links, (select count(*)::int from audit_entry) as entries, (select count(distinct entry_id)::int from audit_link) as distinct_entries",
      [],
    );
    expect(counts).toEqual({ links: before + backlog, entries: before + backlog, distinct_entries: before + backlog });
    // Nothing is left for the next step.
    expect(await sequenceLog(hub.em(), hub.config.auditKey)).toEqual({ events: 0, entries: 0 });
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
