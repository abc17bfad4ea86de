import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it, vi } from "vitest";
import type { VeloElement } from "../src/elements";
import type { VeloRepeater, VeloStateBox } from "../src/repeater";
import { createRuntime } from "../src/runtime";
import { FakeSite } from "./fake-site";

// The inputs as `crates/render` writes them (its test `the_site_runtime_tests_run_on_these_inputs`
// in tests/inputs.rs keeps this file up to date).
const BODY = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "fixtures/rendered-inputs.html"), "utf8");

type El = VeloElement & Record<string, unknown>;

it("reads and drives every input the renderer writes", async () => {
  // The page's scripts are not loaded in tests, which the DOM says on the console.
  vi.spyOn(console, "error").mockImplementation(() => undefined);
  document.body.innerHTML = BODY;
  const rt = createRuntime(window, { fetch: new FakeSite({ Things: [{ _id: "a" }, { _id: "b" }] }).fetch });
  const $w = (s: string) => rt.$w(s) as El;
  await rt.start();

  expect($w("#input1").type).toBe("$w.TextInput");
  expect($w("#input1").label).toBe("Your name");
  expect($w("#input1").value).toBe("Ann & co");
  expect($w("#input1").placeholder).toBe("Name");
  expect($w("#input2").required).toBe(true);
  expect($w("#input2").valid).toBe(false);
  $w("#input2").value = "ann@example.com";
  expect($w("#input2").valid).toBe(true);
  expect($w("#textBox1").type).toBe("$w.TextBox");
  // (Browsers drop the newline after `<textarea>`, happy-dom does not: only the text is compared.)
  expect(String($w("#textBox1").value).trim()).toBe("Hello <b>");

  const dropdown = $w("#dropdown1");
  expect(dropdown.options).toEqual([
    { label: "Small", value: "s" },
    { label: "Large", value: "l" },
    { label: "Huge", value: "Huge" },
  ]);
  // happy-dom misreads `selected` on an option that others follow; browsers do not.
  expect(document.querySelector<HTMLOptionElement>("#dropdown1 option[selected]")?.value).toBe("l");
  dropdown.value = "l";
  expect(dropdown.selectedIndex).toBe(1);
  dropdown.selectedIndex = undefined;
  expect(dropdown.valid).toBe(false);

  expect($w("#checkbox1").checked).toBe(false);
  expect($w("#checkbox1").value).toBe("yes");
  expect($w("#checkbox1").label).toBe("I agree");
  expect($w("#checkboxGroup1").value).toEqual(["y"]);
  $w("#checkboxGroup1").value = ["x", "y"];
  expect($w("#checkboxGroup1").value).toEqual(["x", "y"]);
  expect($w("#radioGroup1").type).toBe("$w.RadioButtonGroup");
  expect($w("#radioGroup1").value).toBe("b");
  expect($w("#radioGroup1").options).toEqual([
    { label: "A", value: "a" },
    { label: "B", value: "b" },
  ]);
  expect($w("#switch1").type).toBe("$w.Switch");
  expect($w("#switch1").checked).toBe(true);
  expect($w("#slider1").value).toBe(3);
  expect(($w("#datePicker1").value as Date).getDate()).toBe(24);

  const box = rt.$w("#multiStateBox1") as VeloStateBox;
  expect(box.states.map((s) => s.id)).toEqual(["state1", "state2"]);
  expect(box.currentState?.id).toBe("state1");
  await box.changeState("state2");
  expect((document.getElementById("state2") as HTMLElement).hidden).toBe(false);
  expect($w("#input4").label).toBe("Code");

  expect($w("#progressBar1").type).toBe("$w.ProgressBar");
  expect($w("#rating1").type).toBe("$w.RatingsDisplay");
  expect($w("#pagination1").type).toBe("$w.Pagination");

  // Groups are named by their legend.
  expect($w("#radioGroup1").label).toBe("Delivery");
  $w("#checkboxGroup1").label = "Extras";
  expect(document.querySelector("#checkboxGroup1 > legend")?.textContent).toBe("Extras");

  const progress = $w("#progressBar1");
  expect([progress.value, progress.targetValue]).toEqual([30, 120]);
  progress.value = 60;
  progress.targetValue = 80;
  expect(document.querySelector("#progressBar1 progress")?.outerHTML).toBe('<progress max="80" value="60">75%</progress>');

  const rating = $w("#rating1");
  expect([rating.rating, rating.numRatings]).toEqual([4.5, 12]);
  rating.rating = 3;
  rating.numRatings = 1;
  expect(document.getElementById("rating1")?.getAttribute("aria-label")).toBe("Rated 3 out of 5, 1 rating");
  expect(document.getElementById("rating1")?.style.getPropertyValue("--rating")).toBe("3");
  expect(document.querySelector("#rating1 .t-rating-count")?.textContent).toBe("(1)");

  const pagination = $w("#pagination1");
  expect([pagination.currentPage, pagination.totalPages]).toEqual([5, 9]);
  const picked: number[] = [];
  pagination.onChange((e) => picked.push((e.target as El).currentPage as number));
  (document.querySelector('#pagination1 button[aria-label="Next page"]') as HTMLButtonElement).click();
  (document.querySelector('#pagination1 button[aria-label="Page 9"]') as HTMLButtonElement).click();
  expect(picked).toEqual([6, 9]);
  expect((document.querySelector('#pagination1 button[aria-label="Next page"]') as HTMLButtonElement).disabled).toBe(true);
  pagination.totalPages = 3;
  expect(pagination.currentPage).toBe(3);
  expect(Array.from(document.querySelectorAll("#pagination1 button"), (b) => b.textContent).join(" ")).toBe("‹ 1 2 3 ›");
  expect($w("#html1").type).toBe("$w.HtmlComponent");
  expect((rt.$w("TextInput") as VeloElement[]).map((e) => e.id).slice(0, 4)).toEqual(["input1", "input2", "input3", "input4"]);

  // In a repeater each item has its own controls, its radio buttons a group of their own.
  const picks: string[] = [];
  (rt.$w("#repeater1") as VeloRepeater).forEachItem(($item, data) => {
    const $i = $item as (s: string) => El;
    $i("#radioGroup2").value = "1";
    picks.push(`${data._id}:${String($i("#radioGroup2").value)}`);
  });
  expect(picks).toEqual(["a:1", "b:1"]);
  expect(document.querySelectorAll("#repeater1 li input[type=radio]:checked").length).toBe(2);
});
