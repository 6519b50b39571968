/**
 * PersistedOperations' memory of registered operations (no hub, no database): the manifest and the
 * store's rows at start, one store lookup for an id not in memory (kept once found), revocations
 * forgotten — but never the manifest's, and never kept from a lookup that overlapped one.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "../src/auth/viewer.js";
import { PersistedOperations, sha256, type OperationStore } from "../src/limits/persisted-operations.js";

const DASHBOARD = "query Dashboard { viewer { kind } }";
const THIRD_PARTY = "query Prices { commodities(first: 1) { nodes { code } } }";
const LATER = "query Later { units { code } }";
const anonymous = { kind: "anonymous" } as Viewer;

let directory: string;
let manifest: string;
beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "persisted-"));
  manifest = path.join(directory, "persisted-documents.json");
  await writeFile(manifest, JSON.stringify({ [`sha256:${sha256(DASHBOARD)}`]: DASHBOARD }));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** A store over a map, counting lookups; `gate` holds a lookup until released. */
function store(rows: Map<string, string>): OperationStore & { lookups: number; gate: Promise<void> | null } {
  const counted = {
    lookups: 0,
    gate: null as Promise<void> | null,
    async find(id: string) {
      counted.lookups += 1;
      const text = rows.get(id);
      if (counted.gate) await counted.gate;
      return text;
    },
    all: async () => [...rows.values()],
  };
  return counted;
}

describe("registered operations in memory", () => {
  it("loads the manifest and the store's rows at start: no lookup for them", async () => {
    const rows = new Map([[sha256(THIRD_PARTY), THIRD_PARTY]]);
    const backing = store(rows);
    const persisted = await PersistedOperations.load(manifest, ["anonymous"], backing);
    expect(persisted.size).toBe(2);
    expect(await persisted.resolve({ documentId: sha256(THIRD_PARTY) })).toBe(THIRD_PARTY);
    expect(await persisted.resolve({ documentId: `sha256:${sha256(DASHBOARD)}` })).toBe(DASHBOARD);
    await persisted.check(anonymous, [THIRD_PARTY, DASHBOARD]);
    expect(backing.lookups).toBe(0);
  });

  it("looks an id up once when it was registered after start, and keeps it", async () => {
    const rows = new Map<string, string>();
    const backing = store(rows);
    const persisted = await PersistedOperations.load(manifest, ["anonymous"], backing);
    await expect(persisted.resolve({ documentId: sha256(LATER) })).rejects.toMatchObject({ extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } });
    rows.set(sha256(LATER), LATER);
    expect(await persisted.resolve({ documentId: sha256(LATER) })).toBe(LATER);
    expect(await persisted.resolve({ documentId: sha256(LATER) })).toBe(LATER);
    await persisted.check(anonymous, [LATER]);
    expect(backing.lookups).toBe(2);
    // Not an id at all: no lookup.
    await expect(persisted.resolve({ documentId: "not-a-hash" })).rejects.toMatchObject({ extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } });
    expect(backing.lookups).toBe(2);
  });

  it("refuses a row whose text does not hash to its id", async () => {
    const persisted = await PersistedOperations.load(manifest, ["anonymous"], store(new Map([["a".repeat(64), THIRD_PARTY]])));
    await expect(persisted.resolve({ documentId: "a".repeat(64) })).rejects.toMatchObject({ extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } });
  });

  it("forgets a revoked operation, never the manifest's, and keeps nothing a lookup found while a revocation arrived", async () => {
    const rows = new Map([[sha256(THIRD_PARTY), THIRD_PARTY]]);
    const backing = store(rows);
    const persisted = await PersistedOperations.load(manifest, ["anonymous"], backing);
    rows.delete(sha256(THIRD_PARTY));
    persisted.forget(sha256(THIRD_PARTY));
    persisted.forget(sha256(DASHBOARD));
    await expect(persisted.resolve({ documentId: sha256(THIRD_PARTY) })).rejects.toMatchObject({ extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } });
    await expect(persisted.check(anonymous, [THIRD_PARTY])).rejects.toMatchObject({ extensions: { code: "OPERATION_NOT_REGISTERED" } });
    expect(await persisted.resolve({ documentId: sha256(DASHBOARD) })).toBe(DASHBOARD);

    rows.set(sha256(LATER), LATER);
    let release!: () => void;
    backing.gate = new Promise<void>((resolve) => (release = resolve));
    const overlapping = persisted.resolve({ documentId: sha256(LATER) });
    await Promise.resolve();
    persisted.forget(sha256(LATER));
    release();
    expect(await overlapping).toBe(LATER);
    backing.gate = null;
    const before = backing.lookups;
    rows.delete(sha256(LATER));
    await expect(persisted.resolve({ documentId: sha256(LATER) })).rejects.toMatchObject({ extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } });
    expect(backing.lookups).toBe(before + 1);
  });
});
