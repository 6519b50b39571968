import { ArrayType, Entity, Index, ManyToOne, Property, Unique, type Ref } from "@mikro-orm/core";
import { registerEnumType } from "type-graphql";
import { HubRecord } from "../common/record.entity.js";
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
export class AgreementEntity extends HubRecord {
  @Property({ type: "string" })
  @Unique()
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
  datasets!: Dataset[];

  @Property({ type: "text" })
  purpose!: string;

  @Property({ type: "text" })
  legalBasis!: string;

  @Property({ type: "date" })
  periodFrom!: string;

  @Property({ type: "date" })
  periodTo!: string;

  @Property({ type: "string" })
  decision!: AgreementDecision;

  @Property({ type: "timestamptz" })
  requestedAt!: Date;

  @Property({ type: "timestamptz", nullable: true })
  decidedAt!: Date | null;

  @ManyToOne(() => AgencyEntity, { ref: true, nullable: true })
  decidedBy!: Ref<AgencyEntity> | null;

  @Property({ type: "text", nullable: true })
  declineReason!: string | null;

  @Property({ type: "text", nullable: true })
  declineLegalBasis!: string | null;

  @Property({ type: "timestamptz", nullable: true })
  revokedAt!: Date | null;

  @Property({ type: "text", nullable: true })
  revokeReason!: string | null;
}
