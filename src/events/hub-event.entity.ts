import { ArrayType, BigIntType, Entity, Index, PrimaryKey, Property } from "@mikro-orm/core";

/** What a subscription follows: one topic per kind of record that dashboards watch. */
export enum EventTopic {
  PRICE_OBSERVATIONS = "PRICE_OBSERVATIONS",
  LISTINGS = "LISTINGS",
  ASSESSMENTS = "ASSESSMENTS",
  TRAINING_LINKS = "TRAINING_LINKS",
  AGREEMENTS = "AGREEMENTS",
  /** Mergers of administrative units: no subscription of its own, but what callers may read follows them. */
  UNITS = "UNITS",
  /** Reference data changed (agencies): no subscription; every instance forgets its cache of it. */
  REFERENCE = "REFERENCE",
  /** Registered operations revoked (`revokeOperations`): no subscription; every instance forgets them. */
  OPERATIONS = "OPERATIONS",
}

/**
 * One entry of the outbox: a change committed with the data it describes. It is written in the
 * writing transaction, so it exists exactly when the change does, and its position is stamped
 * after the commit by the log sequencer (src/events/log-sequencer.ts), so positions follow commit
 * order and "everything after position N" never skips an event that committed later. It holds
 * which record changed, never its values: each subscriber reads the record as it may at delivery.
 */
@Entity({ tableName: "hub_event" })
@Index({ name: "hub_event_topic_position", properties: ["topic", "position"] })
export class HubEvent {
  /** The row's own number, drawn when it is inserted: insertion order, not commit order. */
  @PrimaryKey({ type: new BigIntType("string") })
  id!: string;

  /** Position in the log, increasing in commit order (bigint, as a string); null until sequenced. */
  // As a string: a position is an opaque, ever-growing cursor, past what a JavaScript number holds exactly.
  @Property({ type: new BigIntType("string"), nullable: true, unique: "hub_event_position_unique" })
  position!: string | null;

  @Property({ type: "string", length: 32 })
  topic!: EventTopic;

  /** What happened, e.g. POSTED, CHANGED, CLOSED, PUBLISHED, APPROVED, REVOKED. */
  @Property({ type: "string", length: 32 })
  kind!: string;

  @Property({ type: "string", length: 64 })
  recordType!: string;

  @Property({ type: "integer" })
  recordId!: number;

  /** Values subscriptions filter on (e.g. the commodity and market codes of a price), none of them classified. */
  @Property({ type: "json" })
  keys!: Record<string, string>;

  @Property({ type: ArrayType, columnType: "text[]" })
  ownerProvinceCodes!: string[];

  @Property({ type: "timestamptz" })
  committedAt!: Date;
}

/** An outbox entry the log sequencer has stamped: the only kind a reader of the log is given. */
export type SequencedEvent = HubEvent & { position: string };
