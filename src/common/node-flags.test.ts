import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HUB_NODE_FLAGS, missingNodeFlags } from "./node-flags.js";
import { REPOSITORY_ROOT } from "./paths.js";

describe("the hub's Node flags", () => {
  it("are what `npm start` passes to the bundle", () => {
    const start = (JSON.parse(readFileSync(path.join(REPOSITORY_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.start!;
    const launch = start.split("&&").map((command) => command.trim().split(/\s+/)).find((words) => words.at(-1) === "dist/bundle/main.js");
    expect(launch?.slice(1, -1)).toEqual([...HUB_NODE_FLAGS]);
  });

  it("are found on the command line or in NODE_OPTIONS, in either spelling, and named when missing", () => {
    expect(missingNodeFlags([...HUB_NODE_FLAGS], "")).toEqual([]);
    expect(missingNodeFlags([], HUB_NODE_FLAGS.join(" "))).toEqual([]);
    expect(missingNodeFlags([], ` --enable-source-maps  ${HUB_NODE_FLAGS.map((flag) => flag.replace("--max-semi-space-size", "--max_semi_space_size")).join(" ")}`)).toEqual([]);
    expect(missingNodeFlags(["--enable-source-maps"], "")).toEqual([...HUB_NODE_FLAGS]);
    expect(missingNodeFlags(["--max-semi-space-size=16"], "")).toEqual(["--max-semi-space-size=8"]);
  });
});
