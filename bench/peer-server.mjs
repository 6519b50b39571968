/**
 * The benchmark's peer: PostGraphile 5 (Amber preset, grafserv on node:http) over the bench
 * database's `hub_peer` schema (views of the hub's tables made by bench/peer.ts). Not part of the
 * hub: bench/peer.ts copies this file into its scratch folder (bench/.peer/), where postgraphile is
 * installed, and runs it there on the npm-packaged Node 22 (PostGraphile 5 wants Node >= 22).
 *
 * Environment: PEER_DATABASE_URL, PEER_POOL_SIZE (the hub's pool size, so both sides hold as many
 * connections), PEER_PORT (0, a free one, unless told). Prints "peer ready at <url>" once it listens on 127.0.0.1.
 */
import { createServer } from "node:http";
import { postgraphile } from "postgraphile";
import { makePgService } from "postgraphile/adaptors/pg";
import { grafserv } from "postgraphile/grafserv/node";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";

const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [
    makePgService({
      connectionString: process.env.PEER_DATABASE_URL,
      schemas: ["hub_peer"],
      poolConfig: { max: Number(process.env.PEER_POOL_SIZE ?? 10) },
    }),
  ],
  // Read-only, as the hub is to anonymous callers: the views would otherwise gain mutations.
  schema: { defaultBehavior: "-insert -update -delete" },
  // Production-like: no GraphiQL (Ruru), no schema watching, no explain output in answers.
  grafserv: { graphqlPath: "/graphql", graphiql: false, watch: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
await serv.addTo(server);
// The schema is built before the first request is timed, not lazily by it.
await pgl.getSchema();
server.listen(Number(process.env.PEER_PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  console.log(`peer ready at http://127.0.0.1:${address.port}/graphql`);
});

const stop = async () => {
  server.close();
  await pgl.release();
  process.exit(0);
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
