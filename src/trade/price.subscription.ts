import { Arg, Ctx, Field, ObjectType, Resolver, Root, Subscription, registerEnumType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import type { HubContext } from "../context.js";
import { EventTopic } from "../events/index.js";
import { deliveries, EventGap, type Delivery } from "../events/subscription.js";
import { PriceType } from "./price-observation.entity.js";
import { PriceObservation } from "./trade.models.js";
import { dataImportById } from "../imports/data-import.loaders.js";
import { DataImport } from "../imports/data-import.model.js";
import { priceObservationById } from "./trade.loaders.js";

export enum PriceObservationEventKind {
  ADDED = "ADDED",
  CORRECTED = "CORRECTED",
  IMPORTED = "IMPORTED",
}
registerEnumType(PriceObservationEventKind, {
  name: "PriceObservationEventKind",
  description: "What happened to a price observation.",
  valuesConfig: {
    ADDED: { description: "Reported (by a mutation or an import)." },
    CORRECTED: { description: "Corrected by its agency; the earlier value is in `corrections`." },
    IMPORTED: { description: "A CSV file of prices was imported: one event for the file (`imported`), not one per row; re-read the affected series." },
  },
});

@ObjectType({ description: "A new or corrected price, or a gap notice when a resume reaches back past retention." })
@Classified(Classification.PUBLIC)
export class PriceObservationEvent {
  @Field(() => String, { nullable: true, description: "The event's position: pass the last one received as `after` to resume. Null for a gap notice." })
  position!: string | null;

  @Field(() => PriceObservationEventKind, { nullable: true, description: "What happened; null for a gap notice." })
  kind!: PriceObservationEventKind | null;

  @Field(() => Date, { nullable: true, description: "When the change committed." })
  committedAt!: Date | null;

  @Field(() => PriceObservation, { nullable: true, description: "The observation as it is at delivery; null for an import." })
  priceObservation!: PriceObservation | null;

  @Field(() => DataImport, { nullable: true, description: "The import, for IMPORTED events: which commodities and markets it brought prices of." })
  imported!: DataImport | null;

  @Field(() => EventGap, { nullable: true, description: "Set when events were missed (pruned by retention) before this point." })
  gap!: EventGap | null;
}

@Resolver(() => PriceObservationEvent)
export class PriceSubscriptionResolver {
  @Subscription(() => PriceObservationEvent, {
    description:
      "Prices as they are reported or corrected, optionally only of some commodities, markets or price types, and CSV imports of prices (one event per file). `after` resumes after the last position received.",
    subscribe: ({ args, context }) => {
      const { after, commodityCodes, marketCodes, priceTypes } = args as { after?: string | null; commodityCodes?: string[] | null; marketCodes?: string[] | null; priceTypes?: PriceType[] | null };
      const wanted = (values: readonly string[] | null | undefined) => (values?.length ? new Set(values) : null);
      const commodities = wanted(commodityCodes);
      const markets = wanted(marketCodes);
      const types = wanted(priceTypes);
      const anyOf = (wanted: Set<string> | null, listed: string | undefined) => !wanted || (listed ?? "").split(",").some((code) => wanted.has(code));
      return deliveries<PriceObservation | DataImport>(
        context as HubContext,
        EventTopic.PRICE_OBSERVATIONS,
        after,
        (event) =>
          event.kind === PriceObservationEventKind.IMPORTED
            ? anyOf(commodities, event.keys.commodityCodes) && anyOf(markets, event.keys.marketCodes)
            : (!commodities || commodities.has(event.keys.commodityCode ?? "")) && (!markets || markets.has(event.keys.marketCode ?? "")) && (!types || types.has(event.keys.priceType ?? "")),
        (ctx, event) => (event.kind === PriceObservationEventKind.IMPORTED ? dataImportById(ctx).load(event.recordId) : priceObservationById(ctx).load(event.recordId)),
      );
    },
  })
  priceObservationAdded(
    @Root() delivery: Delivery<PriceObservation | DataImport>,
    @Arg("after", () => String, { nullable: true, description: "Resume after this position (the last one received); omitted, only new events." }) _after: string | null,
    @Arg("commodityCodes", () => [String], { nullable: true, description: "Only these commodities (codes)." }) _commodityCodes: string[] | null,
    @Arg("marketCodes", () => [String], { nullable: true, description: "Only these markets (codes)." }) _marketCodes: string[] | null,
    @Arg("priceTypes", () => [PriceType], { nullable: true, description: "Only these price types." }) _priceTypes: PriceType[] | null,
    @Ctx() _context: HubContext,
  ): PriceObservationEvent {
    // The record was loaded by the event's kind (see `subscribe`): an import, or an observation.
    const record = delivery.record;
    const isImport = delivery.kind === PriceObservationEventKind.IMPORTED;
    return {
      position: delivery.position,
      kind: delivery.kind as PriceObservationEventKind | null,
      committedAt: delivery.committedAt,
      priceObservation: isImport ? null : (record as PriceObservation | null),
      imported: isImport ? (record as DataImport | null) : null,
      gap: delivery.gap,
    };
  }
}
