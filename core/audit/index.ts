export { AuditAction, AuditEntry, type AuditChange, type AuditChanges, type AuditValue } from "./audit-entry.entity";
export { AUDIT_READ, AuditResolver, auditEntryNode } from "./audit.resolver";
export { AuditSubscriber, REDACTED, type AuditPolicy } from "./audit.subscriber";
