import { randomBytes } from "node:crypto";
import { LockMode } from "@mikro-orm/core";
import { agencyEditor, callingEnterprise, ownsAny } from "../auth/writers.js";
import { vietnamDate } from "../common/clock.js";
import { badUserInput, conflict, forbidden, notFound, unauthenticated } from "../common/errors.js";
import { expectGlobalId } from "../common/node.js";
import { foldForSearch } from "../common/text.js";
import type { HubContext } from "../context.js";
import { EventTopic, type NewEvent } from "../events/index.js";
import { toReadModel } from "../common/read-model.js";
import { commodityByCode, CommodityEntity, Enterprise, enterpriseById, EnterpriseEntity } from "../reference/index.js";
import { creationKey, runWrite } from "../writes/write.js";
import { ListingEntity, ListingStatus } from "./listing.entity.js";
import { Listing } from "./trade.models.js";
import { listingById } from "./trade.loaders.js";
import type { ListingContentInput, PostListingInput, UpdateListingInput } from "./listing.inputs.js";

const CONTENT_FIELDS = ["title", "description", "quantity", "periodFrom", "periodTo", "certifications", "ocopStars", "contactName", "contactPhone", "contactEmail"] as const;

function listingEvent(listing: ListingEntity, commodityCode: string, kind: "POSTED" | "CHANGED" | "CLOSED"): NewEvent {
  return {
    topic: EventTopic.LISTINGS,
    kind,
    recordType: "Listing",
    recordId: listing.id,
    keys: { commodityCode, kind: listing.kind, provinceCode: listing.ownerProvinceCodes[0] ?? "" },
    ownerProvinceCodes: listing.ownerProvinceCodes,
  };
}

function checkPeriod(from: string | null | undefined, to: string | null | undefined): void {
  if (from && to && from > to) throw badUserInput("periodFrom must not be after periodTo", { periodTo: "before periodFrom" });
}

/**
 * Listings are written by the enterprise they belong to, or by an agency editor of its province
 * (or of the province that absorbed it), which is how agencies post for enterprises they support.
 * Two writers on one record: every change states the version it read.
 */
export class ListingWrites {
  constructor(private readonly context: HubContext) {}

  async post(input: PostListingInput): Promise<Listing> {
    const enterprise = await this.enterpriseFor(input.enterpriseId ?? null);
    if (!input.title) throw badUserInput("A listing needs a title", { title: "required" });
    checkPeriod(input.periodFrom, input.periodTo);
    const commodity = await commodityByCode(this.context).load(input.commodityCode);
    if (!commodity) throw badUserInput(`Unknown commodity ${input.commodityCode}`, { commodityCode: "unknown commodity" });
    return runWrite(this.context, async ({ tx, audited, emit }) => {
      const listing = Object.assign(new ListingEntity(), {
        reference: `LST-${enterprise.provinceCode.replace("-", "")}-${vietnamDate(this.context.clock.now()).slice(0, 4)}-${randomBytes(4).toString("hex").toUpperCase()}`,
        enterprise: tx.getReference(EnterpriseEntity, enterprise.id),
        kind: input.kind,
        commodity: tx.getReference(CommodityEntity, commodity.id),
        unit: commodity.standardUnit,
        quantity: null,
        periodFrom: null,
        periodTo: null,
        ocopStars: null,
        description: null,
        contactName: null,
        contactPhone: null,
        contactEmail: null,
        status: ListingStatus.OPEN,
        closedAt: null,
        ownerProvinceCodes: [enterprise.provinceCode],
      });
      applyContent(listing, input);
      tx.persist(listing);
      await tx.flush();
      audited(["Listing.kind", "Listing.commodity", ...CONTENT_FIELDS.map((field) => `Listing.${field}`)], listing.ownerProvinceCodes);
      emit(listingEvent(listing, commodity.code, "POSTED"));
      return toReadModel(this.context, Listing, listing);
    }, creationKey(input.idempotencyKey, "postListing", input, (id) => listingById(this.context).load(id)));
  }

