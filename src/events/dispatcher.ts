import type { EntityManager } from "@mikro-orm/postgresql";
import { GraphQLError } from "graphql";
import { ErrorCode } from "../common/errors.js";
import type { HubConfig } from "../config.js";
import { eventsAfter, lastPosition, prunedThrough } from "./event-log.js";
import type { EventSignal } from "./event-signal.js";
import { LogSequencer } from "./log-sequencer.js";
import type { AuditRow } from "../audit/audit.service.js";
import { ReadEntryBatcher } from "../audit/read-entry-batcher.js";
import type { UnlinkedAuditEntry } from "../audit/audit-entry.model.js";
import { EventTopic, type SequencedEvent } from "./hub-event.entity.js";

/** Replay pages kept after they were read (`EventDispatcher.replayPage`): at most this many batches of events. */
const REPLAY_PAGES_KEPT = 16;

/** What a subscription stream yields: a committed event, or the news that events were missed. */
export type StreamItem = { event: SequencedEvent } | { gap: { missedAfter: string; resumedAfter: string } };

export interface DispatcherOptions {
  /** The audit log's HMAC key: this instance's sequencing steps link audit entries too. */
  auditKey: string;
  /** Told when a sequencing step fails (the next signal or poll runs another). */
  onSequencingError?: (error: unknown) => void;
  /** How often the outbox is read without a signal, in case one was lost (ms). Default 1000. */
  pollMilliseconds?: number;
  /** Events read at a time. Default 500. */
  batchSize?: number;
  /** Live events a subscriber may have waiting before it is told to resume (it fell behind). Default 10,000. */
  maxQueued?: number;
  /** Told of every event delivered to `count` subscribers, with its commit time (metrics of delivery lag). */
  onDelivered?: (topic: EventTopic, committedAt: Date, count: number) => void;
  /** The hub's configuration: audited reads' entries are inserted as reads run (`readSql`: prepared on a server). */
  config?: HubConfig;
}

interface Subscriber {
  topic: EventTopic;
  accepts: (event: SequencedEvent) => boolean;
  push: (event: SequencedEvent) => void;
}

/**
 * Live subscriptions delivered together (src/pipeline/subscription-fan-out.ts): they want the same
 * events and read them alike, so the dispatcher asks `accepts` and hands over each event once for
 * all of them, in position order. Its members still count as subscriptions until each leaves
 * (`groupMemberLeft`).
 */
export interface SubscriberGroup {
  readonly topic: EventTopic;
  accepts(event: SequencedEvent): boolean;
  push(event: SequencedEvent): void;
}

/** One subscription's events (`EventDispatcher.stream`), which a group may take over once it has caught up (`handOff`). */
export type SubscriberStream = AsyncIterableIterator<StreamItem> & { handOff(): bigint | null };

/** What a subscriber that fell behind is told: it resumes with `after`, missing nothing. */
export function resumeRequired(why = "The subscriber fell too far behind"): GraphQLError {
  return new GraphQLError(`${why}; subscribe again with \`after\` set to the last position received`, { extensions: { code: ErrorCode.RESUME_REQUIRED } });
}

/** Live events waiting for one subscriber; `fail` ends it with an error, `close` ends it quietly. */
class EventQueue {
  private readonly items: SequencedEvent[] = [];
  private waiting: ((value: void) => void) | null = null;
  private failure: Error | null = null;
  private closed = false;

  constructor(private readonly limit: number) {}

  push(event: SequencedEvent): void {
    if (this.failure || this.closed) return;
    if (this.items.length >= this.limit) {
      this.fail(resumeRequired());
      return;
    }
    this.items.push(event);
    this.wake();
  }

  fail(error: Error): void {
    this.failure = error;
    this.wake();
  }

  close(): void {
    this.closed = true;
    this.items.length = 0;
    this.wake();
  }

  /** Nothing waiting, not ended: whoever reads it has had every event pushed so far. */
  get idle(): boolean {
    return this.items.length === 0 && !this.failure && !this.closed;
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.();
  }

