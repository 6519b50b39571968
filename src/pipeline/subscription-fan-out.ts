import type { Duplex } from "node:stream";
import { createSourceEventStream, type ExecutionArgs, type ExecutionResult, type GraphQLFormattedError } from "graphql";
import { WebSocket } from "ws";
import type { ReadSummary } from "../audit/read-log.js";
import { ErrorCode } from "../common/errors.js";
import type { HubContext } from "../context.js";
import { resumeRequired, type SubscriberGroup } from "../events/dispatcher.js";
import type { SequencedEvent } from "../events/hub-event.entity.js";
import { accessClassOf, executeShared, selectionKeyOf, SharedSubscriptionResults } from "../events/shared-results.js";
import { DeliveryStream, GroupDeliveries, tokenExpired } from "../events/subscription.js";
import { outcomeOf, type OperationRecord } from "../observability/operations.js";
import type { OperationPipeline } from "./operation-pipeline.js";
import { framePrefix, frameTail, writeTextMessage } from "./websocket-frames.js";

/** Where one subscription's results go: registered by the transport when it accepts the operation. */
export interface SubscriptionTarget {
  socket: WebSocket;
  /** The connection under `socket` (the upgrade request's): a group writes its frames there directly (`writeTextMessage`). */
  connection: Duplex;
  /** The graphql-ws operation id. */
  id: string;
  record: OperationRecord;
  /** The operation as the client sent it, for the audit entries of its protected reads. */
  operationName: string | null;
  text: string;
}

/** A result as the client is sent it: errors masked as HTTP's are (`OperationPipeline.formatAll`); `outcome` for the operation's record. */
export function resultForClient(pipeline: OperationPipeline, result: ExecutionResult): { payload: ExecutionResult | { errors: GraphQLFormattedError[] }; outcome: string } {
  if (!result.errors) return { payload: result, outcome: "ok" };
  const errors = pipeline.formatAll(result.errors);
  return { payload: { ...result, errors }, outcome: outcomeOf(errors) };
}

/** Sends `member` a `next` message whose payload (and closing brace) is `tail`: written by the hub itself when `direct`, else through ws. */
function sendNext(member: GroupMember, tail: Buffer, direct: boolean): void {
  const { socket, connection } = member.target;
  if (direct) writeTextMessage(connection, member.prefix, tail);
  else socket.send(Buffer.concat([member.prefix, tail], member.prefix.length + tail.length), { binary: false, compress: false });
}

/** A subscription delivered with its group: where its frames go, and how its graphql-ws iterator ends. */
class GroupMember {
  /** What graphql-ws waits on for the subscription's next result: only its end (the group writes the results). */
  readonly ended: Promise<IteratorResult<ExecutionResult>>;
  private settle!: { resolve: (value: IteratorResult<ExecutionResult>) => void; reject: (error: unknown) => void };
  readonly prefix: Buffer;
  /** Until it ends: whether the group still delivers to it. */
  active = true;

  constructor(
    readonly context: HubContext,
    readonly target: SubscriptionTarget,
    /** Events at or below this position reached it before it joined (or before it resumed). */
    readonly after: bigint,
    private readonly group: LiveGroup,
  ) {
    this.ended = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    this.prefix = framePrefix(target.id);
  }

  /** The client unsubscribed or the socket closed. */
  end(): void {
    if (this.leave()) this.settle.resolve({ done: true, value: undefined });
  }

  /** Ends the subscription with `error`, which graphql-ws sends (masked by the transport's `onError`) after the results already written. */
  fail(error: unknown): void {
    if (this.leave()) this.settle.reject(error);
  }

  private leave(): boolean {
    if (!this.active) return false;
    this.active = false;
    this.group.leave(this);
    return true;
  }
}

/**
 * Subscribers who read alike, caught up, delivered together: the dispatcher hands each event they
 * want to the group once; the group loads its record, executes the selection and serialises the
 * result once, records the audit entries of its protected reads for each member, then writes the
 * one frame to each member's connection in one synchronous loop — no promise, no execution and no
 * JSON per subscriber. Events are taken one at a time, in position order.
 */
class LiveGroup implements SubscriberGroup {
  private readonly members = new Set<GroupMember>();
  private readonly waiting: SequencedEvent[] = [];
  private delivering = false;

  /** The operation (its document, variables and name), executed in the group's own context. */
  private readonly args: ExecutionArgs;

