// Drag and drop in the editor (dnd-kit): new elements from the add panel and existing ones
// from the layers, dropped on a layer (into a container, else before it), at the end of the
// page, or on the canvas (before, after or into the element under the pointer). Pointer drags start after 5 px, so a click still selects; the keyboard
// works too (space to lift, arrows to move, space to drop).

import {
  DndContext,
  type DragEndEvent,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { type ReactNode, useState } from "react";
import type { NewElement } from "./add-element";
import { INPUT_NAMES } from "./input-elements";
import { blankElement, CONTAINERS, type Doc, type Element, findElement, insertElement, moveElement, positionOf } from "./doc-ops";

export const PAGE_END = "drop:@end";
/** The canvas takes drops too; where on it is worked out by the canvas (`Place`). */
export const CANVAS_DROP = "drop:@canvas";

/** Where a dropped element goes: the parent (none: the page's top level) and the index. */
export interface Place {
  parent: string | undefined;
  index: number;
}

/**
 * The document after a drop, and the element to select; undefined when nothing changes.
 * `onCanvas` is the place under the pointer when the drop was on the canvas.
 */
export function applyDrop(
  doc: Doc,
  pageId: string,
  event: DragEndEvent,
  create: (type: string) => NewElement | undefined,
  onCanvas?: Place,
): [Doc, string] | undefined {
  const source = String(event.active.id);
  const target = event.over ? String(event.over.id) : undefined;
  if (!target) return undefined;
  const page = doc.pages.find((p) => p.id === pageId);
  if (!page) return undefined;
  let parent: string | undefined;
  let index: number;
  if (target === CANVAS_DROP) {
    if (!onCanvas) return undefined;
    ({ parent, index } = onCanvas);
  } else if (target === PAGE_END) {
    index = page.sections?.length ?? 0;
  } else {
    const over = findElement(doc, target.slice("drop:".length));
    if (!over) return undefined;
    if (CONTAINERS.has(over.type) && over.type !== "columns" && `el:${over.id}` !== source) {
      parent = over.id;
      index = over.children?.length ?? 0;
    } else {
      ({ parent, index } = positionOf(doc, pageId, over.id));
    }
  }
  if (source.startsWith("add:")) {
    const made = create(source.slice("add:".length));
    if (!made) return undefined;
    let element = made.element;
    if (parent === undefined && element.type !== "section") {
      const section = blankElement(made.doc, "section");
      section.children = [element];
      element = section;
    }
    return [insertElement(made.doc, pageId, parent, index, element), made.element.id];
  }
  const id = source.slice("el:".length);
  if (id === parent) return undefined;
  return [moveElement(doc, pageId, id, parent, index), id];
}

/**
 * The part of the editor where dragging works (the panels and the canvas inside it): the
 * dragged element's label follows the pointer, and `onDrop` gets each finished drag.
 */
export function DragAndDrop({ doc, onDrop, children }: { doc: Doc; onDrop: (event: DragEndEvent) => void; children: ReactNode }) {
  const [dragging, setDragging] = useState<string | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor));
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={pointerWithin}
      onDragStart={(e) => setDragging(String(e.active.id))}
      onDragEnd={(e) => {
        setDragging(null);
        onDrop(e);
      }}
      onDragCancel={() => setDragging(null)}
    >
      {children}
      <DragOverlay dropAnimation={null}>{dragging && <span className="drag-ghost">{dragLabel(doc, dragging)}</span>}</DragOverlay>
    </DndContext>
  );
}

/** What follows the pointer while an element is dragged (dnd-kit's overlay, above the page). */
export function dragLabel(doc: Doc, id: string): string {
  if (id.startsWith("add:")) return addName(id.slice("add:".length));
  const element = findElement(doc, id.slice("el:".length));
  return element ? `${element.type} ${element.id}` : id;
}

/** Add panel entries named otherwise than by their type. */
const ADD_NAMES: Record<string, string> = { productGrid: "product grid", cartIcon: "cart icon", searchBox: "search box", plansList: "plans list", serviceList: "service list", bookButton: "book button", ...INPUT_NAMES };

/** An add panel entry's name: an element type, or `section:<name>` for a ready-made section. */
function addName(type: string): string {
  return type.startsWith("section:") ? `${type.slice("section:".length)} section` : (ADD_NAMES[type] ?? type);
}

export function DraggableAdd({ type, onClick }: { type: string; onClick: () => void }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: `add:${type}` });
  return (
    <button ref={setNodeRef} type="button" className={`secondary${isDragging ? " dragging" : ""}`} onClick={onClick} {...listeners} {...attributes} aria-roledescription="draggable element" aria-label={`Add ${addName(type)}`}>
      {addName(type)}
    </button>
  );
}

/** A layer row: drag it to move the element, drop on it to place something here. Only the
 * row itself takes drops (not its children's rows), so the pointer is over one target. */
export function LayerRow({ element, selected, select, children }: {
  element: Element;
  selected: boolean;
  /** `add`: Shift, Ctrl or Cmd was held, to add to the selection or take the element out. */
  select: (add: boolean) => void;
  children?: ReactNode;
}) {
  const drag = useDraggable({ id: `el:${element.id}` });
  const drop = useDroppable({ id: `drop:${element.id}` });
  return (
    <li>
      <div ref={drop.setNodeRef} className={drop.isOver ? "row drop-target" : "row"}>
      <button
        ref={drag.setNodeRef}
        type="button"
        className={`layer${drag.isDragging ? " dragging" : ""}`}
        aria-current={selected ? "true" : undefined}
        onClick={(e) => select(e.shiftKey || e.ctrlKey || e.metaKey)}
        {...drag.listeners}
        {...drag.attributes}
        aria-roledescription="draggable layer"
        aria-label={`${element.type} ${element.id}`}
      >
        <span className="layer-type">{element.type}</span> {element.id}
      </button>
      </div>
      {children}
    </li>
  );
}

export function PageEnd() {
  const { setNodeRef, isOver } = useDroppable({ id: PAGE_END });
  return (
    <div ref={setNodeRef} className={`page-end${isOver ? " drop-target" : ""}`}>
      Drop here to add at the end of the page
    </div>
  );
}
