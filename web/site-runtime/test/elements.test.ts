import { beforeEach, describe, expect, it } from "vitest";
import type { VeloElement, VeloEvent } from "../src/elements";
import type { VeloStateBox } from "../src/repeater";
import { page } from "./fake-site";

// The markup the renderer writes (`crates/render/src/page.rs`), and the input elements of the
// README's contract.
const BODY = `
<header class="site-header"><div class="inner"><nav id="menu1" class="t-menu" aria-label="Main"><ul><li><a href="/">Home</a></li></ul></nav></div></header>
<main id="main"><section id="section1" class="t-section"><div class="inner">
  <h2 id="title1" class="t-heading">Hello</h2>
  <div id="text1" class="t-text"><p>Some <strong>rich</strong> text</p></div>
  <a id="button1" class="t-button" href="/about">Go</a>
  <div id="image1" class="t-image"><img src="/media/a~mv2.jpg/v1/fit/w_640" srcset="/media/a~mv2.jpg/v1/fit/w_320 320w" sizes="100vw" alt="A cat" width="10" height="10"></div>
  <div id="box1" class="t-container hide-d hide-t hide-m"><div id="text2" class="t-text"><p>Inside</p></div></div>
  <div id="input1" class="t-textInput"><label for="input1-c">Your name<input id="input1-c" type="text" placeholder="Name"></label></div>
  <div id="email1" class="t-textInput"><label>Email<input type="email" required></label></div>
  <div id="dropdown1" class="t-dropdown"><label>Size<select><option value=""></option><option value="s">Small</option><option value="l">Large</option></select></label></div>
  <div id="check1" class="t-checkbox"><label><input type="checkbox" value="yes"> I agree</label></div>
  <div id="radio1" class="t-radioGroup"><div><label><input type="radio" name="r" value="a"> A</label><label><input type="radio" name="r" value="b"> B</label></div></div>
  <div id="group1" class="t-checkboxGroup"><div><label><input type="checkbox" name="g" value="x"> X</label><label><input type="checkbox" name="g" value="y"> Y</label></div></div>
  <div id="slider1" class="t-slider"><input type="range" min="0" max="10" value="3"></div>
  <div id="date1" class="t-datePicker"><input type="date" value="2026-12-24"></div>
  <div id="states1" class="t-multiStateBox"><div id="one" class="t-state"><p>1</p></div><div id="two" class="t-state" hidden><div id="input2" class="t-textInput"><input type="text"></div></div></div>
  <iframe id="html1" class="t-embed" title="Widget" srcdoc="<p>x</p>"></iframe>
  <form id="form1" class="t-form"><button type="submit" class="t-button">Send</button></form>
</div></section></main>
<footer class="site-footer"><div class="inner"><div id="footerText" class="t-text"><p>Footer</p></div></div></footer>`;

let $w: (s: string) => VeloElement & Record<string, unknown>;

beforeEach(() => {
  const { rt } = page(BODY);
  $w = rt.$w as never;
});

const node = (id: string) => document.getElementById(id) as HTMLElement;

describe("$w selectors", () => {
  it("finds elements by id, by type and by lists", () => {
    expect($w("#title1").id).toBe("title1");
    expect($w("#title1").type).toBe("$w.Text");
    expect($w("#button1").type).toBe("$w.Button");
    expect($w("#box1").type).toBe("$w.Box");
    const texts = $w("Text") as unknown as VeloElement[];
    expect(texts.map((t) => t.id)).toEqual(["title1", "text1", "text2", "footerText"]);
    const both = $w("#title1, #button1, Image") as unknown as VeloElement[];
    expect(both.length).toBe(3);
    // The form's own submit button is no element of the page.
    expect(($w("Button") as unknown as VeloElement[]).map((b) => b.id)).toEqual(["button1"]);
  });

  it("writes to every element a type selector found, and reads the first", () => {
    const texts = $w("Text") as unknown as VeloElement & VeloElement[];
    texts.text = "Same";
    expect(node("title1").textContent).toBe("Same");
    expect(node("text2").textContent).toBe("Same");
    expect(texts.text).toBe("Same");
  });

  it("gives an empty selection for an unknown id that ignores writes and calls", async () => {
    const none = $w("#nothing");
    none.text = "x";
    expect(none.text).toBeUndefined();
    await none.hide();
    expect(none.onClick(() => undefined)).toBe(none);
  });

  it("knows ids, types, parents, children and the master page", () => {
    expect($w("#text2").parent?.id).toBe("box1");
    expect($w("#section1").children.map((c) => c.id)).toContain("box1");
    expect($w("#box1").children.map((c) => c.id)).toEqual(["text2"]);
    expect($w("#menu1").global).toBe(true);
    expect($w("#title1").global).toBe(false);
    expect($w("#title1").rendered).toBe(true);
  });
});

