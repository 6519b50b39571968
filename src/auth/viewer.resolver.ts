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
}

@Resolver()
export class ViewerResolver {
  @Query(() => ViewerInfo, { description: "Who the hub takes the caller to be." })
  viewer(@Ctx() context: HubContext): ViewerInfo {
    const viewer = context.viewer;
    switch (viewer.kind) {
      case "anonymous":
        return { kind: ViewerKind.ANONYMOUS, provinceCode: null, agencyCode: null, taxCode: null, roles: [] };
      case "agency":
        return { kind: ViewerKind.AGENCY, provinceCode: viewer.provinceCode, agencyCode: viewer.agencyCode, taxCode: null, roles: viewer.roles };
      case "enterprise":
        return { kind: ViewerKind.ENTERPRISE, provinceCode: viewer.provinceCode, agencyCode: null, taxCode: viewer.taxCode, roles: viewer.roles };
      case "hub_admin":
        return { kind: ViewerKind.HUB_ADMIN, provinceCode: viewer.provinceCode, agencyCode: viewer.agencyCode, taxCode: null, roles: viewer.roles };
    }
  }
}

export const authDomain: DomainModule = { name: "auth", entities: [], resolvers: [ViewerResolver] };
