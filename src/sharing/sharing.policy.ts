import { NO_ROWS, registerRowRule } from "../common/visibility.js";
import { Agreement } from "./agreement.entity.js";

/**
 * Agreements are SHARED through and through: even their PUBLIC owner codes would tell an
 * anonymous caller who grants data to whom, so anonymous callers see no agreement at all.
 */
registerRowRule(Agreement, (policy) => (policy.authenticated ? null : NO_ROWS));
