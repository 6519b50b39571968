import { Migration } from "@mikro-orm/migrations";

/** Operations hub administrators register for third-party clients (`registerOperations`), keyed by the SHA-256 of their text. */
export class Migration20261203140000_registered_operations extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "registered_operation" ("id" varchar(64) not null, "client" varchar(100) not null, "text" text not null, "registered_by" text not null, "registered_at" timestamptz not null, constraint "registered_operation_pkey" primary key ("id"));`);
    this.addSql(`create index "registered_operation_client" on "registered_operation" ("client");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "registered_operation";`);
  }
}
