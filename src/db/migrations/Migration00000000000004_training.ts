import { Migration } from "@mikro-orm/migrations";

/** Hand-written SQL of the training domain: indexes and constraints the entity metadata cannot express. */
export class Migration00000000000004_training extends Migration {
  override async up(): Promise<void> {}
}