describe("element members", () => {
  it("text and html", () => {
    expect($w("#text1").text).toBe("Some rich text");
    $w("#text1").text = "Plain <b>words</b>";
    expect(node("text1").innerHTML).toBe("<p>Plain &lt;b&gt;words&lt;/b&gt;</p>");
    $w("#title1").text = "New title";
    expect(node("title1").textContent).toBe("New title");
    $w("#text1").html = '<p onclick="x()">Hi <a href="javascript:alert(1)">l</a><script>alert(1)</script><em>e</em></p>';
    expect($w("#text1").html).toBe("<p>Hi <a>l</a><em>e</em></p>");
  });

  it("src, alt and link", () => {
    expect($w("#image1").src).toBe("/media/a~mv2.jpg/v1/fit/w_640");
    $w("#image1").src = "wix:image://v1/b~mv2.png/b.png#originWidth=10&originHeight=10";
    const img = node("image1").querySelector("img") as HTMLImageElement;
    expect(img.getAttribute("src")).toBe("/media/b~mv2.png");
    expect(img.hasAttribute("srcset")).toBe(false);
    expect($w("#image1").alt).toBe("A cat");
    $w("#image1").alt = "A dog";
    expect(img.alt).toBe("A dog");
    $w("#image1").link = "/dogs";
    expect(node("image1").querySelector("a > img")).toBe(img);
    expect($w("#image1").link).toBe("/dogs");
    expect($w("#button1").link).toBe("/about");
    $w("#button1").link = "/contact";
    expect(node("button1").getAttribute("href")).toBe("/contact");
    $w("#button1").target = "_blank";
    expect(node("button1").getAttribute("rel")).toBe("noopener noreferrer");
  });

  it("label of buttons and inputs", () => {
    expect($w("#button1").label).toBe("Go");
    $w("#button1").label = "Start";
    expect(node("button1").textContent).toBe("Start");
    expect($w("#input1").label).toBe("Your name");
    $w("#input1").label = "Full name";
    expect($w("#input1").label).toBe("Full name");
    expect(node("input1").querySelector("input")).not.toBeNull();
  });

  it("value, placeholder, checked, options and selectedIndex", () => {
    $w("#input1").value = "Ann";
    expect((node("input1").querySelector("input") as HTMLInputElement).value).toBe("Ann");
    expect($w("#input1").value).toBe("Ann");
    expect($w("#input1").placeholder).toBe("Name");
    $w("#input1").placeholder = "Your name";
    expect((node("input1").querySelector("input") as HTMLInputElement).placeholder).toBe("Your name");

    expect($w("#check1").checked).toBe(false);
    $w("#check1").checked = true;
    expect((node("check1").querySelector("input") as HTMLInputElement).checked).toBe(true);
    expect($w("#check1").value).toBe("yes");

    expect($w("#dropdown1").options).toEqual([
      { label: "Small", value: "s" },
      { label: "Large", value: "l" },
    ]);
    expect($w("#dropdown1").selectedIndex).toBeUndefined();
    $w("#dropdown1").selectedIndex = 1;
    expect($w("#dropdown1").value).toBe("l");
    $w("#dropdown1").options = [
      { label: "One", value: "1" },
      { label: "Two", value: "2" },
    ];
    expect(node("dropdown1").querySelectorAll("option").length).toBe(3);
    $w("#dropdown1").value = "2";
    expect($w("#dropdown1").selectedIndex).toBe(1);

    $w("#radio1").value = "b";
    expect($w("#radio1").selectedIndex).toBe(1);
    $w("#radio1").selectedIndex = 0;
    expect($w("#radio1").value).toBe("a");
    $w("#radio1").options = [
      { label: "Yes", value: "y" },
      { label: "No", value: "n" },
      { label: "Maybe", value: "m" },
    ];
    expect($w("#radio1").options.map((o: { label: string }) => o.label)).toEqual(["Yes", "No", "Maybe"]);
    expect(node("radio1").querySelectorAll("input[type=radio][name=r]").length).toBe(3);

    $w("#group1").value = ["y"];
    expect($w("#group1").value).toEqual(["y"]);
    expect($w("#slider1").value).toBe(3);
    expect(($w("#date1").value as Date).getDate()).toBe(24);
    $w("#date1").value = new Date(2027, 0, 5);
    expect((node("date1").querySelector("input") as HTMLInputElement).value).toBe("2027-01-05");
  });

  it("required, valid, validity and custom validation", () => {
    const email = $w("#email1");
    expect(email.required).toBe(true);
    expect(email.valid).toBe(false);
    expect(email.validity.valueMissing).toBe(true);
    email.value = "ann@example.com";
    expect(email.valid).toBe(true);
    email.required = false;
    email.value = "";
    expect(email.valid).toBe(true);

    const name = $w("#input1");
    name.onCustomValidation((value: unknown, reject: (m: string) => void) => {
      if (String(value).length < 3) reject("Too short");
    });
    name.value = "Al";
    expect(name.valid).toBe(false);
    expect(name.validity.customError).toBe(true);
    expect(name.validationMessage).toBe("Too short");
    name.updateValidityIndication();
    expect(node("input1").querySelector("input")?.getAttribute("aria-invalid")).toBe("true");
    name.resetValidityIndication();
    expect(node("input1").querySelector("input")?.hasAttribute("aria-invalid")).toBe(false);
    name.value = "Alice";
    expect(name.valid).toBe(true);
  });

  it("show, hide, hidden, isVisible, collapse and expand", async () => {
    window.innerWidth = 1280;
    expect($w("#box1").hidden).toBe(true);
    expect($w("#text2").isVisible).toBe(false);
    await $w("#box1").show("fade", { duration: 1 });
    expect($w("#box1").hidden).toBe(false);
    expect($w("#text2").isVisible).toBe(true);
    await $w("#title1").hide("fade", { duration: 1 });
    expect($w("#title1").hidden).toBe(true);
    expect(node("title1").hasAttribute("data-velo-hidden")).toBe(true);
    expect($w("#title1").isVisible).toBe(false);
    await $w("#title1").show();
    expect($w("#title1").isVisible).toBe(true);
    const collapsed = $w("#text1").collapse();
    expect(collapsed).toBeInstanceOf(Promise);
    await collapsed;
    expect($w("#text1").collapsed).toBe(true);
    expect($w("#text1").isVisible).toBe(false);
    await $w("#text1").expand();
    expect($w("#text1").collapsed).toBe(false);
    expect($w("#text1").isVisible).toBe(true);
  });

  it("enable, disable and enabled", async () => {
    await $w("#input1").disable();
    expect($w("#input1").enabled).toBe(false);
    expect((node("input1").querySelector("input") as HTMLInputElement).disabled).toBe(true);
    await $w("#input1").enable();
    expect($w("#input1").enabled).toBe(true);
    let clicks = 0;
    $w("#button1").onClick(() => clicks++);
    await $w("#button1").disable();
    expect($w("#button1").enabled).toBe(false);
    node("button1").click();
    expect(clicks).toBe(0);
    await $w("#button1").enable();
    node("button1").click();
    expect(clicks).toBe(1);
    await $w("#radio1").disable();
    expect(Array.from(node("radio1").querySelectorAll("input")).every((i) => i.disabled)).toBe(true);
  });

  it("style", () => {
    const s = $w("#box1").style as Record<string, string>;
    s.backgroundColor = "rgb(255, 0, 0)";
    s.borderColor = "blue";
    s.color = "green";
    s.borderWidth = "2px";
    s.borderRadius = "4px";
    expect(node("box1").style.backgroundColor).toBe("rgb(255, 0, 0)");
    expect(node("box1").style.borderColor).toBe("blue");
    expect(s.color).toBe("green");
    expect(node("box1").style.borderRadius).toBe("4px");
  });

  it("scrollTo, focus and blur", async () => {
    let scrolled = false;
    node("title1").scrollIntoView = () => void (scrolled = true);
    await $w("#title1").scrollTo();
    expect(scrolled).toBe(true);
    $w("#input1").focus();
    expect(document.activeElement).toBe(node("input1-c"));
    $w("#input1").blur();
    expect(document.activeElement).not.toBe(node("input1-c"));
  });
});

