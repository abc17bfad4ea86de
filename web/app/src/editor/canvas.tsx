import { useEffect, useRef, useState } from "react";
import { apiText } from "../api";
import { type Breakpoint, type Doc, findElement } from "./doc-ops";

const WIDTHS: Record<Breakpoint, string> = { desktop: "100%", tablet: "900px", mobile: "390px" };
const HIDDEN_SHOWN = [
  "@media (min-width:1001px){.hide-d{display:revert!important;opacity:.35}}",
  "@media (min-width:751px) and (max-width:1000px){.hide-t{display:revert!important;opacity:.35}}",
  "@media (max-width:750px){.hide-m{display:revert!important;opacity:.35}}",
].join("");

/**
 * The page as the live site renders it (the server's renderer, same HTML and CSS), in a frame
 * of the breakpoint's width. Clicking an element selects it; the selection is outlined.
 */
export function Canvas({ slug, doc, pageId, breakpoint, selected, select }: {
  slug: string;
  doc: Doc;
  pageId: string;
  breakpoint: Breakpoint;
  selected: string | null;
  select: (id: string) => void;
}) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [html, setHtml] = useState<string>("");
  const [error, setError] = useState<string | null>(null);
  const scroll = useRef(0);
  const docRef = useRef(doc);
  docRef.current = doc;

  useEffect(() => {
    const timer = setTimeout(() => {
      apiText("POST", `/api/v1/sites/${slug}/render`, { document: doc, pageId })
        .then((text) => {
          scroll.current = frame.current?.contentWindow?.scrollY ?? 0;
          setHtml(text);
          setError(null);
        })
        .catch((e: Error) => setError(e.message));
    }, 120);
    return () => clearTimeout(timer);
  }, [slug, doc, pageId]);

  // After each render: restore the scroll position and route clicks to selection.
  const onLoad = () => {
    const win = frame.current?.contentWindow;
    const body = frame.current?.contentDocument;
    if (!win || !body) return;
    win.scrollTo(0, scroll.current);
    const style = body.createElement("style");
    style.id = "editor-outline";
    body.head.appendChild(style);
    body.addEventListener(
      "click",
      (event) => {
        event.preventDefault();
        event.stopPropagation();
        let node = event.target as HTMLElement | null;
        while (node && !(node.id && findElement(docRef.current, node.id))) node = node.parentElement;
        if (node) select(node.id);
      },
      true,
    );
    body.addEventListener("submit", (event) => event.preventDefault(), true);
    outline(selected);
  };

  const outline = (id: string | null) => {
    const style = frame.current?.contentDocument?.getElementById("editor-outline");
    if (!style) return;
    // Elements hidden at this breakpoint stay visible here, faded, so they can be selected.
    style.textContent = HIDDEN_SHOWN + `[id]:hover{outline:1px dashed #7d8fd6;outline-offset:2px;cursor:default}` +
      (id ? `#${CSS.escape(id)}{outline:2px solid #3451b2 !important;outline-offset:2px}` : "");
    if (id) frame.current?.contentDocument?.getElementById(id)?.scrollIntoView({ block: "nearest" });
  };
  useEffect(() => outline(selected), [selected, html]);

  return (
    <div className="canvas-wrap">
      {error && <p role="alert" className="error">{error}</p>}
      <iframe
        ref={frame}
        title="Page canvas"
        srcDoc={html}
        onLoad={onLoad}
        style={{ width: WIDTHS[breakpoint] }}
        data-breakpoint={breakpoint}
      />
    </div>
  );
}