  update(input: UpdateListingInput): Promise<Listing> {
    checkPeriod(input.periodFrom, input.periodTo);
    return this.change(input.id, input.version, (listing) => {
      const changed = applyContent(listing, input);
      if (changed.length === 0) throw badUserInput("The change changes nothing", {});
      checkPeriod(listing.periodFrom, listing.periodTo);
      return { kind: "CHANGED", fields: changed.map((field) => `Listing.${field}`) };
    });
  }

  close(id: string, version: number): Promise<Listing> {
    return this.change(id, version, (listing) => {
      listing.status = ListingStatus.CLOSED;
      listing.closedAt = this.context.clock.now();
      return { kind: "CLOSED", fields: ["Listing.status", "Listing.closedAt"] };
    });
  }

  private async change(globalId: string, version: number, apply: (listing: ListingEntity) => { kind: "CHANGED" | "CLOSED"; fields: string[] }): Promise<Listing> {
    const id = expectGlobalId(globalId, "Listing", "id");
    await this.assertWriter();
    return runWrite(this.context, async ({ tx, audited, emit }) => {
      const listing = await tx.findOne(ListingEntity, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ["commodity"] });
      if (!listing) throw notFound("No such listing");
      const own = this.context.viewer.kind === "enterprise" ? listing.enterprise.id === this.context.access.enterpriseId : ownsAny(this.context, listing.ownerProvinceCodes);
      if (!own) throw forbidden("Only the listing's enterprise, or an editor of its province, changes it", { ownerProvinceCodes: listing.ownerProvinceCodes });
      if (listing.status === ListingStatus.CLOSED) throw conflict("The listing is closed", { status: listing.status });
      if (listing.version !== version) throw conflict(`The listing is at version ${listing.version}, not ${version}: read it again`, { currentVersion: listing.version });
      const { kind, fields } = apply(listing);
      listing.version += 1;
      audited(fields, listing.ownerProvinceCodes);
      emit(listingEvent(listing, listing.commodity.getEntity().code, kind));
      return toReadModel(this.context, Listing, listing);
    });
  }

  /** The caller may write listings at all: an enterprise, or an agency editor whose token names its agency. */
  private async assertWriter(): Promise<void> {
    if (this.context.viewer.kind === "anonymous") throw unauthenticated("Sign in to manage listings");
    if (this.context.viewer.kind === "enterprise") await callingEnterprise(this.context, "manage its listings");
    else await agencyEditor(this.context, "manage listings for enterprises of their province");
  }

  /** The enterprise a new listing is for: the caller itself, or one of the agency editor's province. */
  private async enterpriseFor(enterpriseId: string | null): Promise<Enterprise> {
    if (this.context.viewer.kind === "enterprise") {
      const self = await callingEnterprise(this.context, "post listings");
      if (enterpriseId !== null && expectGlobalId(enterpriseId, "Enterprise", "enterpriseId") !== self.id) throw forbidden("An enterprise posts listings for itself only");
      return self;
    }
    await agencyEditor(this.context, "post listings for enterprises of their province");
    if (enterpriseId === null) throw badUserInput("enterpriseId is required when an agency posts", { enterpriseId: "required" });
    const enterprise = await enterpriseById(this.context).load(expectGlobalId(enterpriseId, "Enterprise", "enterpriseId"));
    if (!enterprise) throw notFound("No such enterprise");
    if (!ownsAny(this.context, enterprise.ownerProvinceCodes)) throw forbidden(`The enterprise belongs to ${enterprise.provinceCode}: only its province's editors post for it`);
    return enterprise;
  }
}

/** Copies what the input gives onto the listing; returns the fields it changed. */
function applyContent(listing: ListingEntity, input: ListingContentInput): string[] {
  const changed: string[] = [];
  for (const field of CONTENT_FIELDS) {
    const value = input[field];
    if (value === undefined || (value === null && field === "title")) continue;
    const next = field === "certifications" ? [...new Set((value as string[] | null) ?? [])] : value;
    if (JSON.stringify((listing as unknown as Record<string, unknown>)[field] ?? null) === JSON.stringify(next)) continue;
    (listing as unknown as Record<string, unknown>)[field] = next;
    changed.push(field);
  }
  if (changed.includes("title")) listing.searchTitle = foldForSearch(listing.title);
  return changed;
}