describe("events", () => {
  it("hands handlers Velo's event for each event kind", () => {
    const seen: VeloEvent[] = [];
    const keep = (e: VeloEvent) => void seen.push(e);
    $w("#button1").onClick(keep).onDblClick(keep).onMouseIn(keep).onMouseOut(keep);
    $w("#input1").onChange(keep).onInput(keep).onKeyPress(keep).onFocus(keep).onBlur(keep);
    node("button1").dispatchEvent(new MouseEvent("click", { bubbles: true, clientX: 5 }));
    node("button1").dispatchEvent(new MouseEvent("dblclick", { bubbles: true }));
    node("button1").dispatchEvent(new MouseEvent("mouseenter"));
    node("button1").dispatchEvent(new MouseEvent("mouseleave"));
    const input = node("input1-c");
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    input.dispatchEvent(new FocusEvent("focus"));
    input.dispatchEvent(new FocusEvent("blur"));
    expect(seen.map((e) => e.type)).toEqual(["click", "dblclick", "mouseenter", "mouseleave", "input", "change", "keydown", "focus", "blur"]);
    expect(seen[0]?.target.id).toBe("button1");
    expect(seen[0]?.context).toEqual({ type: "GLOBAL_SCOPE" });
    expect(seen[0]?.clientX).toBe(5);
    expect(seen[6]?.key).toBe("Enter");
  });

  it("hears a change of any input of a group, with the group's value", () => {
    const values: unknown[] = [];
    $w("#radio1").onChange((e: VeloEvent) => void values.push(e.target.value));
    const second = node("radio1").querySelectorAll("input")[1] as HTMLInputElement;
    second.checked = true;
    second.dispatchEvent(new Event("change", { bubbles: true }));
    expect(values).toEqual(["b"]);
  });
});

