/**
 * `npm run audit:verify`: re-computes the audit log's HMAC chain with AUDIT_HMAC_KEY and reports
 * the first broken link (a rewritten, removed or inserted entry). Exit code 0 when intact, 1 when
 * broken, 2 on bad configuration. Uses the hub's configuration (DATABASE_URL or the embedded data).
 */
import "reflect-metadata";
import { verifyAuditChain } from "../src/audit/index.js";
import { ConfigError, parseConfig } from "../src/config.js";
import { openDatabase } from "../src/db/database.js";
import { parseCommandLine } from "./command-line.js";

parseCommandLine("usage: npm run audit:verify   (checks the audit log of DATABASE_URL, or of the embedded data directory; exit 0 intact, 1 broken, 2 bad configuration)", {});

let config;
try {
  config = parseConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
const database = await openDatabase(config.database, 2);
try {
  const result = await verifyAuditChain(database.orm.em.fork(), config.auditKey);
  if (result.intact) {
    console.log(`Audit log intact: ${result.entries} entries.`);
  } else {
    console.log(`Audit log BROKEN at entry ${result.firstBrokenSequence}: ${result.reason} (${result.entries} entries before it are intact).`);
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
