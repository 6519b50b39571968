import { Migration } from "@mikro-orm/migrations";

/** Hand-written SQL of the technology domain: indexes and constraints the entity metadata cannot express. */
export class Migration00000000000003_technology extends Migration {
  override async up(): Promise<void> {}
}
