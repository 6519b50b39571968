import { Field, InputType } from "type-graphql";
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
