/**
 * The hub's configuration, parsed once at the edge from the environment. Nothing below this module
 * reads `process.env`: the typed `HubConfig` is passed down. Every problem is collected and reported
 * together so an operator fixes a bad deployment in one pass.
 */

import { ROLES } from "./auth/viewer.js";
import type { PersistedOperationsRole } from "./limits/persisted-operations.js";

/** How the hub reaches PostgreSQL. */
export type DatabaseConfig =
  | {
      /** A PostgreSQL server given by `DATABASE_URL`. */
      kind: "server";
      url: string;
    }
  | {
      /** PGlite served over the wire protocol from a child process (the default). */
      kind: "embedded";
      /** Where the embedded database keeps its files. Default `.data/pglite`. */
      dataDir: string;
    };

export type HubMode = "development" | "production";

/** How bearer tokens are verified. */
export interface AuthConfig {
  /** `AUTH_SECRET`: the HS256 secret of development tokens. Default: `DEVELOPMENT_AUTH_SECRET`, which production refuses. */
  secret: string;
  /** `AUTH_ISSUER`: the required `iss` claim. Default `regional-data-hub` (production must set it). */
  issuer: string;
  /** `AUTH_AUDIENCE`: the required `aud` claim. Default `regional-data-hub` (production must set it). */
  audience: string;
  /** `AUTH_JWKS_URL`: where the identity provider publishes its RS256/ES256 keys; required in production, where it replaces the secret. */
  jwksUrl: string | null;
}

const PERSISTED_OPERATIONS_ROLES: readonly PersistedOperationsRole[] = ["anonymous", ...ROLES];

/** The documented development audit key: production refuses it (anyone could re-chain a rewritten log with it). */
export const DEVELOPMENT_AUDIT_KEY = "regional-data-hub-development-audit-key-do-not-use-in-production";

/** The documented development secret: anyone can mint tokens with it, so production refuses to start with it. */
export const DEVELOPMENT_AUTH_SECRET = "regional-data-hub-development-secret-do-not-use-in-production";

