/** The roles a token can carry (the `roles` claim). */
export const ROLES = ["agency_viewer", "agency_editor", "hub_admin", "enterprise"] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is asking, as established from the bearer token once per request (or per WebSocket
 * connection). Provinces are today's ISO 3166-2:VN codes: tokens carry today's codes.
 */
export type Viewer =
  | { kind: "anonymous" }
  | {
      /** A member of a provincial agency (viewer and/or editor). */
      kind: "agency";
      subject: string;
      provinceCode: string;
      agencyCode: string | null;
      roles: Role[];
    }
  | {
      /** A registered enterprise, known by its tax code. */
      kind: "enterprise";
      subject: string;
      provinceCode: string;
      taxCode: string;
      roles: Role[];
    }
  | {
      /** A hub administrator: manages units, agencies and agreements; reads data like any member. */
      kind: "hub_admin";
      subject: string;
      provinceCode: string | null;
      agencyCode: string | null;
      roles: Role[];
    };

export const ANONYMOUS: Viewer = { kind: "anonymous" };
