import type { EntityManager } from "@mikro-orm/postgresql";
import { Ctx, Field, ObjectType, Query, Resolver } from "type-graphql";
import { loadAccess } from "../auth/access.js";
import { Policy } from "../auth/policy.js";
import { vietnamDate } from "../common/clock.js";
import { Classification, Classified } from "../common/classification.js";
import { badUserInput, unauthenticated } from "../common/errors.js";
import type { HubContext } from "../context.js";
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

/**
 * Prepares the operation's context for the next event: a fresh identity map and loaders (values
 * are read as they are now), the token still valid, and the caller's access reloaded when an
 * agreement or merger has changed it (or the day has, for expiries) — so a revocation withholds
 * the fields from the very next event.
 */
async function freshen(context: HubContext, state: FreshnessState, position: string | null): Promise<void> {
  if (context.viewerExpiresAt && context.viewerExpiresAt <= context.clock.now()) {
    throw unauthenticated("Unauthenticated: the token has expired; subscribe again with a new one");
  }
  freshEntityManager(context, state);
  context.loaders = new Map();
  context.deadline = performance.now() + context.config.limits.executionTimeoutMilliseconds;
  context.sharedLoaders = position === null ? null : context.events.sharedLoadersFor(position);
  const day = vietnamDate(context.clock.now());
  if (state.epoch !== context.events.epoch || state.day !== day) {
    state.epoch = context.events.epoch;
    state.day = day;
    context.access = await loadAccess(context.em, context.viewer, day);
    context.visibility = new Policy(context.viewer, context.access, context.readLog, context.config.statisticsMinimumCellSize);
  }
}

/**
 * A subscription's stream: the dispatcher's events of `topic` (replayed from `after`, then live),
 * each with its record loaded for this subscriber at delivery through the policy's row rules —
 * an event whose record the subscriber may not see is not delivered at all — and its fields then
 * guarded like any query's.
 */
export function deliveries<T>(
  context: HubContext,
  topic: EventTopic,
  after: string | null | undefined,
  accepts: (event: SequencedEvent) => boolean,
  load: (context: HubContext, event: SequencedEvent) => Promise<T | null>,
): AsyncIterableIterator<Delivery<T>> {
  // Checked now, so a bad `after` is answered as an error result, not a broken stream.
  const stream = context.events.stream(topic, parsePosition(after), accepts);
  // Epoch -1: the first event reloads the caller's access, so an agreement decided between the
  // subscribe and the first event is never missed.
  const state: FreshnessState = { epoch: -1, day: vietnamDate(context.clock.now()) };
  // An iterator rather than a generator: an unsubscribe ends it at once, even while it waits.
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<Delivery<T>>> {
      try {
        return await nextDelivery();
      } catch (error) {
        // An expired token or a failed read ends the subscription: it must not stay registered.
        await stream.return?.();
        throw error;
      }
    },
    async return(): Promise<IteratorResult<Delivery<T>>> {
      await stream.return?.();
      return { done: true, value: undefined };
    },
    async throw(error: unknown): Promise<IteratorResult<Delivery<T>>> {
      await stream.return?.();
      throw error;
    },
  };

  async function nextDelivery(): Promise<IteratorResult<Delivery<T>>> {
    {
      for (;;) {
        const item = await stream.next();
        if (item.done) return { done: true, value: undefined };
        await freshen(context, state, "gap" in item.value ? null : item.value.event.position);
        if ("gap" in item.value) {
          return { done: false, value: { position: null, kind: null, committedAt: null, record: null, gap: Object.assign(new EventGap(), item.value.gap) } };
        }
        const { event } = item.value;
        const record = await load(context, event);
        if (record === null) continue;
        context.events.delivered(topic, event.committedAt);
        return { done: false, value: { position: event.position, kind: event.kind, committedAt: event.committedAt, record, gap: null } };
      }
    }
  }
}
