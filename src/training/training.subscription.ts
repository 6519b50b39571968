import { Arg, Ctx, Field, ObjectType, Resolver, Root, Subscription, registerEnumType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import type { HubContext } from "../context.js";
import { EventTopic } from "../events/index.js";
import { deliveries, EventGap, type Delivery } from "../events/subscription.js";
import { TrainingLink } from "./training.models.js";
import { trainingLinkById } from "./training.loaders.js";

export enum TrainingLinkEventKind {
  RECORDED = "RECORDED",
  CHANGED = "CHANGED",
}
registerEnumType(TrainingLinkEventKind, {
  name: "TrainingLinkEventKind",
  description: "What happened to a training link.",
  valuesConfig: {
    RECORDED: { description: "Recorded, with its roster and outcomes so far." },
    CHANGED: { description: "Its status, period, figures, roster or outcomes changed." },
  },
});

@ObjectType({ description: "A training link recorded or changed, or a gap notice when a resume reaches back past retention." })
@Classified(Classification.PUBLIC)
export class TrainingLinkEvent {
  @Field(() => String, { nullable: true, description: "The event's position: pass the last one received as `after` to resume. Null for a gap notice." })
  position!: string | null;

  @Field(() => TrainingLinkEventKind, { nullable: true, description: "What happened; null for a gap notice." })
  kind!: TrainingLinkEventKind | null;

  @Field(() => Date, { nullable: true, description: "When the change committed." })
  committedAt!: Date | null;

  @Field(() => TrainingLink, { nullable: true, description: "The link as it is at delivery (budget RESTRICTED, roster CONFIDENTIAL)." })
  trainingLink!: TrainingLink | null;

  @Field(() => EventGap, { nullable: true, description: "Set when events were missed (pruned by retention) before this point." })
  gap!: EventGap | null;
}

@Resolver(() => TrainingLinkEvent)
export class TrainingLinkSubscriptionResolver {
  @Subscription(() => TrainingLinkEvent, {
    description: "Training links as they are recorded or changed, optionally only those with one of some provinces on either side. `after` resumes after the last position received.",
    subscribe: ({ args, context }) => {
      const { after, provinceCodes } = args as { after?: string | null; provinceCodes?: string[] | null };
      const provinces = provinceCodes?.length ? new Set(provinceCodes) : null;
      return deliveries(
        context as HubContext,
        EventTopic.TRAINING_LINKS,
        after,
        (event) => !provinces || provinces.has(event.keys.institutionProvinceCode ?? "") || provinces.has(event.keys.partnerProvinceCode ?? ""),
        (ctx, event) => trainingLinkById(ctx).load(event.recordId),
      );
    },
  })
  trainingLinkChanged(
    @Root() delivery: Delivery<TrainingLink>,
    @Arg("after", () => String, { nullable: true, description: "Resume after this position (the last one received); omitted, only new events." }) _after: string | null,
    @Arg("provinceCodes", () => [String], { nullable: true, description: "Only links with one of these provinces as the institution's or the partner's." }) _provinceCodes: string[] | null,
    @Ctx() _context: HubContext,
  ): TrainingLinkEvent {
    return { position: delivery.position, kind: delivery.kind as TrainingLinkEventKind | null, committedAt: delivery.committedAt, trainingLink: delivery.record, gap: delivery.gap };
  }
}
