import { EventEmitter } from "node:events";
import type { SqlExecutor } from "../common/sql-executor.js";
import { Redis } from "ioredis";
import pg from "pg";

/**
 * How instances of the hub tell each other that the outbox has grown. A signal carries no event,
 * only "look again": every instance reads the events themselves from the outbox, in order, so a
 * lost or doubled signal can delay delivery (until the dispatcher's next poll) but never lose,
 * reorder or duplicate an event.
 */
export interface EventSignal {
  readonly name: "in-process" | "redis" | "postgres";
  /**
   * Called in a sequencing step's transaction that stamped events, just before it commits
   * (PostgreSQL's NOTIFY is delivered only if it does): a signal always means "stamped", so a
   * listener reads at once, without a step of its own.
   */
  inSequencingStep(sql: SqlExecutor): Promise<void>;
  /** Called once a write's events are committed and stamped. */
  afterCommit(): Promise<void>;
  /** Calls `listener` whenever any instance (this one included) has committed events. */
  listen(listener: () => void): Promise<void>;
  /** Resolves when the medium (Redis) answers, for readiness; signals without one of their own resolve at once. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The embedded database: one process serves it, so events fan out in-process (its one shared backend session cannot LISTEN for others). */
export class InProcessSignal implements EventSignal {
  readonly name = "in-process";
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async inSequencingStep(): Promise<void> {}

  async afterCommit(): Promise<void> {
    this.emitter.emit("committed");
  }

  async listen(listener: () => void): Promise<void> {
    this.emitter.on("committed", listener);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

const CHANNEL = "hub_events";

/** Several instances with Redis (`REDIS_URL`): a publish after commit, one subscriber connection per instance. */
export class RedisSignal implements EventSignal {
  readonly name = "redis";
  private readonly publisher: Redis;
  private subscriber: Redis | null = null;

  constructor(private readonly url: string) {
    this.publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  }

  async inSequencingStep(): Promise<void> {}

  async afterCommit(): Promise<void> {
    // The events are committed whatever happens here; a failed publish only delays others until their next poll.
    await this.publisher.publish(CHANNEL, "committed").catch(() => undefined);
  }

  async listen(listener: () => void): Promise<void> {
    this.subscriber = new Redis(this.url, { lazyConnect: true });
    // ioredis reconnects (and subscribes again) by itself; an error is reported, never thrown at the process.
    this.subscriber.on("error", () => undefined);
    this.publisher.on("error", () => undefined);
    // After a reconnection, events may have committed unheard: read at once.
    this.subscriber.on("ready", () => listener());
    await this.subscriber.connect();
    await this.publisher.connect();
    this.subscriber.on("message", () => listener());
    await this.subscriber.subscribe(CHANNEL);
  }

  async ping(): Promise<void> {
    await this.publisher.ping();
  }

  async close(): Promise<void> {
    this.publisher.disconnect();
    this.subscriber?.disconnect();
  }
}

/** Several instances on a PostgreSQL server without Redis: NOTIFY in the sequencing step that stamped the events, LISTEN on a connection of its own. */
export class PostgresSignal implements EventSignal {
  readonly name = "postgres";
  private client: pg.Client | null = null;
  private listener: (() => void) | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(private readonly url: string) {}

  async inSequencingStep(sql: SqlExecutor): Promise<void> {
    await sql.all("select pg_notify(?, ?)", [CHANNEL, "stamped"]);
  }

  async afterCommit(): Promise<void> {}

  async listen(listener: () => void): Promise<void> {
    this.listener = listener;
    await this.connect();
  }

  /**
   * The LISTEN connection can drop (a database restart, a failover, an idle-connection killer):
   * it is opened again with a growing delay, and on reconnecting the dispatcher reads at once, in
   * case events committed while no one listened.
   */
  private async connect(attempt = 0): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    const reconnect = () => {
      if (this.closed || this.client !== client) return;
      this.client = null;
      void client.end().catch(() => undefined);
      this.retry = setTimeout(() => void this.connect(attempt + 1).catch(() => undefined), Math.min(30_000, 250 * 2 ** attempt));
      this.retry.unref();
    };
    client.on("error", reconnect);
    client.on("end", reconnect);
    client.on("notification", () => this.listener?.());
    this.client = client;
    try {
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
      if (attempt > 0) this.listener?.();
    } catch (error) {
      if (attempt === 0) {
        this.client = null;
        throw error;
      }
      reconnect();
    }
  }

  /** The LISTEN connection's database is the one readiness already checks. */
  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}

/**
 * How an instance hears of other instances' commits: Redis when configured; else LISTEN/NOTIFY on
 * a PostgreSQL server; on the embedded database, in-process (its single shared backend session
 * cannot LISTEN for other connections, and only one hub process serves it).
 */
export function signalFor(config: { redisUrl: string | null }, database: { kind: "server" | "embedded"; url: string }): EventSignal {
  if (config.redisUrl) return new RedisSignal(config.redisUrl);
  if (database.kind === "server") return new PostgresSignal(database.url);
  return new InProcessSignal();
}
