import { defineReadModel } from "../common/read-model.js";
import type { DomainModule } from "../domain.js";
import { AuditEntryEntity, AuditLinkEntity, AuditLogEntryEntity } from "./audit-entry.entity.js";
import { AuditEntry } from "./audit-entry.model.js";
import { AuditResolver } from "./audit.resolver.js";

// Read by selection (src/common/read-model.ts): every field reads the property of its name.
defineReadModel(AuditEntry, AuditLogEntryEntity, { resolved: {} });

export const auditDomain: DomainModule = { name: "audit", entities: [AuditEntryEntity, AuditLinkEntity, AuditLogEntryEntity], resolvers: [AuditResolver] };

export { AuditAction, AuditEntryEntity, AuditLinkEntity, AuditLogEntryEntity } from "./audit-entry.entity.js";
export { AuditEntry } from "./audit-entry.model.js";
export { appendAuditEntries, appendAuditEntriesWith, appendAuditEntry, recordReads, verifyAuditChain, type AuditedOperation, type AuditEvent } from "./audit.service.js";
export { ReadLog, type ReadSummary } from "./read-log.js";
