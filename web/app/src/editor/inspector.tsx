import { useState } from "react";
import type { CollectionView } from "../api";
import { Connections, RepeaterSettings } from "./data-panel";
import { BackgroundImage, ImageSource } from "./media-fields";
import { type Breakpoint, type Doc, effectiveStyle, type Element, idMaker, idProblem, insertElement, isHidden, setHidden, setProp, setStyle, styleAt } from "./doc-ops";
import { type Choice, type Field, INPUT_CONTENT, newState, optionsText, parseOptions } from "./input-elements";

/** Content properties the inspector edits, per element type. */
const CONTENT: Record<string, Field[]> = {
  ...INPUT_CONTENT,
  heading: [{ name: "text", label: "Text" }, { name: "level", label: "Level", kind: "level" }],
  text: [{ name: "html", label: "Rich text (HTML)", kind: "textarea" }],
  button: [{ name: "label", label: "Label" }, { name: "link", label: "Link to", kind: "link" }],
  link: [{ name: "text", label: "Text" }, { name: "link", label: "Link to", kind: "link" }],
  image: [
    { name: "src", label: "Image address", kind: "image" },
    { name: "alt", label: "Alternative text" },
    { name: "width", label: "Width (px)", kind: "number" },
    { name: "height", label: "Height (px)", kind: "number" },
    { name: "crop", label: "Crop to this width and height", kind: "check" },
  ],
  cartIcon: [{ name: "label", label: "Label" }],
  searchBox: [{ name: "label", label: "Label" }, { name: "placeholder", label: "Placeholder" }],
  spacer: [{ name: "height", label: "Height (px)", kind: "number" }],
  section: [{ name: "label", label: "Accessible name" }, { name: "backgroundImage", label: "Background image", kind: "background" }],
  container: [{ name: "backgroundImage", label: "Background image", kind: "background" }],
};

/** Design properties, written for the current breakpoint. */
const DESIGN: { name: string; label: string; color?: boolean }[] = [
  { name: "color", label: "Text color", color: true },
  { name: "backgroundColor", label: "Background", color: true },
  { name: "fontSize", label: "Font size" },
  { name: "textAlign", label: "Text align" },
  { name: "padding", label: "Padding" },
  { name: "margin", label: "Margin" },
  { name: "width", label: "Width" },
  { name: "maxWidth", label: "Max width" },
  { name: "gap", label: "Gap" },
  { name: "borderRadius", label: "Corner radius" },
  { name: "border", label: "Border" },
  { name: "boxShadow", label: "Shadow" },
];

/** Theme colours offered next to each colour field; the page's CSS defines them. */
const THEME_COLORS = [["primary", "accent"], ["text", "text colour"], ["muted", "muted text"], ["background", "background"], ["surface", "panel colour"]] as const;
/** What a swatch shows when the site's theme leaves that colour at its default. */
const SWATCH_FALLBACK: Record<string, string> = { primary: "#3451b2", text: "#1f2328", muted: "#5b636e", background: "#ffffff", surface: "#f5f6f8" };

/** Layout of a container's children (a column by default), for the current breakpoint. */
const LAYOUT: { name: string; label: string; options?: string[] }[] = [
  { name: "display", label: "Arrange children", options: ["block", "flex", "grid"] },
  { name: "flexDirection", label: "Direction (flex)", options: ["row", "column"] },
  { name: "flexWrap", label: "Wrap (flex)", options: ["nowrap", "wrap"] },
  { name: "gridTemplateColumns", label: "Columns (grid), e.g. 1fr 1fr" },
  { name: "justifyContent", label: "Justify", options: ["flex-start", "center", "flex-end", "space-between", "space-around"] },
  { name: "alignItems", label: "Align", options: ["stretch", "flex-start", "center", "flex-end"] },
];

