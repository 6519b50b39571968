import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { vietnamDate } from "../common/clock.js";
import { ConnectionType, PageArgs, type Page } from "../common/connection.js";
import type { HubContext } from "../context.js";
import { AdministrativeUnit, Agency, agencyOf, type Lookup, unitOf } from "../reference/index.js";
import { AgreementStatus } from "./agreement.entity.js";
import { Agreement } from "./sharing.models.js";
import { AgreementFilter, DeclineAgreementInput, RequestAgreementInput, RevokeAgreementInput } from "./agreement.inputs.js";
import { AgreementService } from "./agreement.service.js";
import { AgreementWorkflow } from "./agreement.workflow.js";

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

  @Mutation(() => Agreement, { description: "Requests an agreement (an editor of the grantee province, whose token names its agency)." })
  requestAgreement(@Arg("input", () => RequestAgreementInput, { description: "What is asked for." }) input: RequestAgreementInput, @Ctx() context: HubContext): Promise<Agreement> {
    return new AgreementWorkflow(context).request(input);
  }

  @Mutation(() => Agreement, { description: "Approves a requested agreement (an editor of the grantor province). It applies from the grantee's next request." })
  approveAgreement(@Arg("id", () => ID, { description: "The agreement's global id." }) id: string, @Ctx() context: HubContext): Promise<Agreement> {
    return new AgreementWorkflow(context).approve(id);
  }

  @Mutation(() => Agreement, { description: "Declines a requested agreement with a written reason and legal basis (an editor of the grantor province)." })
  declineAgreement(@Arg("input", () => DeclineAgreementInput, { description: "The refusal." }) input: DeclineAgreementInput, @Ctx() context: HubContext): Promise<Agreement> {
    return new AgreementWorkflow(context).decline(input);
  }

  @Mutation(() => Agreement, { description: "Revokes an agreement in force (an editor of the grantor province). It applies from the grantee's next request." })
  revokeAgreement(@Arg("input", () => RevokeAgreementInput, { description: "The revocation." }) input: RevokeAgreementInput, @Ctx() context: HubContext): Promise<Agreement> {
    return new AgreementWorkflow(context).revoke(input);
  }

  @FieldResolver(() => AgreementStatus, { nullable: true, description: "The status today; an approved agreement past its period is EXPIRED." })
  @Classified(Classification.SHARED)
  status(@Root() agreement: Agreement, @Ctx() context: HubContext): AgreementStatus {
    return agreement.statusOn(vietnamDate(context.clock.now()));
  }

  @FieldResolver(() => AdministrativeUnit, { nullable: true, description: "The province that owns the data and grants access." })
  @Classified(Classification.SHARED)
  grantor(@Root() agreement: Agreement, @Ctx() context: HubContext): Lookup<AdministrativeUnit> {
    return unitOf(context, agreement.grantorCode);
  }

  @FieldResolver(() => AdministrativeUnit, { nullable: true, description: "The province whose agencies receive access." })
  @Classified(Classification.SHARED)
  grantee(@Root() agreement: Agreement, @Ctx() context: HubContext): Lookup<AdministrativeUnit> {
    return unitOf(context, agreement.granteeCode);
  }

  @FieldResolver(() => Agency, { nullable: true, description: "The grantee's agency that requested the agreement." })
  @Classified(Classification.SHARED)
  requestedBy(@Root() agreement: Agreement, @Ctx() context: HubContext): Lookup<Agency> {
    return agencyOf(context, agreement.requestedById);
  }

  @FieldResolver(() => Agency, { nullable: true, description: "The grantor's agency that approved or declined it." })
  @Classified(Classification.SHARED)
  decidedBy(@Root() agreement: Agreement, @Ctx() context: HubContext): Lookup<Agency> {
    return agreement.decidedById !== null ? agencyOf(context, agreement.decidedById) : null;
  }
}
