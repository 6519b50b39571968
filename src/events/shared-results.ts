import { createHash } from "node:crypto";
import { execute, getOperationAST, Kind, print, visit, type DocumentNode, type ExecutionArgs, type ExecutionResult } from "graphql";
import type { ReadSummary } from "../audit/read-log.js";
import type { Access } from "../auth/access.js";
import type { Viewer } from "../auth/viewer.js";
import { ErrorCode } from "../common/errors.js";
import type { HubContext } from "../context.js";
import type { Delivery } from "./subscription.js";

/** Events whose shared results are kept: subscribers take an event at about the same time. */
const EVENTS_KEPT = 64;

/** One execution of a subscription's selection for one event, and the protected reads it made (for each subscriber who shares it to record as its own). */
export interface SharedResult {
  result: ExecutionResult;
  reads: readonly ReadSummary[];
}

/**
 * Who reads alike: everything the policy decides a field or a row by (src/auth/policy.ts) comes
 * from the viewer's kind, its province (also named in the reasons of withheld fields), an
 * enterprise's tax code, and the access loaded from them (own codes, agreements in force, the
 * enterprise's id: src/auth/access.ts). The roles are included although no read depends on them
 * today, so that one that does later cannot leak across them. Not the subject, the agency or the
 * token: no read depends on them, and the audit records each subscriber's own (`recordReads`).
 */
export function accessClassOf(viewer: Viewer): string {
  switch (viewer.kind) {
    case "anonymous":
      return "anonymous";
    case "enterprise":
      return JSON.stringify([viewer.kind, viewer.provinceCode, viewer.taxCode, [...viewer.roles].sort()]);
    default:
      return JSON.stringify([viewer.kind, viewer.provinceCode, [...viewer.roles].sort()]);
  }
}

const accessKeys = new WeakMap<Access, string>();

/** The access itself as a key: two subscribers of one class may have loaded it at different moments (an agreement decided between). */
function accessKeyOf(access: Access): string {
  let key = accessKeys.get(access);
  if (key === undefined) {
    const grants = access.grants.map((grant) => [grant.reference, grant.grantorCode, [...grant.datasets].sort(), [...grant.coveredCodes].sort()]);
    key = JSON.stringify([[...access.ownCodes].sort(), grants, access.enterpriseId]);
    accessKeys.set(access, key);
  }
  return key;
}

interface Selection {
  /** The document as text (normalised by print) and the operation's name. */
  text: string;
  /** Variables used only as the subscription field's `after`: where a subscriber resumes from, not what it reads. */
  resumeVariables: ReadonlySet<string>;
}

const selections = new WeakMap<DocumentNode, Map<string, Selection>>();

/** What a document selects, worked out once per document (the pipeline reuses the documents it parsed). */
function selectionOf(document: DocumentNode, operationName: string | null | undefined): Selection {
  let byName = selections.get(document);
  if (!byName) selections.set(document, (byName = new Map()));
  let selection = byName.get(operationName ?? "");
  if (!selection) {
    const resumeCandidates = new Set<string>();
    for (const node of getOperationAST(document, operationName)?.selectionSet.selections ?? []) {
      if (node.kind !== Kind.FIELD) continue;
      for (const argument of node.arguments ?? []) if (argument.name.value === "after" && argument.value.kind === Kind.VARIABLE) resumeCandidates.add(argument.value.name.value);
    }
    const uses = new Map<string, number>();
    visit(document, {
      VariableDefinition: () => false,
      Variable: (variable) => void uses.set(variable.name.value, (uses.get(variable.name.value) ?? 0) + 1),
    });
    selection = { text: `${print(document)}\0${operationName ?? ""}`, resumeVariables: new Set([...resumeCandidates].filter((name) => uses.get(name) === 1)) };
    byName.set(operationName ?? "", selection);
  }
  return selection;
}

/**
 * The operation as text with its name and variables, hashed: equal keys select equal data. A
 * variable that only says where the subscription resumes (`after`) is left out: subscribers who
 * resumed from different positions still read each event alike.
 */
export function selectionKeyOf(args: ExecutionArgs): string {
  let key = selectionKeys.get(args);
  if (key === undefined) {
    const selection = selectionOf(args.document, args.operationName);
    const variables = Object.entries(args.variableValues ?? {}).filter(([name]) => !selection.resumeVariables.has(name));
    key = createHash("sha256").update(selection.text).update("\0").update(JSON.stringify(variables)).digest("base64url");
    selectionKeys.set(args, key);
  }
  return key;
}

