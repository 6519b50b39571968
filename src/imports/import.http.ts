import type { Request, Response, Router } from "express";
import express from "express";
import { GraphQLError } from "graphql";
import { ErrorCode, sqlStateOf } from "../common/errors.js";
import { withRequestStatistics } from "../common/sql-statements.js";
import type { ContextDependencies } from "../context.js";
import type { OperationPipeline } from "../pipeline/operation-pipeline.js";
import { ImportRejected } from "./csv.js";
import { ImportKind } from "./data-import.entity.js";
import { ImportService, type ImportTarget } from "./import.service.js";
import { newOperationRecord, type ObservedRequest, type OperationRecord } from "../observability/operations.js";

const PATHS: Record<string, ImportKind> = { "price-observations": ImportKind.PRICE_OBSERVATIONS, "trade-flows": ImportKind.TRADE_FLOWS };

/** The body, counted: more than `limit` bytes ends the request with 413 before anything commits. */
async function* limited(request: Request, limit: number): AsyncGenerator<Buffer> {
  let received = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > limit) throw new GraphQLError(`The file is larger than ${limit} bytes`, { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 413 } } });
    yield chunk;
  }
}

/** What the request's observer will log (see `observeRequests`), when it has one. */
function observedOf(response: Response): ObservedRequest | undefined {
  return response.locals.observed as ObservedRequest | undefined;
}

function operationOf(response: Response): OperationRecord | undefined {
  return observedOf(response)?.record;
}

function fail(response: Response, error: unknown): void {
  const operation = operationOf(response);
  if (operation) operation.outcome = error instanceof GraphQLError ? String(error.extensions.code ?? ErrorCode.INTERNAL_SERVER_ERROR) : error instanceof ImportRejected ? error.code : "INTERNAL_SERVER_ERROR";
  if (error instanceof ImportRejected) {
    // A conflict is by line too: the file is the thing to correct, so it is a 400 like any bad row.
    response.status(400).json({ errors: [{ message: error.message, extensions: { code: error.code, problems: error.problems } }] });
    return;
  }
  // A value PostgreSQL could not store (class 22, data exceptions): the file's fault.
  const code = sqlStateOf(error);
  if (code?.startsWith("22")) {
    response.status(400).json({ errors: [{ message: `A value of the file could not be stored: ${(error as Error).message}`, extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
    return;
  }
  // A deadlock with another writer (class 40, transaction rollback): nothing was written, and the same file may be sent again.
  if (code?.startsWith("40")) {
    response.status(409).json({ errors: [{ message: "The import collided with another write and was rolled back: send the file again", extensions: { code: ErrorCode.CONFLICT } }] });
    return;
  }
  if (error instanceof GraphQLError) {
    const code = String(error.extensions.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
    const http = error.extensions.http as { status?: number; headers?: Map<string, string> } | undefined;
    const status = http?.status ?? (code === ErrorCode.UNAUTHENTICATED ? 401 : code === ErrorCode.FORBIDDEN ? 403 : 400);
    for (const [name, value] of http?.headers ?? []) response.setHeader(name, value);
    response.status(status).json({ errors: [{ message: error.message, extensions: { code } }] });
    return;
  }
  response.status(500).json({ errors: [{ message: "Internal server error", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] });
}

/**
 * `POST /imports/price-observations` and `POST /imports/trade-flows`: the CSV file as the body
 * (any content type), the agency editor's bearer token as for GraphQL. Answers the import's
 * record, or every problem by line (400, nothing written).
 */
export function importRouter(
  dependencies: ContextDependencies,
  /** The same identity and admission (rate) as GraphQL operations; an import counts as one operation. */
  pipeline: OperationPipeline,
  target: ImportTarget,
  maxBytes: number,
  /** Counts the import until its handler is done (shutdown waits for it). */
  inFlight: { begin(): void; end(): void } = { begin() {}, end() {} },
): Router {
  const router = express.Router();
  router.post("/imports/:kind", async (request, response) => {
    const kind = PATHS[String(request.params.kind)];
    if (!kind) {
      response.status(404).json({ errors: [{ message: `No such import; the imports are ${Object.keys(PATHS).join(", ")}`, extensions: { code: ErrorCode.NOT_FOUND } }] });
      return;
    }
    const operation = operationOf(response);
    if (operation) Object.assign(operation, { name: `import_${kind}`, type: "import" });
    inFlight.begin();
    try {
      const statistics = { sqlStatements: 0 };
      const observed = observedOf(response);
      if (observed) observed.statistics = statistics;
      const dataImport = await withRequestStatistics(statistics, async () => {
        const caller = await pipeline.authenticate(request.headers.authorization, request.ip);
        if (observed) observed.viewer = caller.viewer;
        await pipeline.admitImport(caller);
        const context = await pipeline.context(caller, statistics, operation ?? newOperationRecord("http"), await pipeline.standing(caller));
        return new ImportService(context, target).run(kind, limited(request, maxBytes));
      });
      response.status(200).json({ data: { import: dataImport } });
    } catch (error) {
      if (!(error instanceof GraphQLError) && !(error instanceof ImportRejected)) dependencies.logger?.error({ err: error, requestId: operation?.requestId }, "import failed");
      fail(response, error);
    } finally {
      inFlight.end();
      // An import that stopped early (a bad header, 100 problems) leaves the rest of the body unread.
      if (!request.readableEnded) request.resume();
    }
  });
  return router;
}
