import { describe, expect, it } from "vitest";
import { ConfigError, DEVELOPMENT_AUTH_SECRET, parseConfig } from "./config.js";

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe("parseConfig", () => {
  it("defaults to development on the embedded database with the documented secret", () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ mode: "development", port: 4000, database: { kind: "embedded", dataDir: ".data/pglite" }, seedDemoData: true });
    expect(config.auth).toEqual({ secret: DEVELOPMENT_AUTH_SECRET, issuer: "regional-data-hub", audience: "regional-data-hub", jwksUrl: null });
  });

  it("refuses to start in production without an identity provider, or with the development secret", () => {
    expect(problemsOf({ HUB_MODE: "production", AUTH_SECRET: DEVELOPMENT_AUTH_SECRET })).toEqual([
      "AUDIT_HMAC_KEY is required in production (and must not be the development key)",
      "AUTH_JWKS_URL is required in production (tokens are verified against the identity provider's keys)",
      "AUTH_ISSUER is required in production",
      "AUTH_AUDIENCE is required in production",
      "AUTH_SECRET must not be the documented development secret in production",
    ]);
    expect(
      problemsOf({
        HUB_MODE: "production",
        AUTH_JWKS_URL: "https://id.example.gov.vn/jwks.json",
        AUTH_ISSUER: "https://id.example.gov.vn",
        AUTH_AUDIENCE: "hub",
        AUDIT_HMAC_KEY: "a-production-audit-key-kept-in-the-secret-store",
      }),
    ).toEqual([]);
  });

  it("limits the heap's growth between full collections to 30 % unless told (0 leaves V8's own factor)", () => {
    expect(parseConfig({}).heapGrowthPercent).toBe(30);
    expect(parseConfig({ HEAP_GROWTH_PERCENT: "0" }).heapGrowthPercent).toBe(0);
    expect(problemsOf({ HEAP_GROWTH_PERCENT: "-5" })).toHaveLength(1);
    expect(problemsOf({ HEAP_GROWTH_PERCENT: "fifty" })[0]).toMatch(/HEAP_GROWTH_PERCENT/);
  });

  it("lists every problem at once", () => {
    expect(problemsOf({ PORT: "-1", DATABASE_URL: "mysql://x", SEED_DEMO: "maybe", HUB_NOW: "yesterday", AUTH_SECRET: "short" })).toHaveLength(5);
  });
});