/** A subscription's key, by its arguments: asked for its own results and again when it joins a group. */
const selectionKeys = new WeakMap<ExecutionArgs, string>();

/**
 * Executes the selection for one event (`rootValue`) in `context`, as graphql-js's `subscribe` maps
 * each event, and takes the protected reads it noted: they belong to every subscriber who is sent
 * the result, and each records them as its own.
 */
export async function executeShared(args: ExecutionArgs, context: HubContext, rootValue: unknown): Promise<SharedResult> {
  const result = await execute({ ...args, contextValue: context, rootValue });
  return { result, reads: context.readLog.take() };
}

/** Whether a result may serve others: errors other than fields withheld by the policy (a deadline, a failed read) are its own. */
function shareable(result: ExecutionResult): boolean {
  return !result.errors?.some((error) => error.extensions?.code !== ErrorCode.FORBIDDEN);
}

/**
 * Subscriptions executed as graphql-js's `subscribe` does — the source stream from the field's
 * `subscribe`, each event executed against the selection — except that subscribers who read alike
 * (the same selection, access class and access: `selectionKeyOf`, `accessClassOf`) share one
 * execution per event, whoever they are: a public dashboard's thousands of anonymous subscribers,
 * or a province's agencies. Each still loads the event's record through its own row rules first
 * (`deliveries`, which decides whether it is delivered at all), and records the shared execution's
 * protected reads in the audit log as its own (`readsOf`, in the transport's `onNext`).
 *
 * This is the path of a subscription until it has caught up (its replay from `after`, a burst of
 * live events); a caught-up subscription is then delivered with its group's
 * (src/pipeline/subscription-fan-out.ts).
 */
export class SharedSubscriptionResults {
  private readonly byEvent = new Map<string, Map<string, Promise<SharedResult>>>();
  private readonly reads = new WeakMap<ExecutionResult, readonly ReadSummary[]>();

  /** The source stream's events as results, executions shared where subscribers read alike. */
  results(source: AsyncIterableIterator<unknown>, args: ExecutionArgs): AsyncIterableIterator<ExecutionResult> {
    const context = args.contextValue as HubContext;
    const selection = selectionKeyOf(args);
    const readerClass = accessClassOf(context.viewer);
    return mapStream(source, async (payload) => {
      // The access as freshened for this event (a revocation reloads it).
      const shared = await this.executeFor(`${selection}\0${readerClass}\0${accessKeyOf(context.access)}`, payload, args);
      this.reads.set(shared.result, shared.reads);
      return shared.result;
    });
  }

  /** The protected reads behind a result this class answered (none for others): recorded for each subscriber sent it. */
  readsOf(result: ExecutionResult): readonly ReadSummary[] {
    return this.reads.get(result) ?? [];
  }

  private executeFor(shareKey: string, payload: unknown, args: ExecutionArgs): Promise<SharedResult> {
    const context = args.contextValue as HubContext;
    const position = (payload as Delivery<unknown> | null)?.position;
    // Gap notices (no position) execute alone.
    if (typeof position !== "string") return executeShared(args, context, payload);
    let results = this.byEvent.get(position);
    if (!results) {
      results = new Map();
      this.byEvent.set(position, results);
      for (const old of this.byEvent.keys()) {
        if (this.byEvent.size <= EVENTS_KEPT) break;
        this.byEvent.delete(old);
      }
    }
    const shared = results.get(shareKey);
    if (shared) return shared;
    const result = executeShared(args, context, payload);
    results.set(shareKey, result);
    // A result with errors of its own is not handed on: the next subscriber tries itself.
    void result.then(
      (value) => {
        if (!shareable(value.result)) results.delete(shareKey);
      },
      () => results.delete(shareKey),
    );
    return result;
  }
}

/** `source` with each value mapped; ending it (an unsubscribe) ends the source at once. */
function mapStream<T, U>(source: AsyncIterableIterator<T>, map: (value: T) => Promise<U>): AsyncIterableIterator<U> {
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<U>> {
      const item = await source.next();
      if (item.done) return { done: true, value: undefined };
      return { done: false, value: await map(item.value) };
    },
    async return(): Promise<IteratorResult<U>> {
      await source.return?.();
      return { done: true, value: undefined };
    },
    async throw(error: unknown): Promise<IteratorResult<U>> {
      await source.return?.();
      throw error;
    },
  };
}
