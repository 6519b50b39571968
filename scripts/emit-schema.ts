/** Writes schema/schema.graphql from the code (`npm run schema`). */
import { writeFile } from "node:fs/promises";
import { buildHubSchema, printHubSchema } from "../src/schema.js";
import { parseCommandLine } from "./command-line.js";

parseCommandLine("usage: npm run schema   (writes schema/schema.graphql from the code)", {});

const target = new URL("../../schema/schema.graphql", import.meta.url);
await writeFile(target, printHubSchema(await buildHubSchema()));
console.log(`wrote ${target.pathname}`);
