import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The dashboard is served by the tessera binary; `npm run dev` proxies the API to it.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    assetsDir: "assets",
    sourcemap: false,
    rollupOptions: {
      // GraphiQL's files open with React Compiler's "use no memo", which bundling drops: harmless.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
  // GraphiQL's Monaco workers (graphql/graphql-page.tsx) split into chunks: module workers.
  worker: { format: "es" },
  server: { proxy: { "/api": process.env.TESSERA_URL ?? "http://localhost:8080" } },
  test: { include: ["src/**/*.test.ts"] },
});
