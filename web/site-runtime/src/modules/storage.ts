// `wix-storage-frontend` (and `wix-storage`): `local`, `session` and `memory`, each key kept
// under the site's prefix so sites sharing an origin never read each other's values.

export interface VeloStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  clear(): void;
}

function over(area: Storage | undefined, prefix: string): VeloStorage {
  // A browser refusing storage (private mode, blocked cookies) keeps values for the page only.
  const fallback = new Map<string, string>();
  const ours = () => {
    const keys: string[] = [];
    if (!area) return keys;
    for (let i = 0; i < area.length; i++) {
      const k = area.key(i);
      if (k?.startsWith(prefix)) keys.push(k);
    }
    return keys;
  };
  return {
    getItem(key) {
      try {
        if (area) return area.getItem(prefix + key);
      } catch {
        // Falls back below.
      }
      return fallback.get(key) ?? null;
    },
    setItem(key, value) {
      try {
        if (area) return area.setItem(prefix + key, String(value));
      } catch {
        // Falls back below.
      }
      fallback.set(key, String(value));
    },
    removeItem(key) {
      fallback.delete(key);
      try {
        area?.removeItem(prefix + key);
      } catch {
        // Nothing stored there.
      }
    },
    clear() {
      fallback.clear();
      try {
        for (const k of ours()) area?.removeItem(k);
      } catch {
        // Nothing stored there.
      }
    },
  };
}

function memory(): VeloStorage {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, String(value)),
    removeItem: (key) => void values.delete(key),
    clear: () => values.clear(),
  };
}

export function storageModule(win: Window & typeof globalThis, siteId: string) {
  const prefix = `velo:${siteId}:`;
  const area = (name: "localStorage" | "sessionStorage") => {
    try {
      return win[name];
    } catch {
      return undefined;
    }
  };
  return { local: over(area("localStorage"), prefix), session: over(area("sessionStorage"), prefix), memory: memory() };
}
