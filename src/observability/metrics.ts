import type { EntityManager } from "@mikro-orm/postgresql";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Operation names as clients send them, made safe as label values (and bounded in length). */
export function operationLabel(name: string | null | undefined): string {
  return name ? name.replace(/[^\w]/g, "_").slice(0, 64) : "anonymous";
}

/**
 * The hub's Prometheus metrics, in a registry of its own (several hubs may share a process in the
 * tests): operations by name and outcome, their latency, SQL statements per operation, WebSocket
 * connections and subscriptions, events delivered and their lag, and the audit log's length.
 */
export class HubMetrics {
  readonly registry = new Registry();
  private readonly operations = new Counter({
    name: "hub_operations_total",
    help: "GraphQL operations, by operation name, type (query, mutation, subscription) and outcome (ok or the first error code).",
    labelNames: ["operation", "type", "outcome", "transport"] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: "hub_operation_duration_seconds",
    help: "Time from receiving an operation to sending its response (queries and mutations).",
    labelNames: ["operation", "type"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly statements = new Histogram({
    name: "hub_sql_statements_per_operation",
    help: "SQL statements one HTTP operation sent to the database.",
    labelNames: ["operation"] as const,
    buckets: [1, 2, 4, 8, 16, 32, 64, 128],
    registers: [this.registry],
  });
  private readonly connections = new Gauge({ name: "hub_websocket_connections", help: "Open graphql-ws connections.", registers: [this.registry] });
  private readonly delivered = new Counter({ name: "hub_events_delivered_total", help: "Subscription events delivered, by topic.", labelNames: ["topic"] as const, registers: [this.registry] });
  private readonly lag = new Histogram({
    name: "hub_event_delivery_lag_seconds",
    help: "From an event's commit to its delivery to a subscriber.",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 30],
    registers: [this.registry],
  });

  constructor(options: { subscriptions: () => number; em: EntityManager }) {
    collectDefaultMetrics({ register: this.registry, prefix: "hub_" });
    new Gauge({ name: "hub_subscriptions", help: "Live subscriptions on this instance.", registers: [this.registry], collect() { this.set(options.subscriptions()); } });
    new Gauge({
      name: "hub_audit_entries",
      help: "Entries in the audit log (all instances: read from the database when scraped).",
      registers: [this.registry],
      async collect() {
        const [row] = await options.em.fork().getConnection().execute<{ entries: string | null }[]>("select max(id)::text as entries from audit_entry").catch(() => [{ entries: null }]);
        this.set(Number(row?.entries ?? 0));
      },
    });
  }

  operationEnded(operation: { name: string | null; type: string; outcome: string; transport: "http" | "websocket"; seconds?: number; statements?: number }): void {
    const name = operationLabel(operation.name);
    this.operations.inc({ operation: name, type: operation.type, outcome: operation.outcome, transport: operation.transport });
    if (operation.seconds !== undefined) this.latency.observe({ operation: name, type: operation.type }, operation.seconds);
    if (operation.statements !== undefined) this.statements.observe({ operation: name }, operation.statements);
  }

  connectionOpened(): void {
    this.connections.inc();
  }

  connectionClosed(): void {
    this.connections.dec();
  }

  /** `count` subscribers were sent an event (a group's members are sent it together). */
  eventDelivered(topic: string, committedAt: Date, count = 1): void {
    this.delivered.inc({ topic }, count);
    const lag = Math.max(0, (Date.now() - committedAt.getTime()) / 1000);
    for (let i = 0; i < count; i += 1) this.lag.observe(lag);
  }
}
