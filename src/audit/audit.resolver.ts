import { Arg, Args, Ctx, Field, InputType, Query, Resolver } from "type-graphql";
import { ConnectionType, PageArgs, type Page } from "../common/connection.js";
import type { HubContext } from "../context.js";
import { AuditAction } from "./audit-entry.entity.js";
import { AuditEntry } from "./audit-entry.model.js";
import { AuditService } from "./audit.service.js";

@InputType({ description: "Narrows the audit log; all given conditions apply together." })
export class AuditLogFilter {
  @Field(() => [AuditAction], { nullable: true, description: "Reads, writes or both." })
  actions?: AuditAction[] | null;

  @Field(() => [String], { nullable: true, description: "Only entries by callers of these provinces (today's ISO codes): who read our data, province by province." })
  readerProvinceCodes?: string[] | null;
}

export const AuditEntryConnection = ConnectionType(AuditEntry, "A page of the audit log, in the order it was written.");

@Resolver()
export class AuditResolver {
  @Query(() => AuditEntryConnection, {
    description:
      "The audit log, oldest first: all of it for hub administrators; for an agency, the entries about its own province's data (who read it). Others get FORBIDDEN, anonymous callers UNAUTHENTICATED.",
  })
  auditLog(
    @Arg("filter", () => AuditLogFilter, { nullable: true, description: "Narrows the log; omitted, every entry the caller may see." }) filter: AuditLogFilter | null,
    @Args() page: PageArgs,
    @Ctx() context: HubContext,
  ): Promise<Page<AuditEntry>> {
    return new AuditService(context).entries(filter, page);
  }
}
