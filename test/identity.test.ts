/**
 * Identity: bearer tokens verified with jose. A token that is malformed, expired, signed with
 * another key or unsigned (`alg: none`) is UNAUTHENTICATED — never a silent downgrade to anonymous —
 * over HTTP and over WebSocket (`connection_init`). `npm run token` mints what the hub accepts.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { signDevelopmentToken } from "../src/auth/identity.js";
import { parseConfig } from "../src/config.js";
import { createEnterprise } from "../seeds/factories/reference.js";
import { startTestHub, type TestHub } from "./support/hub.js";

const NOW = "2026-11-23T03:00:00Z";
const auth = parseConfig({}).auth;
const VIEWER = "{ viewer { kind provinceCode agencyCode taxCode roles } }";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ now: NOW });
  // The enterprise the enterprise tokens below name: a token must name a registered one.
  await createEnterprise(hub.em(), { provinceCode: "VN-33", taxCode: "0099000001", name: "Công ty TNHH Cà phê Ea Tu (mô phỏng)" });
});
afterAll(async () => {
  await hub?.close();
});

const token = (overrides: Partial<Parameters<typeof signDevelopmentToken>[1]> = {}, config = auth, now = new Date(NOW)) =>
  signDevelopmentToken(config, { subject: "test-user", roles: ["agency_viewer"], province: "VN-29", agency: "VN-29-SCT", ttlSeconds: 600, ...overrides }, now);

async function viewerWith(authorization: string | undefined) {
  const response = await fetch(hub.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query: VIEWER }),
  });
  return { status: response.status, body: (await response.json()) as { data?: { viewer: Record<string, unknown> }; errors?: { extensions: { code: string } }[] } };
}

/** A JWT with `alg: none` and no signature: jose refuses it because only HS256 is allowed. */
function unsignedToken(): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${encode({ alg: "none", typ: "JWT" })}.${encode({ sub: "x", roles: ["agency_viewer"], province: "VN-29", iss: auth.issuer, aud: auth.audience, exp: 4102444800 })}.`;
}

describe("tokens over HTTP", () => {
  it("treats a request without a token as anonymous", async () => {
    const { body } = await viewerWith(undefined);
    expect(body.data!.viewer).toEqual({ kind: "ANONYMOUS", provinceCode: null, agencyCode: null, taxCode: null, roles: [] });
  });

  it("reads province, agency and roles from a valid agency token", async () => {
    const { body } = await viewerWith(`Bearer ${await token()}`);
    expect(body.data!.viewer).toEqual({ kind: "AGENCY", provinceCode: "VN-29", agencyCode: "VN-29-SCT", taxCode: null, roles: ["agency_viewer"] });
  });

  it("reads the tax code from an enterprise token", async () => {
    const { body } = await viewerWith(`Bearer ${await token({ roles: ["enterprise"], province: "VN-33", agency: null, taxCode: "0099000001" })}`);
    expect(body.data!.viewer).toMatchObject({ kind: "ENTERPRISE", provinceCode: "VN-33", taxCode: "0099000001" });
  });

  it.each([
    ["expired", async () => `Bearer ${await token({ ttlSeconds: 60 }, auth, new Date(Date.parse(NOW) - 3_600_000))}`],
    ["signed with another key", async () => `Bearer ${await token({}, { ...auth, secret: "another-secret-of-at-least-thirty-two-characters" })}`],
    ["of another issuer", async () => `Bearer ${await token({}, { ...auth, issuer: "someone-else" })}`],
    ["unsigned (alg: none)", async () => `Bearer ${unsignedToken()}`],
    ["malformed", async () => "Bearer not.a.token"],
    ["not a bearer token", async () => "Basic dXNlcjpwYXNz"],
    ["an agency token without a province", async () => `Bearer ${await token({ province: null })}`],
    ["a token without a known role", async () => `Bearer ${await token({ roles: ["superuser" as never] })}`],
  ])("refuses a token that is %s with UNAUTHENTICATED and status 401", async (_, authorization) => {
    const { status, body } = await viewerWith(await authorization());
    expect(status).toBe(401);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
  });
});

describe("a token the hub has verified before", () => {
  // The hub remembers a verification (src/auth/verified-tokens.ts): what depends on the time is
  // judged again at every request, and only the very same text is taken as verified.
  it("is refused once its expiry passes on the hub's clock, and any change to it is verified afresh", async () => {
    let now = Date.parse(NOW);
    const timed = await startTestHub({ clock: { now: () => new Date(now) } });
    const ask = async (authorization: string) => {
      const response = await fetch(timed.url, { method: "POST", headers: { "content-type": "application/json", authorization }, body: JSON.stringify({ query: VIEWER }) });
      return { status: response.status, body: (await response.json()) as { data?: { viewer: Record<string, unknown> }; errors?: { message: string; extensions: { code: string } }[] } };
    };
    try {
      const signed = await token({ ttlSeconds: 600 }, timed.config.auth, new Date(now));
      for (let request = 0; request < 2; request++) expect((await ask(`Bearer ${signed}`)).body.data!.viewer).toMatchObject({ kind: "AGENCY", provinceCode: "VN-29" });
      // One character of its signature changed (not the last, whose low bits are padding): a different text, whose signature does not hold.
      const at = signed.length - 10;
      const altered = await ask(`Bearer ${signed.slice(0, at)}${signed[at] === "A" ? "B" : "A"}${signed.slice(at + 1)}`);
      expect(altered.status).toBe(401);
      expect(altered.body.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
      now += 600_000;
      const expired = await ask(`Bearer ${signed}`);
      expect(expired.status).toBe(401);
      expect(expired.body.errors?.[0]).toMatchObject({ message: "Unauthenticated: the token has expired", extensions: { code: "UNAUTHENTICATED" } });
    } finally {
      await timed.close();
    }
  });
});

describe("tokens over WebSocket", () => {
  /** Runs the viewer query over a fresh connection: its result, or the code the server closed with. */
  const ask = (authorization: string | undefined) =>
    new Promise<unknown>((resolve) => {
      const client = createClient({
        url: hub.url.replace(/^http/, "ws"),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: authorization ? { authorization } : {},
        on: { closed: (event) => resolve({ closed: (event as { code: number }).code }) },
      });
      let result: unknown;
      client.subscribe(
        { query: VIEWER },
        {
          next: (value) => (result = value),
          error: () => undefined, // the `closed` event carries the reason
          complete: () => {
            resolve(result);
            void client.dispose();
          },
        },
      );
    });

  it("authenticates from connection_init like HTTP", async () => {
    const result = (await ask(`Bearer ${await token()}`)) as { data: { viewer: { kind: string; provinceCode: string } } };
    expect(result.data.viewer).toMatchObject({ kind: "AGENCY", provinceCode: "VN-29" });
  });

  it("closes the connection with 4403 on a bad token", async () => {
    const result = await ask(`Bearer ${unsignedToken()}`);
    expect(result).toEqual({ closed: 4403 });
  });
});

describe("npm run token", () => {
  it("prints a token the hub accepts", async () => {
    const script = path.resolve(import.meta.dirname, "../dist/scripts/token.js");
    const { stdout } = await promisify(execFile)(process.execPath, [script, "--province", "VN-33", "--role", "agency_editor", "--agency", "VN-33-SCT"], {
      env: { PATH: process.env.PATH ?? "" },
    });
    // Minted on the real clock, an hour's validity: still valid at the hub's fixed "now" (jose checks exp, not iat).
    const { body } = await viewerWith(`Bearer ${stdout.trim()}`);
    expect(body.data!.viewer).toMatchObject({ kind: "AGENCY", provinceCode: "VN-33", agencyCode: "VN-33-SCT", roles: ["agency_editor"] });
  });
});

describe("production tokens from an identity provider's JWKS", () => {
  it("accepts RS256 and ES256 tokens signed with the provider's keys, and nothing else", async () => {
    const { createServer } = await import("node:http");
    const { exportJWK, generateKeyPair, SignJWT } = await import("jose");
    const rsa = await generateKeyPair("RS256");
    const ec = await generateKeyPair("ES256");
    const stranger = await generateKeyPair("RS256");
    const keys = [
      { ...(await exportJWK(rsa.publicKey)), kid: "rsa-2026", alg: "RS256", use: "sig" },
      { ...(await exportJWK(ec.publicKey)), kid: "ec-2026", alg: "ES256", use: "sig" },
    ];
    const provider = createServer((_request, response) => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys })));
    await new Promise<void>((resolve) => provider.listen(0, "127.0.0.1", resolve));
    const jwksUrl = `http://127.0.0.1:${(provider.address() as { port: number }).port}/jwks.json`;
    const production = await startTestHub({
      now: NOW,
      env: { HUB_MODE: "production", AUTH_JWKS_URL: jwksUrl, AUTH_ISSUER: "https://id.example.gov.vn", AUTH_AUDIENCE: "regional-data-hub", AUDIT_HMAC_KEY: "a-production-audit-key-of-at-least-thirty-two-chars" },
    });
    try {
      const sign = (key: typeof rsa.privateKey, alg: string, kid: string) =>
        new SignJWT({ roles: ["agency_viewer"], province: "VN-35", agency: "VN-35-SCT" })
          .setProtectedHeader({ alg, kid })
          .setSubject("idp-user")
          .setIssuer("https://id.example.gov.vn")
          .setAudience("regional-data-hub")
          .setExpirationTime(Math.floor(Date.parse(NOW) / 1000) + 600)
          .sign(key);
      const ask = (jwt: string) => production.query<{ viewer: { kind: string; provinceCode: string } }>(VIEWER, {}, { token: jwt });
      expect((await ask(await sign(rsa.privateKey, "RS256", "rsa-2026"))).data!.viewer).toMatchObject({ kind: "AGENCY", provinceCode: "VN-35" });
      expect((await ask(await sign(ec.privateKey, "ES256", "ec-2026"))).data!.viewer).toMatchObject({ kind: "AGENCY", provinceCode: "VN-35" });
      for (const refused of [await sign(stranger.privateKey, "RS256", "rsa-2026"), await token(), unsignedToken()]) {
        expect((await ask(refused)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      }
    } finally {
      await production.close();
      await new Promise((resolve) => provider.close(resolve));
    }
  });
});