describe("multi-state boxes", () => {
  it("changeState, currentState, states and onChange", async () => {
    const box = $w("#states1") as unknown as VeloStateBox;
    expect(box.states.map((s) => s.id)).toEqual(["one", "two"]);
    expect(box.currentState?.id).toBe("one");
    let changes = 0;
    box.onChange(() => changes++);
    await box.changeState("two");
    expect(box.currentState?.id).toBe("two");
    expect(node("one").hidden).toBe(true);
    expect(node("two").hidden).toBe(false);
    await box.changeState(box.states[0] as VeloElement);
    expect(box.currentState?.id).toBe("one");
    expect(changes).toBe(2);
    // An input in a state is the input's, not the box's: its changes are not the box's.
    $w("#input2").value = "typed";
    node("input2").querySelector("input")?.dispatchEvent(new Event("change", { bubbles: true }));
    expect(changes).toBe(2);
    expect(box.value).toBeUndefined();
    await expect(box.changeState("three")).rejects.toThrow(/no state three/);
  });
});

describe("the HTML component", () => {
  it("posts to its frame and hears only its frame", () => {
    const html = $w("#html1");
    const frame = node("html1") as HTMLIFrameElement;
    const got: unknown[] = [];
    html.onMessage((e: VeloEvent) => void got.push(e.data));
    window.dispatchEvent(new MessageEvent("message", { data: "from elsewhere", source: window }));
    window.dispatchEvent(new MessageEvent("message", { data: "hello", source: frame.contentWindow }));
    expect(got).toEqual(["hello"]);
    expect(() => html.postMessage({ a: 1 })).not.toThrow();
  });
});
