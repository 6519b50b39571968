/**
 * The hub as the soak (bench/soak.ts) runs it: the compiled entry point in a process of its own,
 * observed from outside the way an operator would — its log lines, `/metrics`, and /proc — plus one
 * thing an operator would not do: a full garbage collection on demand, through the inspector.
 *
 * Why not test/support/processes.ts's `startMain`: it keeps every line the hub writes in memory.
 * At LOG_LEVEL=info the hub writes one line per operation, so over a ten-minute soak at tens of
 * requests per second that would grow this process by tens of MiB for nothing. Here each line is
 * read, classified by its pino level and dropped; only counts and the first few errors are kept.
 * (LOG_LEVEL=error would not do either: the "ready at" line, which gives the port, is at info.)
 *
 * Why the inspector: heap used sampled at a random moment swings by tens of MiB with the garbage
 * collector's cycle, which would drown the slope the soak judges. Collecting garbage just before
 * each sample leaves the heap the hub actually retains, so a leak shows as a trend and noise does
 * not. The inspector listens on 127.0.0.1 on a free port, for this process only.
 */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import WebSocket from "ws";
import { mainArguments, ROOT } from "../test/support/processes.js";

/** pino's numeric levels. */
const PINO_WARN = 40;
const PINO_ERROR = 50;

/** The inspector's own chatter on standard error: expected, not a problem of the hub. */
const INSPECTOR_LINES = [/^Debugger listening on /, /^For help, see: /, /^Debugger attached\./, /^Debugger ending on /, /^Waiting for the debugger to disconnect/];

/** USER_HZ, the unit of /proc/<pid>/stat's times: 100 on every Linux architecture Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;

/** How many problem lines are kept verbatim for the report (the rest are only counted). */
const KEPT_LINES = 10;
const KEPT_LINE_CHARACTERS = 2_000;

export interface HubLog {
  /** Lines on standard output (one per operation at info, plus start-up and shutdown). */
  lines: number;
  /** Lines at pino level warn (40). */
  warnings: number;
  /** Lines at pino level error (50) or fatal (60): the hub's own account of what went wrong. */
  errors: number;
  /** Standard output lines that are not JSON: the hub logs nothing but pino lines, so these are a finding. */
  unparsed: number;
  /** Standard error lines other than the inspector's: a crash, a warning from Node. */
  stderr: number;
  /** The first few error, unparsed and standard error lines, verbatim (truncated). */
  examples: string[];
}

/** One Prometheus sample: `name{labels} value`. */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export class MetricsSnapshot {
  constructor(readonly samples: MetricSample[]) {}

  /** The sum of every sample of `name` whose labels pass `where` (all of them without it); 0 if none. */
  sum(name: string, where: (labels: Record<string, string>) => boolean = () => true): number {
    return this.samples.filter((sample) => sample.name === name && where(sample.labels)).reduce((total, sample) => total + sample.value, 0);
  }
}

/** Parses Prometheus's text exposition format (the part prom-client writes: no timestamps). */
export function parseMetrics(text: string): MetricsSnapshot {
  const samples: MetricSample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const label of (match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[label[1]!] = label[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return new MetricsSnapshot(samples);
}

export interface HubExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the hub did not exit within the grace period after SIGTERM and was killed. */
  killed: boolean;
  milliseconds: number;
}

export interface SoakHub {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:40123/graphql (ws:// for subscriptions). */
  url: string;
  pid: number;
  log: HubLog;
  /** Null while the hub runs; its exit once it has exited (on its own or by `stop`). */
  exited: () => { code: number | null; signal: NodeJS.Signals | null } | null;
  /** Resolves when the hub exits, for whatever reason. */
  whenExited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** A full, compacting garbage collection in the hub (the inspector's HeapProfiler.collectGarbage). */
  collectGarbage: () => Promise<void>;
  /** VmRSS from /proc/<pid>/status, in bytes. */
  residentBytes: () => Promise<number>;
  /** CPU time the hub has used (user + system, /proc/<pid>/stat), in seconds. */
  cpuSeconds: () => Promise<number>;
  /** GET /metrics. */
  metrics: () => Promise<MetricsSnapshot>;
  /** Closes the inspector session, sends SIGTERM and waits for the exit (SIGKILL after `graceMilliseconds`). */
  stop: (graceMilliseconds: number) => Promise<HubExit>;
}

/** A minimal Chrome DevTools Protocol client over the inspector's WebSocket: commands and their answers. */
class InspectorSession {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
      const waiter = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id!);
      if (message.error) waiter.reject(new Error(`inspector: ${message.error.message}`));
      else waiter.resolve(message.result);
    });
    socket.on("close", () => {
      for (const waiter of this.pending.values()) waiter.reject(new Error("inspector: the session closed"));
      this.pending.clear();
    });
  }

  static open(url: string): Promise<InspectorSession> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once("open", () => resolve(new InspectorSession(socket)));
      socket.once("error", reject);
    });
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = (this.nextId += 1);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Closes the session and waits for it: a hub exiting with a debugger attached would wait for it to leave. */
  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once("close", () => resolve());
      this.socket.close();
    });
  }
}

