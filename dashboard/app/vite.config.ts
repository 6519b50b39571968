import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/** The dashboard, served by the hub at /dashboard/ from dist/web/dashboard (`npm run build`). */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/dashboard/",
  build: {
    outDir: fileURLToPath(new URL("../../dist/web/dashboard", import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // One small app: no warning for uPlot and graphql-ws in one chunk.
    chunkSizeWarningLimit: 600,
  },
});
