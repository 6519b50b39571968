import { Args, Ctx, Query, Resolver } from "type-graphql";
import { ConnectionType, PageArgs, type Page } from "../common/connection.js";
import type { HubContext } from "../context.js";
import { AuditEntry } from "./audit-entry.entity.js";
import { AuditService } from "./audit.service.js";

export const AuditEntryConnection = ConnectionType(AuditEntry, "A page of the audit log, in the order it was written.");

@Resolver()
export class AuditResolver {
  @Query(() => AuditEntryConnection, {
    description:
      "The audit log, oldest first: all of it for hub administrators; for an agency, the entries about its own province's data (who read it). Others get FORBIDDEN, anonymous callers UNAUTHENTICATED.",
  })
  auditLog(@Args() page: PageArgs, @Ctx() context: HubContext): Promise<Page<AuditEntry>> {
    return new AuditService(context).entries(page);
  }
}
