import pg from "pg";

/**
 * node-postgres writes each message of an extended-protocol query (Parse, Bind, Describe,
 * Execute, Sync) to the socket separately: five system calls per statement, each of which can wake
 * the PostgreSQL backend for a partial request. On this machine those writes were 12% of the hub's
 * CPU time under load (BENCHMARKS.md). Corking the socket while a query writes its messages sends
 * them as one write; what is sent, and when, is otherwise unchanged (the messages are complete
 * before `prepare` returns).
 */
type Preparable = { prepare(connection: { stream: { cork?: () => void; uncork?: () => void } }): void };

let installed = false;

export function batchQueryWrites(): void {
  if (installed) return;
  installed = true;
  const query = (pg as unknown as { Query: { prototype: Preparable } }).Query.prototype;
  const prepare = query.prepare;
  query.prepare = function (this: Preparable, connection) {
    const stream = connection.stream;
    if (typeof stream.cork !== "function" || typeof stream.uncork !== "function") return prepare.call(this, connection);
    stream.cork();
    try {
      return prepare.call(this, connection);
    } finally {
      stream.uncork();
    }
  };
}
