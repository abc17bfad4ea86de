// The script published pages with page code load before their code: it makes the page's
// runtime, offers it to the code bundles as `globalThis.__tessera` (README.md, "Bundles"), and
// starts it once the document and every deferred bundle have run.

import { createRuntime } from "./runtime";

const runtime = createRuntime(window);
Object.assign(window, {
  $w: runtime.$w,
  __tessera: {
    module: runtime.module,
    run: runtime.run,
    define: runtime.define,
    require: runtime.require,
    webMethod: runtime.webMethod,
    $w: runtime.$w,
  },
});

const start = () => void runtime.start();
if (document.readyState === "complete") setTimeout(start);
else {
  // Deferred scripts run before DOMContentLoaded; `load` covers a runtime added after it.
  document.addEventListener("DOMContentLoaded", start, { once: true });
  window.addEventListener("load", start, { once: true });
}
