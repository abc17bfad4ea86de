import type { Element } from "./doc-ops";
import { LayerRow } from "./drag";

/** The page's elements as a tree of rows to select and drag. */
export function Layers({ elements, selected, select }: { elements: Element[]; selected: string[]; select: (id: string, add: boolean) => void }) {
  if (elements.length === 0) return null;
  return (
    <ul className="layers">
      {elements.map((e) => (
        <LayerRow key={e.id} element={e} selected={selected.includes(e.id)} select={(add) => select(e.id, add)}>
          {e.children && <Layers elements={e.children} selected={selected} select={select} />}
        </LayerRow>
      ))}
    </ul>
  );
}
