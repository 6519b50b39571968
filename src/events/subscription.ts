import type { EntityManager } from "@mikro-orm/postgresql";
import type { GraphQLError } from "graphql";
import { Ctx, Field, ObjectType, Query, Resolver } from "type-graphql";
import { hasStanding, loadAccess, NO_ACCESS } from "../auth/access.js";
import { Policy } from "../auth/policy.js";
import { vietnamDate } from "../common/clock.js";
import { Classification, Classified } from "../common/classification.js";
import { badUserInput, unauthenticated } from "../common/errors.js";
import type { HubContext } from "../context.js";
import { ReadLog } from "../audit/read-log.js";
import { newOperationRecord } from "../observability/operations.js";
import type { SubscriberStream } from "./dispatcher.js";
import { lastPosition } from "./event-log.js";
import type { SequencedEvent, EventTopic } from "./hub-event.entity.js";

@ObjectType({ description: "Events a resumed subscription could not replay: they were pruned by retention. Re-read the affected data with queries." })
@Classified(Classification.PUBLIC)
export class EventGap {
  @Field({ description: "The position the client asked to resume after." })
  missedAfter!: string;

  @Field({ description: "The subscription resumes after this position; events between the two are lost to it." })
  resumedAfter!: string;
}

/** The latest committed position, to pair a query with a subscription that misses nothing after it. */
@Resolver()
export class EventPositionResolver {
  @Query(() => String, {
    description:
      "The position of the latest committed event. Read it with your queries, then subscribe with `after` set to it: every change committed after the data you read is delivered, none twice.",
  })
  async latestEventPosition(@Ctx() context: HubContext): Promise<string> {
    return (await lastPosition(context.em)).toString();
  }
}

/** One delivery of a subscription: a record's event, or a gap notice (then `record` is null). */
export interface Delivery<T> {
  position: string | null;
  kind: string | null;
  committedAt: Date | null;
  record: T | null;
  gap: EventGap | null;
}

/** `after` as a position: a string of digits (positions outgrow JavaScript numbers). */
export function parsePosition(after: string | null | undefined): bigint | null {
  if (after == null) return null;
  if (!/^\d{1,19}$/.test(after)) throw badUserInput("`after` must be a position received from this subscription (digits)", { after: "not a position" });
  return BigInt(after);
}

interface FreshnessState {
  epoch: number;
  day: string;
  /** The subscription's first EntityManager, which each event's is forked from. */
  rootEm?: EntityManager;
}

/**
 * A new identity map for the event, forked when first used: most deliveries never touch one (the
 * record comes from the loaders every subscriber of the event shares, the rest from memory), and
 * forking one per subscriber per event was most of the fan-out's garbage (BENCHMARKS.md).
 */
function freshEntityManager(context: HubContext, state: FreshnessState): void {
  state.rootEm ??= context.em;
  const root = state.rootEm;
  let forked: EntityManager | null = null;
  Object.defineProperty(context, "em", {
    configurable: true,
    enumerable: true,
    get: () => (forked ??= root.fork()),
    set: (em: EntityManager) => {
      forked = em;
    },
  });
}

/** The error that ends a subscription whose token has expired by now (checked before each event), or null. */
export function tokenExpired(context: HubContext): GraphQLError | null {
  if (!context.viewerExpiresAt || context.viewerExpiresAt > context.clock.now()) return null;
  return unauthenticated("Unauthenticated: the token has expired; subscribe again with a new one");
}

/**
 * Prepares the operation's context for the next event: a fresh identity map and loaders (values
 * are read as they are now), the token still valid, and the caller's access reloaded when an
 * agreement or merger has changed it (or the day has, for expiries) — so a revocation withholds
 * the fields from the very next event.
 */
async function freshen(context: HubContext, state: FreshnessState, position: string | null): Promise<void> {
  const expired = tokenExpired(context);
  if (expired) throw expired;
  freshEntityManager(context, state);
  context.loaders = new Map();
  context.deadline = performance.now() + context.config.limits.executionTimeoutMilliseconds;
  context.sharedLoaders = position === null ? null : context.events.sharedLoadersFor(position);
  const day = vietnamDate(context.clock.now());
  if (state.epoch !== context.events.epoch || state.day !== day) {
    state.epoch = context.events.epoch;
    state.day = day;
    // (Without a standing, no statement: the context's EntityManager is not even forked for it.)
    context.access = hasStanding(context.viewer) ? await loadAccess(context, context.viewer, day) : NO_ACCESS;
    context.visibility = new Policy(context.viewer, context.access, context.readLog, context.config.statisticsMinimumCellSize);
  }
}

/** A subscription's record of an event, loaded for a reader through its row rules: null when it may not see it. */
type RecordLoader<T> = (context: HubContext, event: SequencedEvent) => Promise<T | null>;

/** Freshens `context` for the event, then loads its record: null when the reader may not see it (then nothing is delivered). */
async function deliveryOf<T>(context: HubContext, state: FreshnessState, event: SequencedEvent, load: RecordLoader<T>): Promise<Delivery<T> | null> {
  await freshen(context, state, event.position);
  const record = await load(context, event);
  if (record === null) return null;
  return { position: event.position, kind: event.kind, committedAt: event.committedAt, record, gap: null };
}