export interface HubConfig {
  /** `HUB_MODE`: `development` (default) or `production`. Production masks unexpected errors. */
  mode: HubMode;
  /** `PORT`: the HTTP and WebSocket port. Default 4000; 0 picks a free port. */
  port: number;
  /** `HOST`: the interface to listen on. Default `127.0.0.1`. */
  host: string;
  database: DatabaseConfig;
  /** `DATABASE_POOL_SIZE`: connections in the pool. Default 10. */
  poolSize: number;
  /** `SEED_DEMO`: seed the programme's demo data into an empty database on start. Default: on for embedded, off for a server. */
  seedDemoData: boolean;
  /** `PAGE_SIZE_MAX`: the largest `first` a connection accepts. Default 100. */
  maxPageSize: number;
  /** `HUB_NOW`: a fixed ISO instant the clock reports (testing time-dependent rules). Default: the real clock. */
  fixedNow: Date | null;
  /** `LOG_LEVEL`: `silent`, `error`, `info` (default) or `debug`. */
  logLevel: "silent" | "error" | "info" | "debug";
  auth: AuthConfig;
  /**
   * `AUDIT_HMAC_KEY`: the key that chains audit entries (HMAC-SHA256). It is kept outside the
   * database so that write access to the database alone cannot rewrite history unnoticed. Default:
   * `DEVELOPMENT_AUDIT_KEY`, which production refuses.
   */
  auditKey: string;
  /**
   * `STATISTICS_MIN_CELL_SIZE`: k, the fewest records a statistic over RESTRICTED values (e.g. average
   * assessment scores of a province and sector) may stand on to be published to callers who may not
   * read those records. Default 5.
   */
  statisticsMinimumCellSize: number;
  /** `REDIS_URL`: Redis that carries "events committed" between instances. Default: none (LISTEN/NOTIFY on a server, in-process on the embedded database). */
  redisUrl: string | null;
  /** `EVENT_RETENTION_DAYS`: how long committed events stay available for resuming subscriptions. Default 7. */
  eventRetentionDays: number;
  /** `EVENT_POLL_MS`: how often each instance reads the outbox without a signal, in case one was lost. Default 1000. */
  eventPollMilliseconds: number;
  /** `IMPORT_MAX_BYTES`: the largest CSV file the import endpoint accepts. Default 268435456 (256 MiB, several million rows). */
  importMaxBytes: number;
  /**
   * `HEAP_GROWTH_PERCENT`: how far the JavaScript heap's old generation may grow past what the last
   * full collection kept before the next one runs, in percent. 0 keeps V8's own factor, which
   * reaches 300 % on a machine with much memory, where a request's short-lived objects are promoted
   * under load. Overrides a `--heap-growing-percent` given to Node. Default 30.
   */
  heapGrowthPercent: number;
  limits: OperationLimitsConfig;
  /** `CORS_ORIGINS`: browser origins allowed to call the hub, comma-separated (e.g. `https://dashboard.example.gov.vn`). Default: none (same origin only). */
  corsOrigins: string[];
  /** `TRUSTED_PROXIES`: Express "trust proxy" value (e.g. `loopback, 10.0.0.0/8`): whose X-Forwarded-For gives the client's IP for rate limits. Default: none. */
  trustedProxies: string | null;
  /** `METRICS_TOKEN`: when set, `/metrics` answers only requests with `Authorization: Bearer <it>`. Default: none (open, for a scraper on the private network). */
  metricsToken: string | null;
  /** `SHUTDOWN_GRACE_MS`: on SIGTERM, how long requests in flight may take to finish before their connections are cut (their transactions then roll back). Default 30000. */
  shutdownGraceMilliseconds: number;
  persistedOperations: PersistedOperationsConfig;
  /**
   * `CATALOGUE_CACHE_SECONDS`: how long the data catalogue's counts are reused for callers who see
   * the same rows (each count scans every table: about a second on the largest preset). Default 60;
   * 0 counts on every request.
   */
  catalogueCacheSeconds: number;
}

/** Registered (persisted) operations: the dashboard's, from the manifest codegen writes. */
export interface PersistedOperationsConfig {
  /** `PERSISTED_OPERATIONS_MANIFEST`: the manifest (hash → document), relative to the repository unless absolute. Default `dashboard/gql/persisted-documents.json`, written by `npm run build`. */
  manifestPath: string;
  /**
   * `PERSISTED_OPERATIONS_ONLY_FOR`: roles that may send registered operations only, comma-separated
   * (`anonymous` for callers without a token, `enterprise`, `agency_viewer`, `agency_editor`,
   * `hub_admin`); a caller holding one of them is held to the list, over HTTP and WebSocket. Default: none.
   */
  onlyFor: PersistedOperationsRole[];
}

/** Limits every operation meets, over HTTP and WebSocket alike. */
export interface OperationLimitsConfig {
  /** `MAX_DEPTH`: the deepest selection. Default 10. */
  maxDepth: number;
  /** `MAX_ALIASES`: aliases per operation. Default 40. */
  maxAliases: number;
  /** `MAX_DIRECTIVES`: directives per operation. Default 20. */
  maxDirectives: number;
  /** `MAX_TOKENS`: tokens per document (a bound on parsing work). Default 5000. */
  maxTokens: number;
  /** `MAX_COST`: graphql-armor's cost (objects 2, scalars 1, ×1.5 per level). Default 20000. */
  maxCost: number;
  /** `EXECUTION_TIMEOUT_MS`: an operation's time to run; on a server, also each SQL statement's (statement_timeout). Default 15000. */
  executionTimeoutMilliseconds: number;
  /** `RATE_LIMIT_PER_MINUTE`: operations per caller (token subject, else client IP) per minute, each operation of a batch counted, shared through Redis when `REDIS_URL` is set; 0 turns it off. Default 600. */
  ratePerMinute: number;
  /** `ALLOW_BATCHED_REQUESTS`: accept JSON arrays of operations over HTTP. Default false. */
  allowBatchedRequests: boolean;
  /** `WS_INIT_TIMEOUT_MS`: how long a WebSocket may wait before its `connection_init` (then closed with 4408). Default 3000. */
  webSocketInitTimeoutMilliseconds: number;
  /**
   * `WS_MAX_BUFFERED_BYTES`: what a WebSocket may have waiting to be written because its client does
   * not read; beyond it, its subscriptions end with RESUME_REQUIRED (the client resubscribes with
   * `after`), so a stuck client cannot grow the hub's memory. Default 1048576 (1 MiB).
   */
  webSocketMaxBufferedBytes: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ["silent", "error", "info", "debug"] as const;

/** Parses the environment into a `HubConfig`, or throws a `ConfigError` listing every problem. */
export function parseConfig(env: Env = process.env): HubConfig {
  const problems: string[] = [];

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };

