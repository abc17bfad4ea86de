import { defineConfig } from "vitest/config";

// One self-contained script (an IIFE with its source map) that published pages with page code
// load before their code bundles; nothing is imported at run time.
export default defineConfig({
  build: {
    lib: {
      entry: "src/index.ts",
      name: "tesseraSiteRuntime",
      formats: ["iife"],
      fileName: () => "site-runtime.js",
    },
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    target: "es2020",
    minify: "esbuild",
  },
  test: { environment: "happy-dom", include: ["test/**/*.test.ts"] },
});
