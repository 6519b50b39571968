import type { Viewer } from "./viewer.js";

/** What a token verified to, and when. */
export interface VerifiedToken {
  viewer: Viewer;
  expiresAt: Date;
  /** When its signature and claims were checked (milliseconds since the epoch). */
  verifiedAt: number;
}

/** Tokens kept at most (a token is under a kilobyte: a few megabytes at most). */
const MOST_TOKENS = 10_000;

/**
 * How long a verification stands before the signature is checked again: bounds how long a token
 * signed with a key the identity provider has since withdrawn from its JWKS is still accepted.
 */
const REVERIFY_AFTER_MILLISECONDS = 5 * 60_000;

/**
 * Tokens whose signature and claims have been verified, by their exact text: a caller sends the same
 * token with every request for its lifetime, and checking its signature again each time cost 0.1 ms
 * (HS256) to 0.2 ms (ES256 against a JWKS) of the hub's CPU per request. Only the whole text finds an
 * entry, so a token altered in any byte is verified afresh (and refused); only tokens that passed are
 * kept. Its expiry is judged again at each use by the caller; its `nbf` needs no second look (it was
 * passed at `verifiedAt`, and an entry is dropped should the clock read earlier than that).
 * Bounded: the oldest entries go first.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, VerifiedToken>();

  /** The verification of `token`, if one stands at `now`. */
  get(token: string, now: number): VerifiedToken | null {
    const entry = this.entries.get(token);
    if (!entry) return null;
    if (now - entry.verifiedAt >= REVERIFY_AFTER_MILLISECONDS || now < entry.verifiedAt) {
      this.entries.delete(token);
      return null;
    }
    return entry;
  }

  remember(token: string, verified: VerifiedToken): void {
    if (this.entries.size >= MOST_TOKENS) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, verified);
  }

  forget(token: string): void {
    this.entries.delete(token);
  }
}
