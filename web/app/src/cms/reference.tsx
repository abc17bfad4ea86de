// Reference fields in the items table: the referenced collection's items by their display
// field, to show a reference by name and to pick one.

import { useQuery } from "@tanstack/react-query";
import { api, type CollectionView, type DataItem, wixData } from "../api";

export interface Option {
  id: string;
  label: string;
}

/** The first 500 items of `target`, labelled by its display field (or first text field). */
export function useReferenceOptions(slug: string, target: string | undefined) {
  return useQuery({
    queryKey: ["reference-options", slug, target],
    enabled: !!target,
    queryFn: async (): Promise<Option[]> => {
      const { collection } = await api<{ collection: CollectionView }>("GET", `/wix-data/v2/collections/${target}`, undefined, { "wix-site-id": slug });
      const label = collection.displayField ?? collection.fields.find((f) => f.type === "TEXT" && !f.key.startsWith("_"))?.key ?? "_id";
      const answer = await wixData<{ dataItems: { id: string; data: DataItem }[] }>(slug, "items/query", {
        dataCollectionId: target,
        query: { sort: [{ fieldName: label, order: "ASC" }], paging: { limit: 500 } },
      });
      return answer.dataItems.map(({ id, data }) => ({ id, label: String(data[label] ?? id) }));
    },
  });
}

/** A reference's id, whether it is stored as the id or came back as the referenced item. */
export function referenceId(value: unknown): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && "_id" in value) return String((value as { _id: unknown })._id);
  return "";
}

export function ReferenceSelect({
  slug,
  target,
  name,
  value,
  label,
  onChange,
  autoFocus,
}: {
  slug: string;
  target: string;
  name?: string;
  value?: string;
  label: string;
  onChange?: (id: string) => void;
  autoFocus?: boolean;
}) {
  const options = useReferenceOptions(slug, target);
  return (
    <select
      name={name}
      aria-label={label}
      defaultValue={value ?? ""}
      autoFocus={autoFocus}
      onChange={onChange && ((e) => onChange(e.currentTarget.value))}
    >
      <option value="">—</option>
      {options.data?.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
    </select>
  );
}

/** How a reference shows in a cell: the referenced item's label. */
export function ReferenceLabel({ slug, target, value }: { slug: string; target: string; value: unknown }) {
  const options = useReferenceOptions(slug, target);
  const id = referenceId(value);
  if (!id) return <span className="muted">—</span>;
  return <>{options.data?.find((o) => o.id === id)?.label ?? id}</>;
}
