import { ArrayNotEmpty, Length, Matches } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { LocalDateScalar } from "../common/scalars.js";
import { ProvinceFilter } from "../reference/reference.inputs.js";
import { Dataset } from "../common/visibility.js";
import { AgreementStatus } from "./agreement.entity.js";

@InputType({ description: "Filters of the agreement list." })
export class AgreementFilter {
  @Field(() => ProvinceFilter, { nullable: true, description: "Agreements granted by these provinces." })
  grantor?: ProvinceFilter | null;

  @Field(() => ProvinceFilter, { nullable: true, description: "Agreements granted to these provinces." })
  grantee?: ProvinceFilter | null;

  @Field(() => [AgreementStatus], { nullable: true, description: "Statuses as of today (EXPIRED is derived from the period)." })
  statuses?: AgreementStatus[] | null;

  @Field(() => [Dataset], { nullable: true, description: "Agreements covering any of these datasets." })
  datasets?: Dataset[] | null;
}

@InputType({ description: "A grantee's request for RESTRICTED reads of another province's datasets." })
export class RequestAgreementInput {
  @Field(() => String, { nullable: true, description: "A key of your choosing (a UUID) that makes a retry safe: a repeat with the same key and input returns the record the first call created." })
  idempotencyKey?: string | null;

  @Field({ description: "Today's ISO code of the province asked to grant access (the owner of the data)." })
  @Matches(/^VN-[0-9A-Z]{2}$/, { message: "grantorCode must be an ISO 3166-2:VN code such as VN-33" })
  grantorCode!: string;

  @Field(() => [Dataset], { description: "The datasets asked for." })
  @ArrayNotEmpty({ message: "datasets must name at least one dataset" })
  datasets!: Dataset[];

  @Field({ description: "Why the grantee needs the data." })
  @Length(10, 2000, { message: "purpose must be 10 to 2000 characters" })
  purpose!: string;

  @Field({ description: "The legal basis the grantee invokes." })
  @Length(5, 1000, { message: "legalBasis must be 5 to 1000 characters" })
  legalBasis!: string;

  @Field(() => LocalDateScalar, { description: "First day the agreement would be in force." })
  periodFrom!: string;

  @Field(() => LocalDateScalar, { description: "Last day the agreement would be in force." })
  periodTo!: string;
}

@InputType({ description: "The grantor's refusal, with the written reason and legal basis Decree 194/2025 requires." })
export class DeclineAgreementInput {
  @Field(() => ID, { description: "The agreement's global id." })
  id!: string;

  @Field({ description: "The written reason for the refusal." })
  @Length(10, 2000, { message: "reason must be 10 to 2000 characters" })
  reason!: string;

  @Field({ description: "The legal basis of the refusal." })
  @Length(5, 1000, { message: "legalBasis must be 5 to 1000 characters" })
  legalBasis!: string;
}

@InputType({ description: "The grantor's revocation of an agreement in force." })
export class RevokeAgreementInput {
  @Field(() => ID, { description: "The agreement's global id." })
  id!: string;

  @Field({ description: "Why the grantor revokes it." })
  @Length(10, 2000, { message: "reason must be 10 to 2000 characters" })
  reason!: string;
}
