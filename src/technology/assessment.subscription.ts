import { Arg, Ctx, Field, ObjectType, Resolver, Root, Subscription } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import type { HubContext } from "../context.js";
import { EventTopic } from "../events/index.js";
import { deliveries, EventGap, type Delivery } from "../events/subscription.js";
import { Assessment } from "./technology.models.js";
import { assessmentById } from "./technology.loaders.js";

@ObjectType({ description: "A published assessment, or a gap notice when a resume reaches back past retention." })
@Classified(Classification.PUBLIC)
export class AssessmentEvent {
  @Field(() => String, { nullable: true, description: "The event's position: pass the last one received as `after` to resume. Null for a gap notice." })
  position!: string | null;

  @Field(() => Date, { nullable: true, description: "When the publication committed." })
  committedAt!: Date | null;

  @Field(() => Assessment, { nullable: true, description: "The assessment, with the fields the subscriber may read at delivery (scores are RESTRICTED)." })
  assessment!: Assessment | null;

  @Field(() => EventGap, { nullable: true, description: "Set when events were missed (pruned by retention) before this point." })
  gap!: EventGap | null;
}

@Resolver(() => AssessmentEvent)
export class AssessmentSubscriptionResolver {
  @Subscription(() => AssessmentEvent, {
    description:
      "Assessments as they are published, optionally only of some provinces (the enterprise's, as made) or sectors. Each subscriber reads the fields it may at delivery: an agreement revoked meanwhile withholds the scores from the next event.",
    subscribe: ({ args, context }) => {
      const { after, provinceCodes, vsicPrefixes } = args as { after?: string | null; provinceCodes?: string[] | null; vsicPrefixes?: string[] | null };
      const provinces = provinceCodes?.length ? new Set(provinceCodes) : null;
      return deliveries(
        context as HubContext,
        EventTopic.ASSESSMENTS,
        after,
        (event) => (!provinces || provinces.has(event.keys.provinceCode ?? "")) && (!vsicPrefixes?.length || vsicPrefixes.some((prefix) => (event.keys.vsicCode ?? "").startsWith(prefix))),
        (ctx, event) => assessmentById(ctx).load(event.recordId),
      );
    },
  })
  assessmentPublished(
    @Root() delivery: Delivery<Assessment>,
    @Arg("after", () => String, { nullable: true, description: "Resume after this position (the last one received); omitted, only new events." }) _after: string | null,
    @Arg("provinceCodes", () => [String], { nullable: true, description: "Only assessments owned by these units (ISO codes as the records were made, e.g. VN-28 for Kon Tum's)." }) _provinceCodes: string[] | null,
    @Arg("vsicPrefixes", () => [String], { nullable: true, description: 'Only these sectors: VSIC 2018 prefixes, e.g. "10".' }) _vsicPrefixes: string[] | null,
    @Ctx() _context: HubContext,
  ): AssessmentEvent {
    return { position: delivery.position, committedAt: delivery.committedAt, assessment: delivery.record, gap: delivery.gap };
  }
}