  /** The next live event, or null once closed. */
  async next(): Promise<SequencedEvent | null> {
    for (;;) {
      if (this.closed) return null;
      if (this.failure) throw this.failure;
      const item = this.items.shift();
      if (item) return item;
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }
}

/**
 * One subscription's events: a replay from `after` (if given) up to where the dispatcher stood
 * when it registered, then live events. Written as an iterator, not a generator, so that
 * `return()` (the client unsubscribed) takes effect at once, even while it waits for an event.
 */
class EventStream implements AsyncIterableIterator<StreamItem> {
  private readonly queue: EventQueue;
  private readonly registeredAt: bigint;
  private cursor: bigint | null;
  private replay: SequencedEvent[] = [];
  private done = false;
  /** Live events at or below this were delivered before the client resumed. */
  private readonly floor: bigint;

  constructor(
    private readonly dispatcher: {
      readEm: () => EntityManager;
      /** Runs `read`, or joins the same read already running (see `EventDispatcher.readTogether`). */
      readTogether: <T>(key: string, read: () => Promise<T>) => Promise<T>;
      /** The committed events of `topic` after `cursor` up to `through`, one batch (see `EventDispatcher.replayPage`). */
      replayPage: (topic: EventTopic, cursor: bigint, through: bigint) => Promise<readonly SequencedEvent[]>;
      batchSize: number;
      /** Where the dispatcher has read to: every event above it is still to be handed out. */
      position: () => bigint;
      /** `handedOff`: the subscription goes on in a group, still counted. */
      unregister: (subscriber: Subscriber, handedOff?: boolean) => void;
    },
    private readonly subscriber: Subscriber,
    queue: EventQueue,
    registeredAt: bigint,
    after: bigint | null,
  ) {
    this.queue = queue;
    this.registeredAt = registeredAt;
    this.cursor = after;
    this.floor = after ?? 0n;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<StreamItem>> {
    if (this.done) return { done: true, value: undefined };
    if (this.cursor !== null) {
      for (;;) {
        const event = this.replay.shift();
        if (event) {
          this.cursor = BigInt(event.position);
          if (this.subscriber.accepts(event)) return { done: false, value: { event } };
          continue;
        }
        // Caught up with the registration: what lies above it comes live (retention no longer matters).
        if (this.cursor >= this.registeredAt) break;
        // Retention may prune while a long replay runs: whatever it took from ahead of the cursor is a gap.
        const horizon = await this.dispatcher.readTogether("horizon", () => prunedThrough(this.dispatcher.readEm()));
        if (this.cursor < horizon) {
          const gap = { missedAfter: this.cursor.toString(), resumedAfter: horizon.toString() };
          this.cursor = horizon;
          return { done: false, value: { gap } };
        }
        // (A copy: each stream shifts its own.)
        this.replay = [...(await this.dispatcher.replayPage(this.subscriber.topic, this.cursor, this.registeredAt))];
        if (this.replay.length === 0) break;
      }
      this.cursor = null;
    }
    for (;;) {
      const event = await this.queue.next();
      if (!event || this.done) return this.finish();
      // A client may resume from a position this instance has not read yet (it saw it on another):
      // live events up to that position were delivered already.
      if (BigInt(event.position) <= this.floor) continue;
      return { done: false, value: { event } };
    }
  }

  async return(): Promise<IteratorResult<StreamItem>> {
    return this.finish();
  }

  async throw(error: unknown): Promise<IteratorResult<StreamItem>> {
    this.finish();
    throw error;
  }

  /**
   * Ends this stream as the subscription's own once it has caught up — the replay done, no live
   * event waiting — so that a group delivers its events from then on (`SubscriberGroup`). Answers
   * the position up to which it has had its events (none above it was handed out yet; its resume
   * floor included), or null when it has not caught up: keep reading it. Synchronous, so no event
   * can fall between the stream and the group.
   */
  handOff(): bigint | null {
    if (this.done || this.replay.length > 0 || !this.queue.idle) return null;
    // A replay that has delivered up to the registration has nothing left to read (`next` would
    // find so and go live): caught up already. Without this, a resumed subscription took its first
    // live event on its own path, and a whole reconnected audience did at once (fan-out's slowest event).
    if (this.cursor !== null && this.cursor < this.registeredAt) return null;
    this.done = true;
    this.queue.close();
    this.dispatcher.unregister(this.subscriber, true);
    const position = this.dispatcher.position();
    return position > this.floor ? position : this.floor;
  }

  private finish(): IteratorResult<StreamItem> {
    if (!this.done) {
      this.done = true;
      this.queue.close();
      this.dispatcher.unregister(this.subscriber);
    }
    return { done: true, value: undefined };
  }
}

/**
 * One per hub instance: follows the outbox in position order and hands each event to the local
 * subscriptions that want it. It reads the outbox once for all its subscribers, woken by the
 * signal (any instance's commits) and, as a safety net, every `pollMilliseconds`.
 *
 * A subscription that resumes (`after: N`) first replays N+1… from the outbox up to the position
 * the dispatcher had reached when the subscription registered, then takes live events, which all
 * lie above that position: every event exactly once, in order, across reconnections and restarts.
 */
export class EventDispatcher {
  private position = 0n;
  private readonly subscribers = new Set<Subscriber>();
  private readonly groups = new Set<SubscriberGroup>();
  /** Subscriptions served: those reading their own stream and the members of groups. */
  private subscriptions = 0;
  /** The instance's own followers of a topic (not subscriptions: not counted, never behind). */
  private readonly listeners = new Set<{ topic: EventTopic; listener: (event: SequencedEvent) => void }>();
  private readonly sharedLoaders = new Map<string, Map<string, unknown>>();
  private readonly readsInFlight = new Map<string, Promise<unknown>>();
  private readonly replayPages = new Map<string, Promise<readonly SequencedEvent[]>>();
  private readonly countWatchers = new Set<{ condition: (count: number, readingAlone: number) => boolean; resolve: () => void }>();
  private reading: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private started = false;
  /** Increases whenever an event may change what callers may read (agreements, mergers), so subscriptions reload their access. */
  private accessEpoch = 0;
  private readonly pollMilliseconds: number;
  private readonly batchSize: number;
  private readonly maxQueued: number;
  private readonly onDelivered: DispatcherOptions["onDelivered"];
  private readonly sequencer: LogSequencer;
  private readonly readEntries: ReadEntryBatcher;

