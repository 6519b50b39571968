import { NO_ROWS, registerRowRule } from "../common/visibility.js";
import { AgreementEntity } from "./agreement.entity.js";

/**
 * Agreements are SHARED through and through: even their PUBLIC owner codes would tell an
 * anonymous caller who grants data to whom, so anonymous callers see no agreement at all.
 */
registerRowRule(AgreementEntity, (policy) => (policy.authenticated ? null : NO_ROWS));
