import { describe, expect, it } from "vitest";
import { migrationNames } from "./migrate.js";
import { migrationsList } from "./migrations/index.js";

describe("the migrations a start checks for", () => {
  // A start loads the migrator only when the database lacks one of the files' names: a migration
  // missing from the index (which the migrator runs) would be looked for at every start, in vain.
  it("are the files the index lists, in its order", () => {
    expect(migrationNames()).toEqual(migrationsList.map((migration) => migration.name));
  });
});
