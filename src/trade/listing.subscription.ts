import { Arg, Ctx, Field, ObjectType, Resolver, Root, Subscription, registerEnumType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import type { HubContext } from "../context.js";
import { EventTopic } from "../events/index.js";
import { deliveries, EventGap, type Delivery } from "../events/subscription.js";
import { ListingKind } from "./listing.entity.js";
import { Listing } from "./trade.models.js";
import { listingById } from "./trade.loaders.js";

export enum ListingEventKind {
  POSTED = "POSTED",
  CHANGED = "CHANGED",
  CLOSED = "CLOSED",
}
registerEnumType(ListingEventKind, {
  name: "ListingEventKind",
  description: "What happened to a listing.",
  valuesConfig: {
    POSTED: { description: "Posted, open." },
    CHANGED: { description: "Its content changed." },
    CLOSED: { description: "Closed by its enterprise or agency." },
  },
});

@ObjectType({ description: "A listing posted, changed or closed, or a gap notice when a resume reaches back past retention." })
@Classified(Classification.PUBLIC)
export class ListingEvent {
  @Field(() => String, { nullable: true, description: "The event's position: pass the last one received as `after` to resume. Null for a gap notice." })
  position!: string | null;

  @Field(() => ListingEventKind, { nullable: true, description: "What happened; null for a gap notice." })
  kind!: ListingEventKind | null;

  @Field(() => Date, { nullable: true, description: "When the change committed." })
  committedAt!: Date | null;

  @Field(() => Listing, { nullable: true, description: "The listing as it is at delivery (contacts are SHARED: members only)." })
  listing!: Listing | null;

  @Field(() => EventGap, { nullable: true, description: "Set when events were missed (pruned by retention) before this point." })
  gap!: EventGap | null;
}

@Resolver(() => ListingEvent)
export class ListingSubscriptionResolver {
  @Subscription(() => ListingEvent, {
    description: "Listings as they are posted, changed or closed, optionally only of some commodities or kinds. `after` resumes after the last position received.",
    subscribe: ({ args, context }) => {
      const { after, commodityCodes, kinds } = args as { after?: string | null; commodityCodes?: string[] | null; kinds?: ListingKind[] | null };
      const commodities = commodityCodes?.length ? new Set(commodityCodes) : null;
      const wantedKinds = kinds?.length ? new Set<string>(kinds) : null;
      return deliveries(
        context as HubContext,
        EventTopic.LISTINGS,
        after,
        (event) => (!commodities || commodities.has(event.keys.commodityCode ?? "")) && (!wantedKinds || wantedKinds.has(event.keys.kind ?? "")),
        (ctx, event) => listingById(ctx).load(event.recordId),
      );
    },
  })
  listingChanged(
    @Root() delivery: Delivery<Listing>,
    @Arg("after", () => String, { nullable: true, description: "Resume after this position (the last one received); omitted, only new events." }) _after: string | null,
    @Arg("commodityCodes", () => [String], { nullable: true, description: "Only listings of these commodities (codes)." }) _commodityCodes: string[] | null,
    @Arg("kinds", () => [ListingKind], { nullable: true, description: "Only offers or only demands." }) _kinds: ListingKind[] | null,
    @Ctx() _context: HubContext,
  ): ListingEvent {
    return { position: delivery.position, kind: delivery.kind as ListingEventKind | null, committedAt: delivery.committedAt, listing: delivery.record, gap: delivery.gap };
  }
}
