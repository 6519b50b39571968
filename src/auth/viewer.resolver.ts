import { Ctx, Field, ObjectType, Query, Resolver, registerEnumType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import type { HubContext } from "../context.js";
import type { DomainModule } from "../domain.js";

export enum ViewerKind {
  ANONYMOUS = "ANONYMOUS",
  AGENCY = "AGENCY",
  ENTERPRISE = "ENTERPRISE",
  HUB_ADMIN = "HUB_ADMIN",
}
registerEnumType(ViewerKind, {
  name: "ViewerKind",
  description: "The kinds of caller the hub tells apart.",
  valuesConfig: {
    ANONYMOUS: { description: "No token: reads PUBLIC fields only." },
    AGENCY: { description: "A member of a provincial agency (roles agency_viewer, agency_editor)." },
    ENTERPRISE: { description: "A registered enterprise (role enterprise), known by its tax code." },
    HUB_ADMIN: { description: "A hub administrator: manages units, agencies and agreements; reads data like any member." },
  },
});

/** An agreement in force the caller's province holds, as the policy applies it. */
@ObjectType({ description: "A data-sharing agreement in force that the caller's province holds, as the hub applies it to this request." })
@Classified(Classification.PUBLIC)
export class ViewerGrant {
  @Field({ description: "The agreement's reference number." })
  reference!: string;

  @Field({ description: "The granting province." })
  grantorCode!: string;

  @Field(() => [String], { description: "The datasets it covers." })
  datasets!: string[];

  @Field(() => [String], { description: "The units whose records it covers: the grantor and the units it absorbed." })
  coveredProvinceCodes!: string[];
}

/** Who the hub takes the caller to be, so a dashboard can show it and tests can check it. */
@ObjectType({ description: "The caller as the hub established it from the bearer token." })
@Classified(Classification.PUBLIC)
export class ViewerInfo {
  @Field(() => ViewerKind, { description: "The kind of caller." })
  kind!: ViewerKind;

  @Field(() => String, { nullable: true, description: "Today's ISO 3166-2:VN code of the caller's province; null when anonymous." })
  provinceCode!: string | null;

  @Field(() => String, { nullable: true, description: "The caller's agency code, when the token names one." })
  agencyCode!: string | null;

  @Field(() => String, { nullable: true, description: "The enterprise's tax code, for enterprise callers." })
  taxCode!: string | null;

  @Field(() => [String], { description: "The roles the token grants." })
  roles!: string[];

  @Field(() => [String], {
    description:
      "The units whose records the caller reads as an owner: an agency's province and the units it absorbed (from the merge date). Empty for enterprises, administrators and anonymous callers.",
  })
  ownerOfProvinceCodes!: string[];

  @Field(() => [ViewerGrant], { description: "The agreements in force the caller's province holds (agencies only), read for this request." })
  agreementsInForce!: ViewerGrant[];
}

@Resolver()
export class ViewerResolver {
  @Query(() => ViewerInfo, { description: "Who the hub takes the caller to be." })
  viewer(@Ctx() context: HubContext): ViewerInfo {
    const viewer = context.viewer;
    const access = {
      ownerOfProvinceCodes: viewer.kind === "agency" ? [...context.access.ownCodes].sort() : [],
      agreementsInForce: context.access.grants.map((grant) => ({
        reference: grant.reference,
        grantorCode: grant.grantorCode,
        datasets: [...grant.datasets].sort(),
        coveredProvinceCodes: [...grant.coveredCodes].sort(),
      })),
    };
    switch (viewer.kind) {
      case "anonymous":
        return { kind: ViewerKind.ANONYMOUS, provinceCode: null, agencyCode: null, taxCode: null, roles: [], ...access };
      case "agency":
        return { kind: ViewerKind.AGENCY, provinceCode: viewer.provinceCode, agencyCode: viewer.agencyCode, taxCode: null, roles: viewer.roles, ...access };
      case "enterprise":
        return { kind: ViewerKind.ENTERPRISE, provinceCode: viewer.provinceCode, agencyCode: null, taxCode: viewer.taxCode, roles: viewer.roles, ...access };
      case "hub_admin":
        return { kind: ViewerKind.HUB_ADMIN, provinceCode: viewer.provinceCode, agencyCode: viewer.agencyCode, taxCode: null, roles: viewer.roles, ...access };
    }
  }
}

export const authDomain: DomainModule = { name: "auth", entities: [], resolvers: [ViewerResolver] };