  constructor(
    private readonly em: EntityManager,
    private readonly signal: EventSignal,
    options: DispatcherOptions,
  ) {
    this.sequencer = new LogSequencer(em, options.auditKey, { onError: options.onSequencingError, onStamped: (sql) => signal.inSequencingStep(sql) });
    this.readEntries = new ReadEntryBatcher({ em, config: options.config });
    this.pollMilliseconds = options.pollMilliseconds ?? 1_000;
    this.batchSize = options.batchSize ?? 500;
    this.maxQueued = options.maxQueued ?? 10_000;
    this.onDelivered = options.onDelivered;
  }

  get signalName(): EventSignal["name"] {
    return this.signal.name;
  }

  /** An EntityManager of its own for a context that outlives the subscription it came from (a group's: src/events/subscription.ts). */
  forkEm(): EntityManager {
    return this.em.fork({ useContext: false });
  }

  /** Resolves when the signal's medium (Redis, when configured) answers: part of readiness. */
  pingSignal(): Promise<void> {
    return this.signal.ping();
  }

  /** Called by subscriptions for each event delivered to a subscriber, or to `count` of them together (metrics). */
  delivered(topic: EventTopic, committedAt: Date, count = 1): void {
    if (count > 0) this.onDelivered?.(topic, committedAt, count);
  }

