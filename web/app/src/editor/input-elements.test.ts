import { describe, expect, it } from "vitest";
import { newElement, placeElement } from "./add-element";
import { blankElement, type Doc, findElement, insertElement, moveElement, parentOf } from "./doc-ops";
import { INPUT_CONTENT, INPUTS, optionsText, parseOptions, statesToShow } from "./input-elements";

function doc(): Doc {
  return { schemaVersion: 1, pages: [{ id: "home", title: "Home", path: "/", sections: [{ id: "s1", type: "section", children: [] }] }] };
}

describe("inputs in the editor", () => {
  it("each one of the add panel comes with props the renderer takes and fields to edit them", () => {
    for (const type of INPUTS) {
      const made = newElement(doc(), doc().pages[0], type, [], () => undefined);
      expect(made?.element.type).toBe(type);
      if (type !== "multiStateBox") expect(made?.element.props).toBeDefined();
      expect(INPUT_CONTENT[type] ?? type === "multiStateBox").toBeTruthy();
    }
    expect(blankElement(doc(), "textInput")).toEqual({ id: "input1", type: "textInput", props: { label: "Name", placeholder: "Your name" } });
  });

  it("a multi-state box holds its states, and a state anything but a state", () => {
    let d = doc();
    const box = blankElement(d, "multiStateBox");
    expect(box.children?.map((c) => [c.id, c.type, c.children?.[0]?.id])).toEqual([
      ["state1", "state", "text1"],
      ["state2", "state", "text2"],
    ]);
    d = placeElement(d, d.pages[0]!, "s1", box);
    // Adding with a state selected goes into the state; with the box selected, after it.
    const input = blankElement(d, "textInput");
    expect(parentOf(placeElement(d, d.pages[0]!, "state2", input), input.id)).toBe("state2");
    expect(parentOf(placeElement(d, d.pages[0]!, "multiStateBox1", input), input.id)).toBe("s1");
    expect(() => insertElement(d, "home", "multiStateBox1", 0, input)).toThrow("holds only states");
    expect(() => moveElement(d, "home", "state1", "s1", 0)).toThrow("stays in a multi-state box");
    // States reorder within their box.
    d = moveElement(d, "home", "state2", "multiStateBox1", 0);
    expect(findElement(d, "multiStateBox1")?.children?.map((c) => c.id)).toEqual(["state2", "state1"]);
    // The canvas shows the state holding what is selected.
    expect(statesToShow(d, ["text1", "s1"])).toEqual([["multiStateBox1", "state1"]]);
    expect(statesToShow(d, ["state2"])).toEqual([["multiStateBox1", "state2"]]);
  });

  it("options read and write as lines", () => {
    const options = [{ label: "Small", value: "s" }, { label: "Large", value: "Large" }];
    expect(optionsText(options)).toBe("Small = s\nLarge");
    expect(parseOptions("Small = s\n\n  Large \n")).toEqual(options);
    expect(parseOptions("a = b = c")).toEqual([{ label: "a = b", value: "c" }]);
  });
});