  const boolean = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.toLowerCase();
    if (raw === undefined || raw === "") return fallback;
    if (["1", "true", "yes", "on"].includes(raw)) return true;
    if (["0", "false", "no", "off"].includes(raw)) return false;
    problems.push(`${name} must be true or false, got "${env[name]}"`);
    return fallback;
  };

  const modeRaw = env.HUB_MODE ?? "development";
  let mode: HubMode = "development";
  if (modeRaw === "development" || modeRaw === "production") mode = modeRaw;
  else problems.push(`HUB_MODE must be "development" or "production", got "${modeRaw}"`);

  let database: DatabaseConfig = { kind: "embedded", dataDir: env.EMBEDDED_DATA_DIR || ".data/pglite" };
  const url = env.DATABASE_URL;
  if (url) {
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
        problems.push(`DATABASE_URL must be a postgres:// or postgresql:// URL, got protocol "${parsed.protocol}"`);
      }
      database = { kind: "server", url };
    } catch {
      problems.push(`DATABASE_URL is not a valid URL: "${url}"`);
    }
  }

  let fixedNow: Date | null = null;
  if (env.HUB_NOW) {
    const parsed = new Date(env.HUB_NOW);
    if (Number.isNaN(parsed.getTime())) problems.push(`HUB_NOW must be an ISO 8601 instant, got "${env.HUB_NOW}"`);
    else fixedNow = parsed;
  }

  const logLevelRaw = env.LOG_LEVEL ?? "info";
  const logLevel = (LOG_LEVELS as readonly string[]).includes(logLevelRaw) ? (logLevelRaw as HubConfig["logLevel"]) : "info";
  if (logLevel !== logLevelRaw) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, got "${logLevelRaw}"`);

  const auth: AuthConfig = {
    secret: env.AUTH_SECRET || DEVELOPMENT_AUTH_SECRET,
    issuer: env.AUTH_ISSUER || "regional-data-hub",
    audience: env.AUTH_AUDIENCE || "regional-data-hub",
    jwksUrl: env.AUTH_JWKS_URL || null,
  };
  if (auth.jwksUrl) {
    try {
      new URL(auth.jwksUrl);
    } catch {
      problems.push(`AUTH_JWKS_URL is not a valid URL: "${auth.jwksUrl}"`);
    }
  }
  const auditKey = env.AUDIT_HMAC_KEY || DEVELOPMENT_AUDIT_KEY;
  if (auditKey.length < 32) problems.push("AUDIT_HMAC_KEY must be at least 32 characters");
  if (mode === "production" && auditKey === DEVELOPMENT_AUDIT_KEY) problems.push("AUDIT_HMAC_KEY is required in production (and must not be the development key)");
  if (mode === "production") {
    if (!auth.jwksUrl) problems.push("AUTH_JWKS_URL is required in production (tokens are verified against the identity provider's keys)");
    if (!env.AUTH_ISSUER) problems.push("AUTH_ISSUER is required in production");
    if (!env.AUTH_AUDIENCE) problems.push("AUTH_AUDIENCE is required in production");
    if (env.AUTH_SECRET === DEVELOPMENT_AUTH_SECRET) problems.push("AUTH_SECRET must not be the documented development secret in production");
  } else if (auth.secret.length < 32) {
    problems.push("AUTH_SECRET must be at least 32 characters (HS256 needs a 256-bit key)");
  }

  const redisUrl = env.REDIS_URL || null;
  if (redisUrl) {
    try {
      const parsed = new URL(redisUrl);
      if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") problems.push(`REDIS_URL must be a redis:// or rediss:// URL, got protocol "${parsed.protocol}"`);
    } catch {
      problems.push(`REDIS_URL is not a valid URL: "${redisUrl}"`);
    }
  }

  const onlyFor = (env.PERSISTED_OPERATIONS_ONLY_FOR ?? "").split(",").map((role) => role.trim()).filter((role) => role.length > 0);
  for (const role of onlyFor) {
    if (!(PERSISTED_OPERATIONS_ROLES as readonly string[]).includes(role)) problems.push(`PERSISTED_OPERATIONS_ONLY_FOR names an unknown role "${role}" (known: ${PERSISTED_OPERATIONS_ROLES.join(", ")})`);
  }

  const config: HubConfig = {
    mode,
    port: integer("PORT", 4000, 0, 65535),
    host: env.HOST || "127.0.0.1",
    database,
    poolSize: integer("DATABASE_POOL_SIZE", 10, 1, 200),
    seedDemoData: boolean("SEED_DEMO", database.kind === "embedded"),
    maxPageSize: integer("PAGE_SIZE_MAX", 100, 1, 10_000),
    fixedNow,
    logLevel,
    auth,
    auditKey,
    statisticsMinimumCellSize: integer("STATISTICS_MIN_CELL_SIZE", 5, 2, 1000),
    redisUrl,
    eventRetentionDays: integer("EVENT_RETENTION_DAYS", 7, 1, 3650),
    eventPollMilliseconds: integer("EVENT_POLL_MS", 1000, 50, 60_000),
    importMaxBytes: integer("IMPORT_MAX_BYTES", 268_435_456, 1_024, 4_294_967_296),
    heapGrowthPercent: integer("HEAP_GROWTH_PERCENT", 30, 0, 300),
    limits: {
      maxDepth: integer("MAX_DEPTH", 10, 2, 100),
      maxAliases: integer("MAX_ALIASES", 40, 1, 1000),
      maxDirectives: integer("MAX_DIRECTIVES", 20, 1, 1000),
      maxTokens: integer("MAX_TOKENS", 5000, 1, 1_000_000),
      maxCost: integer("MAX_COST", 20_000, 1, 10_000_000),
      executionTimeoutMilliseconds: integer("EXECUTION_TIMEOUT_MS", 15_000, 10, 600_000),
      ratePerMinute: integer("RATE_LIMIT_PER_MINUTE", 600, 0, 1_000_000),
      allowBatchedRequests: boolean("ALLOW_BATCHED_REQUESTS", false),
      webSocketInitTimeoutMilliseconds: integer("WS_INIT_TIMEOUT_MS", 3000, 50, 60_000),
      webSocketMaxBufferedBytes: integer("WS_MAX_BUFFERED_BYTES", 1_048_576, 1_024, 1_073_741_824),
    },
    corsOrigins: (env.CORS_ORIGINS ?? "").split(",").map((origin) => origin.trim()).filter((origin) => origin.length > 0),
    trustedProxies: env.TRUSTED_PROXIES || null,
    metricsToken: env.METRICS_TOKEN || null,
    shutdownGraceMilliseconds: integer("SHUTDOWN_GRACE_MS", 30_000, 0, 600_000),
    catalogueCacheSeconds: integer("CATALOGUE_CACHE_SECONDS", 60, 0, 86_400),
    persistedOperations: {
      manifestPath: env.PERSISTED_OPERATIONS_MANIFEST || "dashboard/gql/persisted-documents.json",
      onlyFor: onlyFor as PersistedOperationsRole[],
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
