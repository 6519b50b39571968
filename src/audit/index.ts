import type { DomainModule } from "../domain.js";
import { AuditEntry } from "./audit-entry.entity.js";
import { AuditResolver } from "./audit.resolver.js";

export const auditDomain: DomainModule = { name: "audit", entities: [AuditEntry], resolvers: [AuditResolver] };

export { AuditAction, AuditEntry } from "./audit-entry.entity.js";
export { appendAuditEntries, appendAuditEntriesWith, appendAuditEntry, recordReads, verifyAuditChain, type AuditedOperation, type AuditEvent } from "./audit.service.js";
export { ReadLog, type ReadSummary } from "./read-log.js";