  constructor(
    private readonly fanOut: SubscriptionFanOut,
    readonly key: string,
    private readonly deliveries: GroupDeliveries<unknown>,
    memberArgs: ExecutionArgs,
  ) {
    const { schema, document, variableValues, operationName } = memberArgs;
    this.args = { schema, document, variableValues, operationName };
  }

  get topic() {
    return this.deliveries.topic;
  }

  get events() {
    return this.deliveries.context.events;
  }

  accepts(event: SequencedEvent): boolean {
    return this.deliveries.accepts(event);
  }

  get size(): number {
    return this.members.size;
  }

  join(context: HubContext, target: SubscriptionTarget, after: bigint): GroupMember {
    const member = new GroupMember(context, target, after, this);
    this.members.add(member);
    return member;
  }

  leave(member: GroupMember): void {
    if (this.members.delete(member)) this.fanOut.left(this);
  }

  push(event: SequencedEvent): void {
    // The group fell behind its events (its executions are slower than the commits): its members
    // resume, as a subscriber whose own queue overflows does.
    if (this.waiting.length >= this.fanOut.maxQueued) {
      this.waiting.length = 0;
      for (const member of [...this.members]) member.fail(resumeRequired());
      return;
    }
    this.waiting.push(event);
    if (!this.delivering) void this.deliverWaiting();
  }

  private async deliverWaiting(): Promise<void> {
    this.delivering = true;
    try {
      for (let event = this.waiting.shift(); event; event = this.waiting.shift()) {
        await this.deliver(event).catch((error: unknown) => {
          // Not expected (reads and executions fail inside `deliver`), but never a member left waiting for events that stopped.
          for (const member of [...this.members]) member.fail(error);
        });
      }
    } finally {
      this.delivering = false;
    }
  }

  private async deliver(event: SequencedEvent): Promise<void> {
    const position = BigInt(event.position);
    const now = this.deliveries.context.clock.now();
    const due: GroupMember[] = [];
    for (const member of this.members) {
      if (member.after >= position) continue;
      const expired = member.context.viewerExpiresAt !== null && member.context.viewerExpiresAt <= now ? tokenExpired(member.context) : null;
      if (expired) member.fail(expired);
      else due.push(member);
    }
    if (due.length === 0) return;
    const pipeline = this.fanOut.pipeline;
    let shared;
    try {
      const delivery = await this.deliveries.deliveryOf(event);
      // The members' row rules hide the record: nothing is delivered to them.
      if (delivery === null) return;
      shared = await executeShared(this.args, this.deliveries.context, delivery);
    } catch (error) {
      // A failed read, or the members' province is no longer a unit (their access could not be
      // reloaded): each member's subscription would have ended with it.
      for (const member of due) member.fail(error);
      return;
    }
    const { payload, outcome } = resultForClient(pipeline, shared.result);
    const tail = frameTail(payload);
    // Each member's entries are recorded before its frame is written; a member whose entries
    // cannot be written is sent the error instead of the data.
    const withheld =
      shared.reads.length === 0 ? null : await Promise.all(due.map((member) => pipeline.audit(member.context, member.target.operationName, member.target.text, shared.reads)));
    const limit = this.fanOut.maxBufferedBytes;
    let delivered = 0;
    for (let index = 0; index < due.length; index += 1) {
      const member = due[index]!;
      const { socket, connection, record } = member.target;
      // Unsubscribed (or its socket closed) while the event was prepared.
      if (!member.active || socket.readyState !== WebSocket.OPEN) continue;
      // A socket that does not take what it is sent would hold every later frame in memory: its
      // subscriptions end, to be resumed from the last position received.
      const buffered = socket.bufferedAmount;
      if (buffered > limit) {
        member.fail(resumeRequired("The subscriber's connection is not taking its events"));
        continue;
      }
      // Straight to the connection only while ws holds nothing back for it (all it has waiting is
      // in the connection's own buffer), so that no frame of ws's is overtaken.
      const direct = buffered === connection.writableLength;
      const error = withheld?.[index];
      if (error) {
        record.outcome = ErrorCode.INTERNAL_SERVER_ERROR;
        sendNext(member, frameTail({ errors: [error] }), direct);
        continue;
      }
      if (record.outcome === "ok") record.outcome = outcome;
      record.deliveries += 1;
      sendNext(member, tail, direct);
      delivered += 1;
    }
    this.events.delivered(this.topic, event.committedAt, delivered);
  }
}