/**
 * Spawns `node <HUB_NODE_FLAGS> --inspect=127.0.0.1:0 dist/bundle/main.js` with `env` (and PATH and HOME only), waits
 * for its "ready at" line and the inspector, and attaches to it.
 */
export async function startSoakHub(env: Record<string, string>, readyTimeoutMilliseconds = 120_000): Promise<SoakHub> {
  const child = spawn(process.execPath, mainArguments(["--inspect=127.0.0.1:0"]), {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: Ctrl-C reaches the soak only, which then stops the hub with SIGTERM
    // (a SIGINT to both would make the soak's SIGTERM the hub's second signal: exit 1 at once).
    detached: true,
  });
  // Whatever happens to the soak, the hub does not outlive it.
  const killOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  process.once("exit", killOnExit);

  const log: HubLog = { lines: 0, warnings: 0, errors: 0, unparsed: 0, stderr: 0, examples: [] };
  const keep = (line: string) => {
    if (log.examples.length < KEPT_LINES) log.examples.push(line.slice(0, KEPT_LINE_CHARACTERS));
  };
  // Everything written before "ready", for the message should the hub not get there.
  let startup = "";
  const seen: { url: string | null; inspector: string | null } = { url: null, inspector: null };
  let onProgress = () => undefined as void;

  createInterface({ input: child.stdout!, crlfDelay: Infinity }).on("line", (line) => {
    log.lines += 1;
    if (seen.url === null) {
      startup += `${line}\n`;
      const ready = /ready at (http:\/\/\S+\/graphql)/.exec(line);
      if (ready) {
        seen.url = ready[1]!;
        onProgress();
      }
    }
    // Most lines are info (30): skip parsing them.
    if (line.startsWith('{"level":30,')) return;
    let level: unknown;
    try {
      level = (JSON.parse(line) as { level?: unknown }).level;
    } catch {
      log.unparsed += 1;
      keep(`stdout: ${line}`);
      return;
    }
    if (typeof level !== "number") {
      log.unparsed += 1;
      keep(`stdout: ${line}`);
    } else if (level >= PINO_ERROR) {
      log.errors += 1;
      keep(line);
    } else if (level >= PINO_WARN) {
      log.warnings += 1;
    }
  });
  createInterface({ input: child.stderr!, crlfDelay: Infinity }).on("line", (line) => {
    if (seen.url === null) startup += `${line}\n`;
    const inspector = /^Debugger listening on (ws:\/\/\S+)/.exec(line);
    if (inspector) {
      seen.inspector = inspector[1]!;
      onProgress();
    }
    if (INSPECTOR_LINES.some((pattern) => pattern.test(line))) return;
    log.stderr += 1;
    keep(`stderr: ${line}`);
  });

  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exitedPromise = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      process.removeListener("exit", killOnExit);
      resolve(exit);
    }),
  );

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      killOnExit();
      reject(new Error(`the hub was not ready within ${readyTimeoutMilliseconds / 1000} s:\n${startup}`));
    }, readyTimeoutMilliseconds);
    onProgress = () => {
      if (seen.url !== null && seen.inspector !== null) {
        clearTimeout(timer);
        resolve();
      }
    };
    void exitedPromise.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the hub exited (code ${code}, signal ${signal}) before it was ready:\n${startup}`));
    });
  });
  const inspector = await InspectorSession.open(seen.inspector!);
  const pid = child.pid!;
  const endpoint = seen.url!;
  const metricsUrl = new URL("/metrics", endpoint).toString();

  return {
    url: endpoint,
    pid,
    log,
    exited: () => exit,
    whenExited: exitedPromise,
    collectGarbage: async () => {
      await inspector.send("HeapProfiler.collectGarbage");
    },
    residentBytes: async () => {
      const status = await readFile(`/proc/${pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) * 1024;
    },
    cpuSeconds: async () => {
      // Fields 14 and 15 (utime, stime), counted after the command's closing parenthesis, which may contain spaces.
      const stat = await readFile(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
    },
    metrics: async () => {
      const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
      return parseMetrics(await response.text());
    },
    stop: async (graceMilliseconds) => {
      const began = performance.now();
      await inspector.close();
      if (exit) return { ...exit, killed: false, milliseconds: 0 };
      child.kill("SIGTERM");
      let killed = false;
      const killer = setTimeout(() => {
        killed = true;
        child.kill("SIGKILL");
      }, graceMilliseconds);
      const { code, signal } = await exitedPromise;
      clearTimeout(killer);
      return { code, signal, killed, milliseconds: performance.now() - began };
    },
  };
}
