import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/** GraphiQL from local files, served by the hub at /graphiql/ in development mode (dist/web/explorer). */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/graphiql/",
  build: {
    outDir: fileURLToPath(new URL("../../dist/web/explorer", import.meta.url)),
    emptyOutDir: true,
    // Monaco, the editor, is large; it is loaded from this hub only, once, and cached.
    chunkSizeWarningLimit: 8000,
    rollupOptions: {
      // React libraries mark their modules "use client", which means nothing in a plain bundle.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
  worker: { format: "es" },
});