export function Inspector({ doc, pageId, collections, element, others, breakpoint, change, rename, remove, duplicate, move }: {
  doc: Doc;
  pageId: string;
  collections: CollectionView[];
  element: Element;
  /** How many more elements are selected: Duplicate and Delete act on them too. */
  others: number;
  breakpoint: Breakpoint;
  change: (d: Doc) => void;
  /** Gives the element another id (one `idProblem` allows). */
  rename: (to: string) => void;
  remove: () => void;
  duplicate: () => void;
  move: (by: -1 | 1) => void;
}) {
  const props = element.props ?? {};
  const own = styleAt(element, breakpoint) ?? {};
  const themeColors = ((doc["theme"] as { colors?: Record<string, string> } | undefined)?.colors ?? {});
  return (
    <div className="inspector">
      <h2>
        {element.type} <code>{element.id}</code>
      </h2>
      {others > 0 && <p className="muted">and {others === 1 ? "1 more element" : `${others} more elements`} selected</p>}
      <IdField doc={doc} element={element} rename={rename} />
      <div className="actions">
        <button type="button" className="quiet" onClick={() => move(-1)}>Move up</button>
        <button type="button" className="quiet" onClick={() => move(1)}>Move down</button>
        <button type="button" className="quiet" onClick={duplicate}>{others > 0 ? `Duplicate ${others + 1}` : "Duplicate"}</button>
        <button type="button" className="quiet danger" onClick={remove}>{others > 0 ? `Delete ${others + 1}` : "Delete"}</button>
      </div>
      {CONTENT[element.type] && (
        <fieldset>
          <legend>Content</legend>
          {CONTENT[element.type]?.map((f) => {
            const id = `prop-${f.name}`;
            if (f.kind === "image") return <ImageSource key={f.name} doc={doc} element={element} change={change} />;
            if (f.kind === "background") return <BackgroundImage key={f.name} doc={doc} element={element} change={change} />;
            if (f.kind === "link") {
              const link = (props["link"] as { href?: string; newTab?: boolean } | undefined) ?? {};
              return (
                <label key={f.name} htmlFor={id}>
                  {f.label}
                  <input id={id} value={link.href ?? ""} onChange={(e) => change(setProp(doc, element.id, "link", { ...link, href: e.currentTarget.value }))} />
                </label>
              );
            }
            if (f.kind === "check") {
              return (
                <label key={f.name} className="check">
                  <input type="checkbox" checked={Boolean(props[f.name])} onChange={(e) => change(setProp(doc, element.id, f.name, e.currentTarget.checked || undefined))} />
                  {f.label}
                </label>
              );
            }
            if (f.kind === "options") {
              // Uncontrolled, so a line being typed (or left blank) stays as it is.
              return (
                <label key={f.name} htmlFor={id}>
                  {f.label}
                  <textarea id={id} rows={4} defaultValue={optionsText((props[f.name] as Choice[] | undefined) ?? [])} onChange={(e) => change(setProp(doc, element.id, f.name, parseOptions(e.currentTarget.value)))} />
                </label>
              );
            }
            if (f.kind === "choose") {
              return (
                <label key={f.name} htmlFor={id}>
                  {f.label}
                  <select id={id} value={String(props[f.name] ?? f.choices?.[0] ?? "")} onChange={(e) => change(setProp(doc, element.id, f.name, e.currentTarget.value))}>
                    {f.choices?.map((c) => <option key={c} value={c}>{c}</option>)}
                  </select>
                </label>
              );
            }
            if (f.kind === "level") {
              return (
                <label key={f.name} htmlFor={id}>
                  {f.label}
                  <select id={id} value={String(props["level"] ?? 2)} onChange={(e) => change(setProp(doc, element.id, "level", Number(e.currentTarget.value)))}>
                    {[1, 2, 3, 4, 5, 6].map((l) => <option key={l} value={l}>Heading {l}</option>)}
                  </select>
                </label>
              );
            }
            const value = props[f.name] === undefined ? "" : String(props[f.name]);
            const set = (text: string) => change(setProp(doc, element.id, f.name, f.kind === "number" ? (text === "" ? undefined : Number(text)) : text));
            return (
              <label key={f.name} htmlFor={id}>
                {f.label}
                {f.kind === "textarea" ? (
                  <textarea id={id} value={value} rows={5} onChange={(e) => set(e.currentTarget.value)} />
                ) : (
                  <input id={id} type={f.kind === "number" || f.kind === "date" ? f.kind : "text"} value={value} onChange={(e) => set(e.currentTarget.value)} />
                )}
              </label>
            );
          })}
        </fieldset>
      )}
      {element.type === "multiStateBox" && (
        <button
          type="button"
          className="secondary"
          onClick={() => change(insertElement(doc, pageId, element.id, element.children?.length ?? 0, newState(idMaker(doc), `State ${(element.children?.length ?? 0) + 1}`)))}
        >
          Add a state
        </button>
      )}
      {element.type === "repeater" && (
        <RepeaterSettings doc={doc} pageId={pageId} element={element} change={change} setProp={(d, name, value) => setProp(d, element.id, name, value)} />
      )}
      <Connections doc={doc} pageId={pageId} element={element} collections={collections} change={change} />
      {element.type === "container" && (
        <fieldset>
          <legend>Layout ({breakpoint})</legend>
          {LAYOUT.map((f) => {
            const id = `style-${f.name}`;
            const inherited = effectiveStyle(element, breakpoint, f.name);
            const set = (value: string) => change(setStyle(doc, element.id, breakpoint, f.name, value || undefined));
            return f.options ? (
              <StyleSelect key={f.name} label={f.label} name={f.name} options={f.options.map((o) => [o, o])} own={own} inherited={inherited} set={set} />
            ) : (
              <label key={f.name} htmlFor={id}>
                {f.label}
                <input id={id} value={own[f.name] ?? ""} placeholder={inherited ?? ""} onChange={(e) => set(e.currentTarget.value)} />
              </label>
            );
          })}
        </fieldset>
      )}
      <fieldset>
        <legend>Design ({breakpoint})</legend>
        <label className="check">
          <input type="checkbox" checked={isHidden(element, breakpoint)} onChange={(e) => change(setHidden(doc, element.id, breakpoint, e.currentTarget.checked))} />
          Hide on {breakpoint}
        </label>
        {DESIGN.map((f) => {
          const id = `style-${f.name}`;
          const inherited = effectiveStyle(element, breakpoint, f.name);
          return (
            <label key={f.name} htmlFor={id}>
              {f.label}
              <span className="style-row">
                {f.color && (
                  <input
                    type="color"
                    aria-label={`${f.label} picker`}
                    value={/^#[0-9a-f]{6}$/i.test(inherited ?? "") ? inherited : "#000000"}
                    onChange={(e) => change(setStyle(doc, element.id, breakpoint, f.name, e.currentTarget.value))}
                  />
                )}
                <input
                  id={id}
                  value={own[f.name] ?? ""}
                  placeholder={inherited ?? ""}
                  onChange={(e) => change(setStyle(doc, element.id, breakpoint, f.name, e.currentTarget.value))}
                />
              </span>
              {f.color && (
                <span className="swatches">
                  {THEME_COLORS.map(([token, label]) => (
                    <button
                      key={token}
                      type="button"
                      className="swatch"
                      style={{ background: themeColors[token] ?? SWATCH_FALLBACK[token] }}
                      aria-label={`${f.label}: the theme's ${label}`}
                      title={`The theme's ${label}`}
                      onClick={() => change(setStyle(doc, element.id, breakpoint, f.name, `var(--color-${token})`))}
                    />
                  ))}
                </span>
              )}
            </label>
          );
        })}
        <StyleSelect
          label="Font"
          name="fontFamily"
          options={[["var(--font-body)", "The theme's body font"], ["var(--font-heading)", "The theme's heading font"]]}
          own={own}
          inherited={effectiveStyle(element, breakpoint, "fontFamily")}
          set={(value) => change(setStyle(doc, element.id, breakpoint, "fontFamily", value || undefined))}
        />
      </fieldset>
    </div>
  );
}

/**
 * The element's id, which page code names it by (`$w('#button1')`): edited as a draft, given
 * on Enter or on leaving the field when it is a valid one, the problem said otherwise.
 */
function IdField({ doc, element, rename }: { doc: Doc; element: Element; rename: (to: string) => void }) {
  const [draft, setDraft] = useState(element.id);
  const problem = idProblem(doc, element.id, draft.trim());
  const commit = () => {
    if (!problem && draft.trim() !== element.id) rename(draft.trim());
  };
  return (
    <label htmlFor="element-id">
      ID, for page code: <code>$w('#{element.id}')</code>
      <input
        id="element-id"
        value={draft}
        spellCheck={false}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? "element-id-problem" : undefined}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === "Enter") commit();
          if (e.key === "Escape") setDraft(element.id);
        }}
      />
      {problem && <span id="element-id-problem" className="error" role="alert">{problem}</span>}
    </label>
  );
}

/** A style property chosen from a list; the empty choice leaves it to the wider breakpoint. */
function StyleSelect({ label, name, options, own, inherited, set }: {
  label: string;
  name: string;
  options: [value: string, label: string][];
  own: Record<string, string>;
  inherited: string | undefined;
  set: (value: string) => void;
}) {
  const id = `style-${name}`;
  return (
    <label htmlFor={id}>
      {label}
      <select id={id} value={own[name] ?? ""} onChange={(e) => set(e.currentTarget.value)}>
        <option value="">{inherited ? `(${inherited})` : "(default)"}</option>
        {options.map(([value, text]) => <option key={value} value={value}>{text}</option>)}
      </select>
    </label>
  );
}