  /**
   * Once a writing transaction has committed: a sequencing step links its audit entry and stamps
   * its events before the write answers; if it `announced` events, the other instances are told
   * and this one reads at once. Runs in commands too (an import), which deliver nothing.
   */
  async afterCommit(announced: boolean): Promise<void> {
    await this.sequencer.run(true);
    if (!announced) return;
    await this.signal.afterCommit();
    void this.wake();
  }

  /**
   * Writes an audited read's entries (with other requests' waiting, in one insert) and asks for a
   * sequencing step to link them soon, which it does not wait for. Resolves once they are written.
   */
  async recordReadEntries(rows: AuditRow[]): Promise<UnlinkedAuditEntry[]> {
    const ids = await this.readEntries.insert(rows);
    this.sequencer.runSoon();
    return rows.map((row, index) => ({ id: ids[index]!, ...row }));
  }

  /** Resolves once what had committed before the call is sequenced (the audit log as of now). */
  sequenceNow(): Promise<void> {
    return this.sequencer.run();
  }

  /** The access epoch: a subscription whose epoch differs reloads its caller's access before the next event. */
  get epoch(): number {
    return this.accessEpoch;
  }

  async start(): Promise<void> {
    this.position = await lastPosition(this.em.fork());
    this.started = true;
    // A signal follows a sequencing step (see EventSignal): what it announces is stamped already.
    await this.signal.listen(() => void this.wake());
    // The poll is the safety net: it also stamps what a writer that stopped between its commit and
    // its step (or whose step failed) left waiting, then reads.
    this.timer = setInterval(() => void this.sequencer.run().then(() => this.wake()), this.pollMilliseconds);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.reading;
    await this.sequencer.close();
    await this.signal.close();
  }

  /** Reads whatever has been stamped since the last read; a wake-up during a read causes another read. */
  wake(): Promise<void> {
    // Not started: a command that writes (an import) only announces, it delivers nothing.
    if (this.closed || !this.started) return Promise.resolve();
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = this.readAll().finally(() => (this.reading = null));
    return this.reading;
  }

  private async readAll(): Promise<void> {
    for (;;) {
      this.again = false;
      const events = await eventsAfter(this.em.fork(), this.position, { limit: this.batchSize }).catch(() => []);
      for (const event of events) {
        this.position = BigInt(event.position);
        if (event.topic === EventTopic.AGREEMENTS || event.topic === EventTopic.UNITS) this.accessEpoch += 1;
        for (const subscriber of this.subscribers) if (subscriber.topic === event.topic && subscriber.accepts(event)) subscriber.push(event);
        for (const group of this.groups) if (group.topic === event.topic && group.accepts(event)) group.push(event);
        for (const entry of this.listeners) if (entry.topic === event.topic) entry.listener(event);
      }
      if (!this.again && events.length < this.batchSize) return;
    }
  }

