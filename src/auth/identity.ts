import type { GraphQLError } from "graphql";
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from "jose";
import type { Clock } from "../common/clock.js";
import { unauthenticated } from "../common/errors.js";
import type { AuthConfig } from "../config.js";
import { VerifiedTokens } from "./verified-tokens.js";
import { ANONYMOUS, ROLES, type Role, type Viewer } from "./viewer.js";

/** Claims of the hub's tokens beyond the registered ones (sub, iss, aud, exp). */
interface HubClaims extends JWTPayload {
  province?: unknown;
  agency?: unknown;
  roles?: unknown;
  tax_code?: unknown;
}

/** Tokens name today's units only (the brief: "tokens carry today's codes"). */
const PROVINCE_CODE = /^VN-[0-9A-Z]{2}$/;

/** A bad token: UNAUTHENTICATED with HTTP 401, never a downgrade to anonymous. */
function badToken(reason: string): GraphQLError {
  return unauthenticated(`Unauthenticated: ${reason}`, { http: { status: 401 } });
}

/**
 * Verifies bearer tokens with jose: HS256 with a shared secret in development, RS256/ES256 against
 * a JWKS in production. Only the configured algorithms are accepted, so `alg: none` and algorithm
 * confusion are refused. A bad token is an error, never anonymous access.
 */
export class Identity {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];
  private readonly verified = new VerifiedTokens();

  constructor(
    private readonly config: AuthConfig,
    /** Expiry is judged by the hub's clock, so it can be tested without waiting. */
    private readonly clock: Clock,
  ) {
    if (config.jwksUrl) {
      this.key = createRemoteJWKSet(new URL(config.jwksUrl));
      this.algorithms = ["RS256", "ES256"];
    } else {
      this.key = new TextEncoder().encode(config.secret);
      this.algorithms = ["HS256"];
    }
  }

  /** The viewer of an `Authorization` header value (or a graphql-ws `connection_init` payload's token). */
  async viewerOf(authorization: string | undefined | null): Promise<Viewer> {
    return (await this.authenticate(authorization)).viewer;
  }

  /** The viewer and when its token expires (null without a token): a WebSocket outlives a request, not its token. */
  async authenticate(authorization: string | undefined | null): Promise<{ viewer: Viewer; expiresAt: Date | null }> {
    if (!authorization) return { viewer: ANONYMOUS, expiresAt: null };
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw badToken("the Authorization header must be `Bearer <token>`");
    const token = match[1]!;
    const now = this.clock.now();
    const known = this.verified.get(token, now.getTime());
    if (known) {
      // Verified before: only its expiry is judged again (as jose judges it).
      if (known.expiresAt.getTime() <= now.getTime()) {
        this.verified.forget(token);
        throw badToken("the token has expired");
      }
      return { viewer: known.viewer, expiresAt: known.expiresAt };
    }
    let claims: HubClaims;
    try {
      const verified = await jwtVerify<HubClaims>(token, this.key as Uint8Array, {
        algorithms: this.algorithms,
        issuer: this.config.issuer,
        audience: this.config.audience,
        requiredClaims: ["sub", "exp"],
        currentDate: now,
      });
      claims = verified.payload;
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw badToken(code === "ERR_JWT_EXPIRED" ? "the token has expired" : "the token is malformed or its signature is not valid");
    }
    const viewer = Object.freeze(viewerFromClaims(claims));
    const expiresAt = new Date(claims.exp! * 1000);
    this.verified.remember(token, { viewer, expiresAt, verifiedAt: now.getTime() });
    return { viewer, expiresAt };
  }
}

/** Roles that make a caller a member of a provincial agency. */
const AGENCY_ROLES: readonly Role[] = ["agency_viewer", "agency_editor"];

/**
 * Checks the claims' shape and that they describe one kind of caller (README, "Who may call").
 * A token signed with the right key is still refused when no identity provider should have issued
 * it: an administrator is one person acting for the hub, never also a province's member or an
 * enterprise (its reads and writes would mix two standings), so `hub_admin` stands alone and
 * carries no province, agency or tax code; an enterprise is not an agency; an agency member is not
 * an enterprise. Roles the hub does not know are ignored (a shared identity provider issues roles
 * of other systems too).
 */
function viewerFromClaims(claims: HubClaims): Viewer {
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((role): role is Role => (ROLES as readonly unknown[]).includes(role)) : [];
  if (roles.length === 0) throw badToken("the token carries no known role");
  const subject = claims.sub!;
  const present = (claim: unknown) => claim !== undefined && claim !== null;
  const province = typeof claims.province === "string" && PROVINCE_CODE.test(claims.province) ? claims.province : null;
  const agency = typeof claims.agency === "string" && claims.agency.length > 0 ? claims.agency : null;
  if (roles.includes("hub_admin")) {
    if (roles.length > 1) throw badToken("`hub_admin` cannot be combined with other roles");
    if (present(claims.province) || present(claims.agency) || present(claims.tax_code)) throw badToken("a `hub_admin` token carries no `province`, `agency` or `tax_code`");
    return { kind: "hub_admin", subject, provinceCode: null, agencyCode: null, roles };
  }
  if (roles.includes("enterprise")) {
    if (roles.some((role) => AGENCY_ROLES.includes(role))) throw badToken("an enterprise token cannot carry agency roles");
    if (present(claims.agency)) throw badToken("an enterprise token carries no `agency`");
    const taxCode = typeof claims.tax_code === "string" && /^\d{10}(-\d{3})?$/.test(claims.tax_code) ? claims.tax_code : null;
    if (!taxCode || !province) throw badToken("an enterprise token needs `province` and `tax_code`");
    return { kind: "enterprise", subject, provinceCode: province, taxCode, roles };
  }
  if (present(claims.tax_code)) throw badToken("an agency token carries no `tax_code`");
  if (!province) throw badToken("an agency token needs `province`");
  return { kind: "agency", subject, provinceCode: province, agencyCode: agency, roles };
}

export interface TokenRequest {
  subject: string;
  roles: Role[];
  province?: string | null;
  agency?: string | null;
  taxCode?: string | null;
  /** Lifetime in seconds. */
  ttlSeconds: number;
}

/** Signs a development token (HS256 with the configured secret): what `npm run token` prints. */
export async function signDevelopmentToken(config: AuthConfig, request: TokenRequest, now = new Date()): Promise<string> {
  const claims: HubClaims = { roles: request.roles };
  if (request.province) claims.province = request.province;
  if (request.agency) claims.agency = request.agency;
  if (request.taxCode) claims.tax_code = request.taxCode;
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(request.subject)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + request.ttlSeconds)
    .sign(new TextEncoder().encode(config.secret));
}
