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
  test: {
    environment: "happy-dom",
    // A site's own address; frames (lightboxes) are not loaded in unit tests.
    environmentOptions: {
      happyDOM: { url: "http://demo.localhost:8080/", settings: { navigation: { disableChildFrameNavigation: true } } },
    },
    include: ["test/**/*.test.ts"],
  },
});
