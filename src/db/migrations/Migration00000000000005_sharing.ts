import { Migration } from "@mikro-orm/migrations";

/** Hand-written SQL of the sharing domain: indexes and constraints the entity metadata cannot express. */
export class Migration00000000000005_sharing extends Migration {
  override async up(): Promise<void> {}
}
