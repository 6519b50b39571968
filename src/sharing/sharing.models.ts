import { Field, ObjectType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { Node } from "../common/node.js";
import { OwnedRecord } from "../common/owned-record.js";
import { LocalDateScalar } from "../common/scalars.js";
import { Dataset } from "../common/visibility.js";
import { AgreementDecision, AgreementStatus } from "./agreement.entity.js";

/**
 * The read model of a data-sharing agreement (see src/common/read-model.ts), filled from a row of
 * `agreement` (the table is `AgreementEntity`'s): the grantee asks for RESTRICTED reads of some
 * datasets owned by the grantor, for a purpose, on a legal basis, for a period.
 */
@ObjectType({ implements: [Node, OwnedRecord], description: "A data-sharing agreement: the grantor province lets the grantee province's agencies read RESTRICTED fields of the named datasets." })
@Classified(Classification.SHARED)
export class Agreement extends OwnedRecord {
  @Field(() => String, { nullable: true, description: 'Reference number of the agreement, e.g. "TTDL-2026-VN-33-VN-SG-3F9A1C" (TTDL, the first year, grantee, grantor, a random suffix; given when it is requested). Natural key.' })
  reference!: string;

  grantorCode!: string;
  granteeCode!: string;
  requestedById!: number;

  @Field(() => [Dataset], { nullable: true, description: "The datasets the agreement covers." })
  datasets!: Dataset[];

  @Field(() => String, { nullable: true, description: "Why the grantee needs the data." })
  purpose!: string;

  @Field(() => String, { nullable: true, description: "The legal basis the grantee invokes (e.g. a programme decision or decree)." })
  legalBasis!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: "First day the agreement may be in force." })
  periodFrom!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: "Last day the agreement may be in force; it expires by itself afterwards." })
  periodTo!: string;

  decision!: AgreementDecision;

  @Field(() => Date, { nullable: true, description: "When the grantee requested it." })
  requestedAt!: Date;

  @Field(() => Date, { nullable: true, description: "When the grantor approved or declined it." })
  decidedAt!: Date | null;

  decidedById!: number | null;

  @Field(() => String, { nullable: true, description: "The grantor's written reason for a decline." })
  declineReason!: string | null;

  @Field(() => String, { nullable: true, description: "The legal basis of a decline, as Decree 194/2025 requires for refusals." })
  declineLegalBasis!: string | null;

  @Field(() => Date, { nullable: true, description: "When the grantor revoked it." })
  revokedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "The grantor's reason for revoking it." })
  revokeReason!: string | null;

  /** The status on a given day (YYYY-MM-DD in Asia/Ho_Chi_Minh): an approved agreement past its period has expired. */
  statusOn(today: string): AgreementStatus {
    if (this.decision === AgreementDecision.APPROVED && this.periodTo < today) return AgreementStatus.EXPIRED;
    return this.decision as unknown as AgreementStatus;
  }

  get dataset(): Dataset {
    return Dataset.REFERENCE;
  }
}
