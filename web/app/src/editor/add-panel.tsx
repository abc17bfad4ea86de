import { READY_SECTIONS } from "./doc-ops";
import { DraggableAdd } from "./drag";
import { INPUTS } from "./input-elements";

const ADDABLE = ["section", "heading", "text", "image", "button", "container", "repeater", "divider", "spacer", "searchBox"];
/** The store's products in a grid, and the cart icon (for the header). */
const STORE = ["productGrid", "cartIcon"];
/** The site's pricing plans as cards. */
const PLANS = ["plansList"];
/** The bookings' services in a list, and a button to book. */
const BOOKINGS = ["serviceList", "bookButton"];

/** The elements and ready-made sections to add: click one to place it by the selection, or drag it. */
export function AddPanel({ add }: { add: (type: string) => void }) {
  return (
    <>
      <h2>Add</h2>
      <div className="add-panel">
        {ADDABLE.map((type) => (
          <DraggableAdd key={type} type={type} onClick={() => add(type)} />
        ))}
      </div>
      {/* Folded until wanted: they are for page code, and the layers stay in view. */}
      <details className="add-group">
        <summary className="muted">Inputs, for page code</summary>
        <div className="add-panel">
          {INPUTS.map((type) => (
            <DraggableAdd key={type} type={type} onClick={() => add(type)} />
          ))}
        </div>
      </details>
      <h3 className="muted">Store</h3>
      <div className="add-panel">
        {STORE.map((type) => (
          <DraggableAdd key={type} type={type} onClick={() => add(type)} />
        ))}
      </div>
      <h3 className="muted">Pricing plans</h3>
      <div className="add-panel">
        {PLANS.map((type) => (
          <DraggableAdd key={type} type={type} onClick={() => add(type)} />
        ))}
      </div>
      <h3 className="muted">Bookings</h3>
      <div className="add-panel">
        {BOOKINGS.map((type) => (
          <DraggableAdd key={type} type={type} onClick={() => add(type)} />
        ))}
      </div>
      <h3 className="muted">Ready-made sections</h3>
      <div className="add-panel">
        {Object.keys(READY_SECTIONS).map((name) => (
          <DraggableAdd key={name} type={`section:${name}`} onClick={() => add(`section:${name}`)} />
        ))}
      </div>
    </>
  );
}