  /**
   * Calls `listener` with every event of `topic` this instance reads from now on (e.g. a revoked
   * registered operation, which every instance forgets). Answers the function that stops it.
   */
  on(topic: EventTopic, listener: (event: SequencedEvent) => void): () => void {
    const entry = { topic, listener };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  /**
   * The events of `topic` that `accepts` wants: first those after `after` (a resume), then live.
   * A resume from before the retention horizon starts with a gap item.
   */
  stream(topic: EventTopic, after: bigint | null, accepts: (event: SequencedEvent) => boolean): SubscriberStream {
    const queue = new EventQueue(this.maxQueued);
    const subscriber: Subscriber = { topic, accepts, push: (event) => queue.push(event) };
    // Registered synchronously with the position read: every event handed out from now on lies above it.
    const registeredAt = this.position;
    this.subscribers.add(subscriber);
    this.counted(1);
    return new EventStream(
      {
        readEm: () => this.em.fork(),
        readTogether: (key, read) => this.readTogether(key, read),
        replayPage: (topic, cursor, through) => this.replayPage(topic, cursor, through),
        batchSize: this.batchSize,
        position: () => this.position,
        unregister: (registered, handedOff = false) => {
          if (!this.subscribers.delete(registered)) return;
          if (handedOff) this.countChanged();
          else this.counted(-1);
        },
      },
      subscriber,
      queue,
      registeredAt,
      after,
    );
  }

  /**
   * Subscriptions resuming together (every client of an instance that restarted, reconnecting
   * with the same `after`) ask for the same rows of the outbox: one read serves all those asking
   * while it runs, instead of thousands of identical queries queueing for the pool.
   */
  readTogether<T>(key: string, read: () => Promise<T>): Promise<T> {
    const running = this.readsInFlight.get(key) as Promise<T> | undefined;
    if (running) return running;
    const started = read().finally(() => this.readsInFlight.delete(key));
    this.readsInFlight.set(key, started);
    return started;
  }

  /**
   * One batch of a replay: the events of `topic` after `cursor` up to `through`, which this
   * dispatcher has read already (a registration's position), so they are committed and stamped and
   * the page never changes — retention only removes events, and a replay checks the horizon before
   * each page. Pages read lately are kept (a few): subscribers that reconnect or resume together
   * arrive over seconds, not all within one read, and each would read and map the same rows.
   */
  replayPage(topic: EventTopic, cursor: bigint, through: bigint): Promise<readonly SequencedEvent[]> {
    const key = `${topic}:${cursor}:${through}`;
    const kept = this.replayPages.get(key);
    if (kept) return kept;
    // Kept from the start: whoever asks while it is read joins the same read.
    const page = eventsAfter(this.em.fork(), cursor, { topic, through, limit: this.batchSize });
    this.replayPages.set(key, page);
    if (this.replayPages.size > REPLAY_PAGES_KEPT) this.replayPages.delete(this.replayPages.keys().next().value!);
    // A failed read is not kept: the next subscriber reads again.
    page.catch(() => this.replayPages.get(key) === page && this.replayPages.delete(key));
    return page;
  }

  /** Loaders shared by the subscribers of one event (rows every viewer sees alike); the last few events' are kept. */
  sharedLoadersFor(position: string): Map<string, unknown> {
    let loaders = this.sharedLoaders.get(position);
    if (!loaders) {
      loaders = new Map();
      this.sharedLoaders.set(position, loaders);
      // Subscribers take an event at about the same time: a short memory is enough, and bounded.
      for (const old of this.sharedLoaders.keys()) {
        if (this.sharedLoaders.size <= 64) break;
        this.sharedLoaders.delete(old);
      }
    }
    return loaders;
  }

  /** Hands each event `group` accepts to it from now on, until `removeGroup`. */
  addGroup(group: SubscriberGroup): void {
    this.groups.add(group);
  }

  removeGroup(group: SubscriberGroup): void {
    this.groups.delete(group);
  }

  /** A member of a group ended (a subscription handed off to a group is still counted until then). */
  groupMemberLeft(): void {
    this.counted(-1);
  }

  private counted(change: 1 | -1): void {
    this.subscriptions += change;
    this.countChanged();
  }

  /** How many subscriptions this instance serves (metrics, tests). */
  get subscriptionCount(): number {
    return this.subscriptions;
  }

  /**
   * Resolves once the number of subscriptions (`count`), and of those still read one by one rather
   * than delivered with a group (`readingAlone`: replaying, or not handed off yet), satisfy
   * `condition`, checked as they change: for tests, which wait on events, not time.
   */
  whenSubscriptions(condition: (count: number, readingAlone: number) => boolean): Promise<void> {
    if (condition(this.subscriptions, this.subscribers.size)) return Promise.resolve();
    return new Promise((resolve) => this.countWatchers.add({ condition, resolve }));
  }

  private countChanged(): void {
    if (this.countWatchers.size === 0) return;
    for (const watcher of this.countWatchers) {
      if (watcher.condition(this.subscriptions, this.subscribers.size)) {
        this.countWatchers.delete(watcher);
        watcher.resolve();
      }
    }
  }
}
