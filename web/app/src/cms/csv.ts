// Items as CSV and back: a header row of field keys (`_id` first), one row per item, cells
// as the items table shows them. Parsing follows RFC 4180 (quotes, doubled quotes, CRLF).

import { cellText, parseCell } from "./cells";

export interface CsvField {
  key: string;
  type: string;
}

function cell(text: string): string {
  // A leading = + - @ would make spreadsheets run the cell as a formula.
  const guarded = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

function csvValue(type: string, value: unknown): string {
  // Arrays keep their structure as JSON; the table's "a, b" would split differently.
  if (type === "ARRAY_STRING" || type === "ARRAY" || type === "OBJECT") {
    return value === undefined || value === null ? "" : JSON.stringify(value);
  }
  return cellText(value);
}

export function toCsv(fields: CsvField[], items: Record<string, unknown>[]): string {
  const keys = ["_id", ...fields.map((f) => f.key)];
  const lines = [keys.map(cell).join(",")];
  for (const item of items) {
    lines.push(["_id", ...fields.map((f) => f.key)].map((k, i) => cell(i === 0 ? String(item[k] ?? "") : csvValue(fields[i - 1]!.type, item[k]))).join(","));
  }
  return lines.join("\n") + "\n";
}

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let value = "";
  let quoted = false;
  const input = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        value += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        value += c;
      }
    } else if (c === '"' && value === "") {
      quoted = true;
    } else if (c === ",") {
      row.push(value);
      value = "";
    } else if (c === "\n") {
      row.push(value);
      rows.push(row);
      row = [];
      value = "";
    } else if (c !== "\r") {
      value += c;
    }
  }
  if (value !== "" || row.length > 0) {
    row.push(value);
    rows.push(row);
  }
  return rows;
}

function fromCsvValue(type: string, text: string): unknown {
  const unguarded = /^'[=+\-@]/.test(text) ? text.slice(1) : text;
  if ((type === "ARRAY_STRING" || type === "ARRAY" || type === "OBJECT") && unguarded.trim().startsWith("[")) {
    return parseCell("ARRAY", unguarded);
  }
  return parseCell(type, unguarded);
}

/** Items from CSV text; an unknown column or a bad cell throws, naming row and column. */
export function itemsFromCsv(fields: CsvField[], text: string): Record<string, unknown>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new Error("The file is empty.");
  const columns = header.map((h) => h.trim());
  for (const c of columns) {
    if (c !== "_id" && !fields.some((f) => f.key === c)) throw new Error(`Column "${c}" is not a field of this collection.`);
  }
  return rows
    .filter((r) => r.some((c) => c.trim() !== ""))
    .map((r, n) => {
      const item: Record<string, unknown> = {};
      columns.forEach((key, i) => {
        const text = r[i] ?? "";
        if (key === "_id") {
          if (text.trim()) item["_id"] = text.trim();
          return;
        }
        const type = fields.find((f) => f.key === key)!.type;
        try {
          const v = fromCsvValue(type, text);
          if (v !== null && !(type !== "TEXT" && text.trim() === "")) item[key] = v;
        } catch (e) {
          throw new Error(`Row ${n + 2}, column "${key}": ${(e as Error).message}.`);
        }
      });
      return item;
    });
}