/**
 * A subscription's stream: the dispatcher's events of `topic` (replayed from `after`, then live),
 * each with its record loaded for this subscriber at delivery through the policy's row rules —
 * an event whose record the subscriber may not see is not delivered at all — and its fields then
 * guarded like any query's.
 *
 * Once it has caught up, a transport may hand the rest of the subscription to a group of
 * subscribers who read alike (`handOff`, `GroupDeliveries`): then the group loads each record.
 */
export function deliveries<T>(
  context: HubContext,
  topic: EventTopic,
  after: string | null | undefined,
  accepts: (event: SequencedEvent) => boolean,
  load: RecordLoader<T>,
): DeliveryStream<T> {
  // Checked now, so a bad `after` is answered as an error result, not a broken stream.
  return new DeliveryStream(context, topic, context.events.stream(topic, parsePosition(after), accepts), accepts, load);
}

/** What `deliveries` answers: an iterator rather than a generator, so an unsubscribe ends it at once, even while it waits. */
export class DeliveryStream<T> implements AsyncIterableIterator<Delivery<T>> {
  // Epoch -1: the first event reloads the caller's access, so an agreement decided between the
  // subscribe and the first event is never missed.
  private readonly state: FreshnessState;

  constructor(
    readonly context: HubContext,
    readonly topic: EventTopic,
    private readonly stream: SubscriberStream,
    readonly accepts: (event: SequencedEvent) => boolean,
    readonly load: RecordLoader<T>,
  ) {
    this.state = { epoch: -1, day: vietnamDate(context.clock.now()) };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<Delivery<T>>> {
    try {
      return await this.nextDelivery();
    } catch (error) {
      // An expired token or a failed read ends the subscription: it must not stay registered.
      await this.stream.return?.();
      throw error;
    }
  }

  async return(): Promise<IteratorResult<Delivery<T>>> {
    await this.stream.return?.();
    return { done: true, value: undefined };
  }

  async throw(error: unknown): Promise<IteratorResult<Delivery<T>>> {
    await this.stream.return?.();
    throw error;
  }

  /**
   * Ends this stream if it has caught up (see `EventStream.handOff`), answering the position up to
   * which it delivered; null: not caught up, keep reading it. Its context is no longer freshened
   * then: its EntityManager (an identity map, a unit of work, MikroORM's loaders: kilobytes) and
   * its last event's loaders are let go, so a subscriber at rest keeps little.
   */
  handOff(): bigint | null {
    const position = this.stream.handOff();
    if (position !== null) {
      const events = this.context.events;
      let em: EntityManager | undefined;
      // Nothing reads through it any more; should anything ask, it gets an EntityManager of its own.
      Object.defineProperty(this.context, "em", {
        configurable: true,
        enumerable: true,
        get: () => (em ??= events.forkEm()),
        set: (value: EntityManager) => {
          em = value;
        },
      });
      this.state.rootEm = undefined;
      this.context.loaders = new Map();
      this.context.sharedLoaders = null;
    }
    return position;
  }

  private async nextDelivery(): Promise<IteratorResult<Delivery<T>>> {
    for (;;) {
      const item = await this.stream.next();
      if (item.done) return { done: true, value: undefined };
      if ("gap" in item.value) {
        await freshen(this.context, this.state, null);
        return { done: false, value: { position: null, kind: null, committedAt: null, record: null, gap: Object.assign(new EventGap(), item.value.gap) } };
      }
      const { event } = item.value;
      const delivery = await deliveryOf(this.context, this.state, event, this.load);
      if (delivery === null) continue;
      this.context.events.delivered(this.topic, event.committedAt);
      return { done: false, value: delivery };
    }
  }
}

/**
 * Takes events on behalf of a group of subscribers who read alike — the same selection and the
 * same access class (src/pipeline/subscription-fan-out.ts) — in one context of its own, freshened
 * per event as each subscriber's would be (identity map, loaders, deadline; the access reloaded on
 * a new epoch or day, so a revocation applies to the next event), its record loaded through the
 * row rules once for all of them. Its reads are noted in its own log, which the group takes after
 * each execution and records for each member. Tokens expire per member: the group checks them.
 */
export class GroupDeliveries<T> {
  readonly context: HubContext;
  private readonly state: FreshnessState;
  readonly topic: EventTopic;
  readonly accepts: (event: SequencedEvent) => boolean;
  private readonly load: RecordLoader<T>;

  /** Built from the first member's stream: its topic, filter and loader; its viewer's access class. */
  constructor(first: DeliveryStream<T>) {
    const member = first.context;
    const readLog = new ReadLog();
    this.context = {
      em: member.events.forkEm(),
      viewer: member.viewer,
      access: member.access,
      visibility: new Policy(member.viewer, member.access, readLog, member.config.statisticsMinimumCellSize),
      readLog,
      loaders: new Map(),
      sharedLoaders: null,
      clock: member.clock,
      config: member.config,
      statistics: { sqlStatements: 0 },
      events: member.events,
      // Each member's token is checked before each event; the group's context has none.
      viewerExpiresAt: null,
      deadline: 0,
      operation: newOperationRecord("websocket"),
      // Its members' documents differ: its reads take every column.
      selection: null,
    };
    this.state = { epoch: -1, day: vietnamDate(member.clock.now()) };
    this.topic = first.topic;
    this.accepts = first.accepts;
    this.load = first.load;
  }

  /** The event as the group's members may read it, or null when their row rules hide its record. */
  deliveryOf(event: SequencedEvent): Promise<Delivery<T> | null> {
    return deliveryOf(this.context, this.state, event, this.load);
  }
}
