import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

/** The claims of a caller the benchmark signs a token for (README, "Who may call"). */
export interface BenchCaller {
  subject: string;
  roles: string[];
  province?: string;
  agency?: string;
}

export interface IdentityProvider {
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** An ES256 token for the caller, valid for an hour. */
  sign(caller: BenchCaller): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A stand-in for the identity provider a deployment has: an ES256 key pair made for the run and its
 * public key served as a JWKS over HTTP, so the hub runs in production mode (which refuses the
 * development secret) and verifies tokens as it would in service.
 */
export async function startIdentityProvider(): Promise<IdentityProvider> {
  const { publicKey, privateKey } = await generateKeyPair("ES256");
  const kid = randomUUID();
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" }] });
  const server = createServer((request, response) => {
    if (request.url !== "/jwks.json") {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": "application/json" }).end(jwks);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = "https://identity.bench.local";
  const audience = "regional-data-hub-bench";
  return {
    jwksUrl: `http://127.0.0.1:${port}/jwks.json`,
    issuer,
    audience,
    sign: (caller) => {
      const claims: Record<string, unknown> = { roles: caller.roles };
      if (caller.province) claims.province = caller.province;
      if (caller.agency) claims.agency = caller.agency;
      return new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid }).setSubject(caller.subject).setIssuer(issuer).setAudience(audience).setIssuedAt().setExpirationTime("1h").sign(privateKey);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
