/**
 * `npm run token -- --province VN-29 --role agency_viewer [--agency VN-29-SCT] [--ttl 3600]`
 * `npm run token -- --province VN-33 --role enterprise --enterprise 0099000001`
 * `npm run token -- --role hub_admin`
 * Prints a development token (HS256, the configured AUTH_SECRET, issuer and audience) that a hub
 * started with the same configuration accepts. Production hubs accept only their identity
 * provider's tokens (AUTH_JWKS_URL), so this command refuses to run in production mode.
 */
import { randomUUID } from "node:crypto";
import { signDevelopmentToken } from "../src/auth/identity.js";
import { ROLES, type Role } from "../src/auth/viewer.js";
import { ConfigError, parseConfig } from "../src/config.js";
import { parseCommandLine, usageError } from "./command-line.js";

const usage = "usage: npm run token -- --role <agency_viewer|agency_editor|hub_admin|enterprise> [--province VN-xx] [--agency CODE] [--enterprise TAX_CODE] [--ttl SECONDS] [--subject ID]";

function fail(message: string): never {
  return usageError(usage, message);
}

const { values } = parseCommandLine(usage, {
  options: {
    role: { type: "string", multiple: true },
    province: { type: "string" },
    agency: { type: "string" },
    enterprise: { type: "string" },
    ttl: { type: "string", default: "3600" },
    subject: { type: "string" },
  },
});

let config;
try {
  config = parseConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}
if (config.mode === "production") fail("Tokens for a production hub come from its identity provider, not from this command.");
const roles = (values.role ?? []) as Role[];
const problems: string[] = [];
if (roles.length === 0) problems.push("--role is required");
for (const role of roles) if (!(ROLES as readonly string[]).includes(role)) problems.push(`unknown role "${role}"`);
if (values.province && !/^VN-[0-9A-Z]{2}$/.test(values.province)) problems.push(`--province must be an ISO 3166-2:VN code such as VN-29, got "${values.province}"`);
if (!values.province && !roles.every((role) => role === "hub_admin")) problems.push("--province is required (today's code, e.g. VN-29)");
if (roles.includes("enterprise") && !values.enterprise) problems.push("--enterprise <tax code> is required with --role enterprise");
const ttl = Number(values.ttl);
if (!Number.isInteger(ttl) || ttl <= 0) problems.push(`--ttl must be a positive number of seconds, got "${values.ttl}"`);
if (problems.length > 0) fail(problems.join("\n"));

console.log(
  await signDevelopmentToken(config.auth, {
    subject: values.subject ?? `dev-${randomUUID()}`,
    roles,
    province: values.province ?? null,
    agency: values.agency ?? null,
    taxCode: values.enterprise ?? null,
    ttlSeconds: ttl,
  }),
);
