import { ArrayType, Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { Node } from "../common/node.js";
import { HubRecord } from "../common/record.entity.js";
import { LocalDateScalar } from "../common/scalars.js";
import { Dataset } from "../common/visibility.js";
import { AdministrativeUnitEntity } from "../reference/administrative-unit.entity.js";
import { AgencyEntity } from "../reference/agency.entity.js";

registerEnumType(Dataset, {
  name: "Dataset",
  description: "The datasets a data-sharing agreement can name.",
  valuesConfig: {
    REFERENCE: { description: "Reference data: agencies, enterprises (including their financials), commodities, markets." },
    TRADE: { description: "Trade and market information: prices, trade flows, listings, OCOP products, events, memoranda, investment projects." },
    TECHNOLOGY: { description: "Enterprise technology-capability assessments (Circular 17/2019/TT-BKHCN)." },
    TRAINING: { description: "University and training links, their participants and outcomes." },
  },
});

/** The state an agreement was last put in by a person; expiry is derived from the clock (see `effectiveStatus`). */
export enum AgreementDecision {
  REQUESTED = "REQUESTED",
  APPROVED = "APPROVED",
  DECLINED = "DECLINED",
  REVOKED = "REVOKED",
}

/** What a caller sees: the decision, or EXPIRED once an approved agreement's period has ended. */
export enum AgreementStatus {
  REQUESTED = "REQUESTED",
  APPROVED = "APPROVED",
  DECLINED = "DECLINED",
  REVOKED = "REVOKED",
  EXPIRED = "EXPIRED",
}
registerEnumType(AgreementStatus, {
  name: "AgreementStatus",
  description: "Where a data-sharing agreement stands: request → approved or declined → revoked or expired.",
  valuesConfig: {
    REQUESTED: { description: "Requested by the grantee, awaiting the grantor's editors." },
    APPROVED: { description: "Approved and, within its period, in force: it grants RESTRICTED reads of the named datasets' records owned by the grantor." },
    DECLINED: { description: "Declined by the grantor with a written reason and legal basis (Decree 194/2025)." },
    REVOKED: { description: "Revoked by the grantor; no longer grants anything." },
    EXPIRED: { description: "Approved, but its period has ended; no longer grants anything." },
  },
});

/**
 * A data-sharing agreement between two provinces: the grantee asks for RESTRICTED reads of some
 * datasets owned by the grantor, for a purpose, on a legal basis, for a period.
 */
@Entity({ tableName: "agreement" })
@ObjectType({ implements: [Node, HubRecord], description: "A data-sharing agreement: the grantor province lets the grantee province's agencies read RESTRICTED fields of the named datasets." })
@Classified(Classification.SHARED)
export class Agreement extends HubRecord {
  @Property({ type: "string" })
  @Unique()
  @Field(() => String, { nullable: true, description: 'Reference number of the agreement, e.g. "TTDL-2026-VN-33-VN-SG-3F9A1C" (TTDL, the first year, grantee, grantor, a random suffix; given when it is requested). Natural key.' })
  reference!: string;

  @ManyToOne(() => AdministrativeUnitEntity, { ref: true, fieldName: "grantor_code" })
  @Index()
  grantor!: Ref<AdministrativeUnitEntity>;

  @ManyToOne(() => AdministrativeUnitEntity, { ref: true, fieldName: "grantee_code" })
  @Index()
  grantee!: Ref<AdministrativeUnitEntity>;

  @ManyToOne(() => AgencyEntity, { ref: true })
  requestedBy!: Ref<AgencyEntity>;

  @Property({ type: ArrayType, columnType: "text[]" })
  @Field(() => [Dataset], { nullable: true, description: "The datasets the agreement covers." })
  datasets!: Dataset[];

  @Property({ type: "text" })
  @Field(() => String, { nullable: true, description: "Why the grantee needs the data." })
  purpose!: string;

  @Property({ type: "text" })
  @Field(() => String, { nullable: true, description: "The legal basis the grantee invokes (e.g. a programme decision or decree)." })
  legalBasis!: string;

  @Property({ type: "date" })
  @Field(() => LocalDateScalar, { nullable: true, description: "First day the agreement may be in force." })
  periodFrom!: string;

  @Property({ type: "date" })
  @Field(() => LocalDateScalar, { nullable: true, description: "Last day the agreement may be in force; it expires by itself afterwards." })
  periodTo!: string;

  @Property({ type: "string" })
  decision!: AgreementDecision;

  @Property({ type: "timestamptz" })
  @Field(() => Date, { nullable: true, description: "When the grantee requested it." })
  requestedAt!: Date;

  @Property({ type: "timestamptz", nullable: true })
  @Field(() => Date, { nullable: true, description: "When the grantor approved or declined it." })
  decidedAt!: Date | null;

  @ManyToOne(() => AgencyEntity, { ref: true, nullable: true })
  decidedBy!: Ref<AgencyEntity> | null;

  @Property({ type: "text", nullable: true })
  @Field(() => String, { nullable: true, description: "The grantor's written reason for a decline." })
  declineReason!: string | null;

  @Property({ type: "text", nullable: true })
  @Field(() => String, { nullable: true, description: "The legal basis of a decline, as Decree 194/2025 requires for refusals." })
  declineLegalBasis!: string | null;

  @Property({ type: "timestamptz", nullable: true })
  @Field(() => Date, { nullable: true, description: "When the grantor revoked it." })
  revokedAt!: Date | null;

  @Property({ type: "text", nullable: true })
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
