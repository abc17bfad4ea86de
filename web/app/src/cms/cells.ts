// How item values show in the table and how typed text becomes a value of the field's type.

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map(cellText).join(", ");
  if (typeof value === "object" && "$date" in value) return String((value as { $date: unknown }).$date);
  return JSON.stringify(value);
}

export function parseCell(type: string, text: string): unknown {
  const trimmed = text.trim();
  switch (type) {
    case "NUMBER": {
      if (trimmed === "") return null;
      const n = Number(trimmed);
      if (!Number.isFinite(n)) throw new Error(`"${text}" is not a number`);
      return n;
    }
    case "BOOLEAN":
      if (/^(true|yes|1)$/i.test(trimmed)) return true;
      if (/^(false|no|0|)$/i.test(trimmed)) return false;
      throw new Error(`"${text}" is not yes or no`);
    case "DATETIME": {
      if (trimmed === "") return null;
      const t = new Date(trimmed);
      if (Number.isNaN(t.getTime())) throw new Error(`"${text}" is not a date and time`);
      return { $date: t.toISOString() };
    }
    case "ARRAY_STRING":
      return trimmed === "" ? [] : trimmed.split(",").map((s) => s.trim());
    case "OBJECT":
    case "ARRAY":
      try {
        return trimmed === "" ? null : JSON.parse(trimmed);
      } catch {
        throw new Error("enter valid JSON");
      }
    default:
      return text;
  }
}
