// @vitest-environment node
import { existsSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

// `npm test` builds first (vite build), so this measures what pages load.
const BUILT = new URL("../dist/site-runtime.js", import.meta.url);

describe("the built runtime", () => {
  it("is one minified script with its source map, at most 35 KB gzipped", () => {
    expect(existsSync(BUILT), "run `npm run build -w site-runtime` first").toBe(true);
    const code = readFileSync(BUILT);
    const gzipped = gzipSync(code, { level: 9 }).length;
    console.log(`site-runtime.js: ${code.length} bytes, ${gzipped} gzipped`);
    expect(gzipped).toBeLessThanOrEqual(35 * 1024);
    expect(existsSync(new URL("../dist/site-runtime.js.map", import.meta.url))).toBe(true);
    expect(code.toString()).toMatch(/sourceMappingURL=site-runtime\.js\.map/);
  });
});
