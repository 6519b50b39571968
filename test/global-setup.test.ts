/** Which database a test run uses, and when the lack of a server fails it (test/support/global-setup.ts). */
import { describe, expect, it } from "vitest";
import { chooseTestDatabase, isContinuousIntegration } from "./support/global-setup.js";

const URL = "postgres://postgres@127.0.0.1:5432/postgres";

describe("the test run's database", () => {
  it("is the PostgreSQL server whenever one answers, in CI or not", () => {
    expect(chooseTestDatabase(true, {}, URL)).toBe("server");
    expect(chooseTestDatabase(true, { CI: "true" }, URL)).toBe("server");
  });

  it("falls back to the embedded database for a newcomer without a server", () => {
    expect(chooseTestDatabase(false, {}, URL)).toBe("embedded");
    expect(chooseTestDatabase(false, { CI: "false" }, URL)).toBe("embedded");
  });

  it("fails the run in CI when no server answers, saying where it looked and what to do", () => {
    expect(() => chooseTestDatabase(false, { CI: "true" }, URL)).toThrow(/No PostgreSQL server answers at 127\.0\.0\.1:5432 \(TEST_DATABASE_URL\), and CI=true.*Start PostgreSQL, or set TEST_DATABASE_URL/);
  });

  it("reads CI as the services set it", () => {
    expect(isContinuousIntegration({ CI: "true" })).toBe(true);
    expect(isContinuousIntegration({ CI: "TRUE" })).toBe(true);
    expect(isContinuousIntegration({ CI: "1" })).toBe(true);
    expect(isContinuousIntegration({ CI: "false" })).toBe(false);
    expect(isContinuousIntegration({ CI: "" })).toBe(false);
    expect(isContinuousIntegration({})).toBe(false);
  });
});
