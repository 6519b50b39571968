/**
 * Commit-to-subscriber latency: a hub process (the compiled entry point, on a fresh database on
 * the PostgreSQL server) with N graphql-ws subscribers (default 1,000) connected from this process,
 * all following new coffee prices. Prices are reported one at a time; each is timed from its
 * commit (`committedAt`, stamped by the hub when the write runs, so the commit itself is counted)
 * to its arrival at each subscriber. Also the hub's memory per subscriber. Run alone with
 * `node dist/bench/subscribers.js [subscribers] [events]`.
 */
import "reflect-metadata";
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { createClient, type Client } from "graphql-ws";
import pg from "pg";
import WebSocket from "ws";
import { signDevelopmentToken } from "../src/auth/identity.js";
import { parseConfig } from "../src/config.js";
import { openDatabase } from "../src/db/database.js";
import { seedDemoIfEmpty } from "../seeds/demo.js";
import { startMain } from "../test/support/processes.js";

const SERVER = process.env.BENCH_SERVER_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface FanOutRun {
  subscribers: number;
  events: number;
  deliveries: number;
  p50: number;
  p99: number;
  max: number;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  bytesPerSubscriber: number;
}

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function benchFanOut(subscriberCount: number, eventCount: number, log: (message: string) => void = console.log): Promise<FanOutRun> {
  const name = "hub_bench_events";
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const clients: Client[] = [];
  try {
    const database = await openDatabase({ kind: "server", url: databaseUrl }, 2);
    await seedDemoIfEmpty(database.orm.em.fork(), new Date().toISOString().slice(0, 10));
    await database.close();
    const hub = await startMain({ DATABASE_URL: databaseUrl, PORT: "0", LOG_LEVEL: "info", SEED_DEMO: "false", DATABASE_POOL_SIZE: "20" });
    const pid = hub.pid;
    try {
      const config = parseConfig({});
      const editor = await signDevelopmentToken(config.auth, { subject: "bench-editor", roles: ["agency_editor"], province: "VN-SG", agency: "VN-SG-SCT", ttlSeconds: 3_600 });
      const ask = async <T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> => {
        const response = await fetch(hub.url, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
        const body = (await response.json()) as { data?: T; errors?: unknown[] };
        if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
        return body.data!;
      };
      const rssBefore = pid ? await rssOf(pid) : 0;
      const after = (await ask<{ latestEventPosition: string }>("{ latestEventPosition }")).latestEventPosition;

      // Each subscriber records when each event arrives; a waiter per event resolves once all have it.
      const arrivals = new Map<string, number[]>();
      const waiters = new Map<string, () => void>();
      const record = (price: string, at: number, committedAt: number) => {
        const list = arrivals.get(price) ?? [];
        list.push(at - committedAt);
        arrivals.set(price, list);
        if (list.length === subscriberCount) waiters.get(price)?.();
      };
      log(`Fan-out: connecting ${subscriberCount.toLocaleString("en-US")} subscribers…`);
      for (let i = 0; i < subscriberCount; i += 1) {
        const client = createClient({ url: hub.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
        clients.push(client);
        client.subscribe<{ priceObservationAdded: { committedAt: string; priceObservation: { priceVnd: string } } }>(
          { query: `subscription S($after: String) { priceObservationAdded(after: $after, commodityCodes: ["COFFEE_ROBUSTA"]) { committedAt priceObservation { priceVnd market { code } } } }`, variables: { after } },
          {
            next: (value) => {
              const event = value.data?.priceObservationAdded;
              if (event?.priceObservation) record(event.priceObservation.priceVnd, Date.now(), Date.parse(event.committedAt));
            },
            error: (error) => log(`subscriber ${i} failed: ${JSON.stringify(error)}`),
            complete: () => undefined,
          },
        );
      }
      let day = 0;
      const report = async (price: string) => {
        day += 1;
        const observedOn = new Date(Date.UTC(2001, 0, day)).toISOString().slice(0, 10);
        const everyone = new Promise<void>((resolve) => waiters.set(price, resolve));
        await ask(
          `mutation R($input: RecordPriceObservationsInput!) { recordPriceObservations(input: $input) { replayed } }`,
          { input: { observations: [{ commodityCode: "COFFEE_ROBUSTA", marketCode: "HCM-BINH-DIEN", observedOn, priceType: "WHOLESALE", priceVnd: price }] } },
          editor,
        );
        await everyone;
      };
      // A first event reaches every subscriber (replayed or live): from then on all are live.
      await report("100000");
      const rssAfter = pid ? await rssOf(pid) : 0;
      arrivals.clear();
      log(`Fan-out: ${eventCount} events to each of ${subscriberCount.toLocaleString("en-US")} subscribers…`);
      for (let i = 1; i <= eventCount; i += 1) await report(String(100_000 + i));
      const latencies = [...arrivals.values()].flat().sort((a, b) => a - b);
      return {
        subscribers: subscriberCount,
        events: eventCount,
        deliveries: latencies.length,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: latencies.at(-1) ?? 0,
        rssBeforeMiB: rssBefore / 1024 ** 2,
        rssAfterMiB: rssAfter / 1024 ** 2,
        bytesPerSubscriber: (rssAfter - rssBefore) / subscriberCount,
      };
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
      await hub.stop();
    }
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const run = await benchFanOut(Number(process.argv[2] ?? 1_000), Number(process.argv[3] ?? 30));
  console.log(run);
}
