import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { vietnamDate } from "../common/clock.js";
import { ConnectionType, PageArgs, type Page } from "../common/connection.js";
import type { HubContext } from "../context.js";
import { AdministrativeUnit, Agency, agencyById, unitByCode } from "../reference/index.js";
import { Agreement, AgreementStatus } from "./agreement.entity.js";
import { AgreementFilter } from "./agreement.inputs.js";
import { AgreementService } from "./agreement.service.js";

export const AgreementConnection = ConnectionType(Agreement, "A page of data-sharing agreements.");

@Resolver(() => Agreement)
export class AgreementResolver {
  @Query(() => AgreementConnection, { description: "Data-sharing agreements, most recently requested first." })
  agreements(
    @Arg("filter", () => AgreementFilter, { nullable: true, description: "Narrows the list; omitted, everything visible to the caller." }) filter: AgreementFilter | null,
    @Args() page: PageArgs,
    @Ctx() context: HubContext,
  ): Promise<Page<Agreement>> {
    return new AgreementService(context).agreements(filter, page);
  }

  @FieldResolver(() => AgreementStatus, { nullable: true, description: "The status today; an approved agreement past its period is EXPIRED." })
  @Classified(Classification.SHARED)
  status(@Root() agreement: Agreement, @Ctx() context: HubContext): AgreementStatus {
    return agreement.statusOn(vietnamDate(context.clock.now()));
  }

  @FieldResolver(() => AdministrativeUnit, { nullable: true, description: "The province that owns the data and grants access." })
  @Classified(Classification.SHARED)
  grantor(@Root() agreement: Agreement, @Ctx() context: HubContext): Promise<AdministrativeUnit | null> {
    return unitByCode(context).load(agreement.grantor.code);
  }

  @FieldResolver(() => AdministrativeUnit, { nullable: true, description: "The province whose agencies receive access." })
  @Classified(Classification.SHARED)
  grantee(@Root() agreement: Agreement, @Ctx() context: HubContext): Promise<AdministrativeUnit | null> {
    return unitByCode(context).load(agreement.grantee.code);
  }

  @FieldResolver(() => Agency, { nullable: true, description: "The grantee's agency that requested the agreement." })
  @Classified(Classification.SHARED)
  requestedBy(@Root() agreement: Agreement, @Ctx() context: HubContext): Promise<Agency | null> {
    return agencyById(context).load(agreement.requestedBy.id);
  }

  @FieldResolver(() => Agency, { nullable: true, description: "The grantor's agency that approved or declined it." })
  @Classified(Classification.SHARED)
  decidedBy(@Root() agreement: Agreement, @Ctx() context: HubContext): Promise<Agency | null> | null {
    return agreement.decidedBy ? agencyById(context).load(agreement.decidedBy.id) : null;
  }
}
