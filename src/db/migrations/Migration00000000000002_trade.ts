import { Migration } from "@mikro-orm/migrations";

/** Hand-written SQL of the trade domain: indexes and constraints the entity metadata cannot express. */
export class Migration00000000000002_trade extends Migration {
  override async up(): Promise<void> {}
}