export interface SubscriptionFanOutOptions {
  pipeline: OperationPipeline;
  /** Bytes a socket may have waiting to be written before its subscriptions are ended to be resumed. */
  maxBufferedBytes: number;
  /** Events a group may have waiting before its members are told to resume. Default 10,000, as a subscriber's own queue. */
  maxQueued?: number;
}

/**
 * graphql-ws's `subscribe` for the hub: each subscription's events are executed as graphql-js's
 * `subscribe` would, shared by the subscribers who read alike (SharedSubscriptionResults), and
 * sent by graphql-ws, until it has caught up with the dispatcher. Then it is handed to the group
 * of subscribers with its selection and access class (LiveGroup), which writes its frames from
 * then on, while graphql-ws waits on the subscription's end (an unsubscribe, a closed socket, an
 * error to send). Subscriptions without a socket registered (`target`) stay on the first path.
 */
export class SubscriptionFanOut {
  readonly pipeline: OperationPipeline;
  readonly maxBufferedBytes: number;
  readonly maxQueued: number;
  private readonly shared = new SharedSubscriptionResults();
  private readonly targets = new WeakMap<HubContext, SubscriptionTarget>();
  private readonly groups = new Map<string, LiveGroup>();

  constructor(options: SubscriptionFanOutOptions) {
    this.pipeline = options.pipeline;
    this.maxBufferedBytes = options.maxBufferedBytes;
    this.maxQueued = options.maxQueued ?? 10_000;
  }

  /** Where the results of the operation run with `context` go, once it is delivered with a group. */
  target(context: HubContext, target: SubscriptionTarget): void {
    this.targets.set(context, target);
  }

  /** The protected reads behind a result sent on the first path: recorded for the subscriber, in `onNext`. */
  readsOf(result: ExecutionResult): readonly ReadSummary[] {
    return this.shared.readsOf(result);
  }

  readonly subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source as ExecutionResult;
    const results = this.shared.results(source as AsyncIterableIterator<unknown>, args);
    const context = args.contextValue as HubContext;
    const target = this.targets.get(context);
    if (!(source instanceof DeliveryStream) || !target) return results;
    return new HandingOff(this, source, results, args, target);
  };

  /**
   * `stream` joins the group of its selection and access class if it has caught up (see
   * `DeliveryStream.handOff`); null when it has not.
   */
  join(stream: DeliveryStream<unknown>, args: ExecutionArgs, target: SubscriptionTarget): GroupMember | null {
    const after = stream.handOff();
    if (after === null) return null;
    const key = `${selectionKeyOf(args)}\0${accessClassOf(stream.context.viewer)}`;
    let group = this.groups.get(key);
    if (!group) {
      group = new LiveGroup(this, key, new GroupDeliveries(stream), args);
      this.groups.set(key, group);
      stream.context.events.addGroup(group);
    }
    return group.join(stream.context, target, after);
  }

  /** A member left `group`: counted out; an empty group stops taking events. */
  left(group: LiveGroup): void {
    group.events.groupMemberLeft();
    if (group.size === 0 && this.groups.get(group.key) === group) {
      this.groups.delete(group.key);
      group.events.removeGroup(group);
    }
  }
}

/**
 * What graphql-ws iterates for a subscription delivered by the hub: its own results until it has
 * caught up at a request for the next one (asked each time), then only its end, while its group
 * writes its results.
 */
class HandingOff implements AsyncIterableIterator<ExecutionResult> {
  /** The subscription's own path, let go once it is in a group: a member keeps little. */
  private own: { stream: DeliveryStream<unknown>; results: AsyncIterableIterator<ExecutionResult> } | null;
  private member: GroupMember | null = null;

  constructor(
    private readonly fanOut: SubscriptionFanOut,
    stream: DeliveryStream<unknown>,
    results: AsyncIterableIterator<ExecutionResult>,
    private readonly args: ExecutionArgs,
    private readonly target: SubscriptionTarget,
  ) {
    this.own = { stream, results };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    if (!this.member && this.own) {
      this.member = this.fanOut.join(this.own.stream, this.args, this.target);
      if (this.member) this.own = null;
    }
    if (this.member) return this.member.ended;
    return this.own ? this.own.results.next() : Promise.resolve({ done: true, value: undefined });
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    if (this.member) this.member.end();
    else await this.own?.results.return?.();
    return { done: true, value: undefined };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.return();
    throw error;
  }
}
