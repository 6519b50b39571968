import { Arg, Ctx, Field, ObjectType, Resolver, Root, Subscription, registerEnumType } from "type-graphql";
import { Classification, Classified } from "../common/classification.js";
import { unauthenticated } from "../common/errors.js";
import type { HubContext } from "../context.js";
import { EventTopic } from "../events/hub-event.entity.js";
import { deliveries, EventGap, type Delivery } from "../events/subscription.js";
import { Agreement } from "./sharing.models.js";
import { agreementById } from "./agreement.loaders.js";

export enum AgreementEventKind {
  REQUESTED = "REQUESTED",
  APPROVED = "APPROVED",
  DECLINED = "DECLINED",
  REVOKED = "REVOKED",
}
registerEnumType(AgreementEventKind, {
  name: "AgreementEventKind",
  description: "What happened to an agreement.",
  valuesConfig: {
    REQUESTED: { description: "The grantee requested it." },
    APPROVED: { description: "The grantor approved it: it grants from the grantee's next request and event." },
    DECLINED: { description: "The grantor declined it, with reason and legal basis." },
    REVOKED: { description: "The grantor revoked it: its grants end with the grantee's next request and event." },
  },
});

@ObjectType({ description: "A change of a data-sharing agreement, or a gap notice when a resume reaches back past retention." })
@Classified(Classification.PUBLIC)
export class AgreementEvent {
  @Field(() => String, { nullable: true, description: "The event's position: pass the last one received as `after` to resume. Null for a gap notice." })
  position!: string | null;

  @Field(() => AgreementEventKind, { nullable: true, description: "What happened; null for a gap notice." })
  kind!: AgreementEventKind | null;

  @Field(() => Date, { nullable: true, description: "When the change committed." })
  committedAt!: Date | null;

  @Field(() => Agreement, { nullable: true, description: "The agreement as it is at delivery, with the fields the subscriber may read." })
  agreement!: Agreement | null;

  @Field(() => EventGap, { nullable: true, description: "Set when events were missed (pruned by retention) before this point." })
  gap!: EventGap | null;
}

@Resolver(() => AgreementEvent)
export class AgreementSubscriptionResolver {
  @Subscription(() => AgreementEvent, {
    description:
      "Agreements requested, approved, declined or revoked, for signed-in members (agreements are SHARED). `after` resumes after the last position received, replaying what was missed.",
    subscribe: ({ args, context }) => {
      const hub = context as HubContext;
      if (hub.viewer.kind === "anonymous") throw unauthenticated("Sign in to follow agreements (they are SHARED)");
      const { after, provinceCodes } = args as { after?: string | null; provinceCodes?: string[] | null };
      const parties = provinceCodes?.length ? new Set(provinceCodes) : null;
      return deliveries(
        hub,
        EventTopic.AGREEMENTS,
        after,
        (event) => !parties || parties.has(event.keys.grantorCode ?? "") || parties.has(event.keys.granteeCode ?? ""),
        (ctx, event) => agreementById(ctx).load(event.recordId),
      );
    },
  })
  agreementChanged(
    @Root() delivery: Delivery<Agreement>,
    @Arg("after", () => String, { nullable: true, description: "Resume after this position (the last one received); omitted, only new events." }) _after: string | null,
    @Arg("provinceCodes", () => [String], { nullable: true, description: "Only agreements with one of these provinces as grantor or grantee." }) _provinceCodes: string[] | null,
    @Ctx() _context: HubContext,
  ): AgreementEvent {
    return { position: delivery.position, kind: delivery.kind as AgreementEventKind | null, committedAt: delivery.committedAt, agreement: delivery.record, gap: delivery.gap };
  }
}
