import { Migration } from "@mikro-orm/migrations";

/**
 * The outbox of committed changes that subscriptions deliver, its position sequence, the retention
 * horizon (the last position pruned, so a client asking to resume from before it is told it missed
 * events), and the idempotency keys that make a retried mutation a no-op.
 */
export class Migration20261201120000_events extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create sequence "hub_event_position" as bigint;`);
    this.addSql(`create table "hub_event" ("position" bigint not null, "topic" varchar(32) not null, "kind" varchar(32) not null, "record_type" varchar(64) not null, "record_id" int not null, "keys" jsonb not null, "owner_province_codes" text[] not null, "committed_at" timestamptz not null, constraint "hub_event_pkey" primary key ("position"));`);
    this.addSql(`create index "hub_event_topic_position" on "hub_event" ("topic", "position");`);
    this.addSql(`create table "hub_event_horizon" ("id" smallint not null default 1 check ("id" = 1), "pruned_through" bigint not null default 0, constraint "hub_event_horizon_pkey" primary key ("id"));`);
    this.addSql(`insert into "hub_event_horizon" ("id", "pruned_through") values (1, 0);`);
    this.addSql(`create table "idempotency_key" ("caller_subject" text not null, "key" varchar(128) not null, "operation" varchar(64) not null, "request_hash" varchar(64) not null, "result" jsonb not null, "created_at" timestamptz not null, constraint "idempotency_key_pkey" primary key ("caller_subject", "key"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "idempotency_key";`);
    this.addSql(`drop table if exists "hub_event_horizon";`);
    this.addSql(`drop table if exists "hub_event";`);
    this.addSql(`drop sequence if exists "hub_event_position";`);
  }
}
