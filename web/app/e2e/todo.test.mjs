// End to end in Debian's Chromium: a to-do app in the style of Wix's public Velo workshop
// (velo-by-wix/todo-workshop), written here. Its collection comes from `src/database/`, its page
// code drives a repeater over a dataset (add with a button or Enter, complete with a switch in
// each item, filter with a radio group, count what is left with wix-data), a confirm lightbox in
// Wix's folder layout answers "clear the completed tasks?" through exported click handlers, and
// a backend `.jsw` module gives the tagline.
// Env: TESSERA_BIN (default ../../target/debug/tessera), CHROMIUM (default /usr/bin/chromium).
import { join } from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, startDemo } from "./lib.mjs";

let demo;

const TASKS = {
  id: "TodoTasks",
  displayName: "Todo Tasks",
  displayField: "title",
  permissions: {
    anonymous: { read: true, insert: true, update: true, remove: true },
    siteOwner: { read: true, insert: true, update: true, remove: true },
  },
  fields: {
    _id: { type: "text", systemField: true },
    title: { displayName: "Title", type: "text" },
    completed: { displayName: "Completed", type: "boolean" },
  },
};

const PAGE_CODE = `import wixData from 'wix-data';
import wixWindow from 'wix-window';
import { getQuote } from 'backend/motivation.jsw';

const TASKS = 'TodoTasks';

$w.onReady(async () => {
  $w('#taskList').onItemReady(($item, task) => {
    $item('#completedSwitch').checked = task.completed === true;
  });
  $w('#addTaskButton').onClick(addTask);
  $w('#taskInput').onKeyPress((event) => {
    if (event.key === 'Enter') addTask();
  });
  $w('#filterRadioGroup').onChange((event) => showOnly(event.target.value));
  $w('#completedSwitch').onChange(toggle);
  $w('#clearCompletedButton').onClick(async () => {
    const sure = await wixWindow.openLightbox('Clear Confirmation');
    if (sure) await clearCompleted();
  });
  countLeft();
  if (wixWindow.rendering.env === 'browser') {
    $w('#tagline').text = await getQuote();
    $w('#tagline').show('fade');
  }
});

async function addTask() {
  const title = $w('#taskInput').value.trim();
  $w('#taskInput').value = '';
  if (!title) return;
  await wixData.insert(TASKS, { title, completed: false });
  await $w('#dataset1').refresh();
  countLeft();
}

async function toggle(event) {
  const $item = $w.at(event.context);
  await wixData.update(TASKS, {
    _id: event.context.itemId,
    title: $item('#taskText').text,
    completed: $item('#completedSwitch').checked,
  });
  countLeft();
}

function showOnly(which) {
  const filter = which === 'All' ? wixData.filter() : wixData.filter().eq('completed', which === 'Completed');
  $w('#dataset1').setFilter(filter);
}

async function countLeft() {
  const left = await wixData.query(TASKS).eq('completed', false).count();
  $w('#activeTasksCount').text = \`\${left} items left\`;
}

async function clearCompleted() {
  const done = await wixData.query(TASKS).eq('completed', true).find();
  await wixData.bulkRemove(TASKS, done.items.map((task) => task._id));
  await $w('#dataset1').refresh();
  countLeft();
}
`;

const FILES = {
  "src/database/TodoTasks.json": JSON.stringify(TASKS),
  "src/pages/Todo.todo1.js": PAGE_CODE,
  "src/lightboxes/Clear_Confirmation.clr01/Clear_Confirmation.js": `import wixWindow from 'wix-window';

export function approveBtn_click(event) {
  wixWindow.lightbox.close(true);
}

export function rejectBtn_click(event) {
  wixWindow.lightbox.close(false);
}
`,
  "src/lightboxes/Clear_Confirmation.clr01/pageElements.d.ts": "// Types for the editor, not code.\n",
  "src/backend/motivation.jsw": "export function getQuote() {\n  return 'Start where you are.';\n}\n",
};

const el = (id, type, props, extra = {}) => ({ id, type, props, ...extra });

before(async () => {
  demo = await startDemo("todo");
  const api = (method, path, body) =>
    fetch(demo.base + path, {
      method,
      headers: { authorization: `Bearer ${demo.token}`, "content-type": "application/json" },
      body: body && JSON.stringify(body),
    });
  // The collection first (the page's dataset reads it), then the pages, then the code.
  const pushed = await api("PUT", "/api/v1/sites/demo/code", { files: FILES });
  const report = await pushed.json();
  assert.equal(pushed.status, 201, JSON.stringify(report));
  assert.deepEqual(report.problems, []);
  assert.equal(report.collections[0].outcome, "CREATED", JSON.stringify(report.collections));

  const { document, revision } = await (await api("GET", "/api/v1/sites/demo/document")).json();
  document.pages.push(
    {
      id: "todo1",
      title: "Todo",
      path: "/todo",
      datasets: [{ id: "dataset1", collection: "TodoTasks", sort: [{ fieldName: "_createdDate", order: "ASC" }], pageSize: 50 }],
      sections: [
        {
          id: "todoSection",
          type: "section",
          children: [
            el("todoTitle", "heading", { text: "My tasks", level: 1 }),
            el("tagline", "text", { html: "" }),
            el("taskInput", "textInput", { label: "New task", placeholder: "What needs doing?" }),
            el("addTaskButton", "button", { label: "Add task", link: { href: "#" } }),
            el("filterRadioGroup", "radioGroup", { label: "Show", options: [{ label: "All" }, { label: "Active" }, { label: "Completed" }], value: "All" }),
            el("taskList", "repeater", { dataset: "dataset1", columns: 1 }, {
              children: [
                el("taskText", "text", { html: "" }, { bind: { text: { field: "title" } } }),
                el("completedSwitch", "switch", { label: "Done" }),
              ],
            }),
            el("activeTasksCount", "text", { html: "" }),
            el("clearCompletedButton", "button", { label: "Clear completed", link: { href: "#" }, variant: "secondary" }),
          ],
        },
      ],
    },
    {
      id: "clr01",
      title: "Clear Confirmation",
      path: "/lightboxes/clear-confirmation",
      lightbox: true,
      sections: [
        {
          id: "clearSection",
          type: "section",
          children: [
            el("clearQuestion", "heading", { text: "Clear the completed tasks?", level: 2 }),
            el("approveBtn", "button", { label: "Yes, clear", link: { href: "#" } }),
            el("rejectBtn", "button", { label: "Cancel", link: { href: "#" }, variant: "secondary" }),
          ],
        },
      ],
    },
  );
  const saved = await api("PUT", "/api/v1/sites/demo/document", { revision, document });
  assert.equal(saved.status, 200, await saved.text());
  assert.equal((await api("POST", "/api/v1/sites/demo/publish")).status, 200);
  assert.equal((await api("POST", "/api/v1/sites/demo/code/publish", {})).status, 200);
});

after(() => demo?.stop());

test("the to-do app adds, completes, filters and clears tasks", async () => {
  const page = await demo.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const items = page.locator("#taskList [data-velo-item]");
  const titles = () => items.locator("[data-velo-id='taskText']").allTextContents();
  const left = (text) => page.locator("#activeTasksCount").filter({ hasText: text }).waitFor();
  try {
    await page.goto(`${demo.site}/todo`);
    await page.locator("#tagline").filter({ hasText: "Start where you are." }).waitFor();
    await left("0 items left");

    // Add with the button, then with Enter.
    await page.getByRole("textbox", { name: "New task" }).fill("Buy flour");
    await page.locator("#addTaskButton").click();
    await items.filter({ hasText: "Buy flour" }).waitFor();
    await page.getByRole("textbox", { name: "New task" }).fill("Bake bread");
    await page.getByRole("textbox", { name: "New task" }).press("Enter");
    await items.filter({ hasText: "Bake bread" }).waitFor();
    await left("2 items left");
    assert.deepEqual(await titles(), ["Buy flour", "Bake bread"]);
    assert.equal(await page.getByRole("textbox", { name: "New task" }).inputValue(), "");

    // Complete one with its switch: saved, so it is still done after a reload.
    await items.filter({ hasText: "Buy flour" }).getByRole("switch").check();
    await left("1 items left");
    await page.reload();
    await left("1 items left");
    assert.equal(await items.filter({ hasText: "Buy flour" }).getByRole("switch").isChecked(), true);
    assert.equal(await items.filter({ hasText: "Bake bread" }).getByRole("switch").isChecked(), false);
    await page.screenshot({ path: join(ARTIFACTS, "todo-list.png") });

    // Filter with the radio group.
    await page.getByRole("radio", { name: "Completed" }).check();
    await items.filter({ hasText: "Bake bread" }).waitFor({ state: "detached" });
    assert.deepEqual(await titles(), ["Buy flour"]);
    await page.getByRole("radio", { name: "Active" }).check();
    await items.filter({ hasText: "Buy flour" }).waitFor({ state: "detached" });
    assert.deepEqual(await titles(), ["Bake bread"]);
    await page.getByRole("radio", { name: "All" }).check();
    await items.filter({ hasText: "Buy flour" }).waitFor();

    // Clear the completed tasks: the lightbox asks; "Cancel" keeps them, "Yes" clears.
    const lightbox = page.frameLocator("dialog.t-lightbox iframe");
    await page.locator("#clearCompletedButton").click();
    await lightbox.locator("#rejectBtn").click();
    await page.locator("dialog.t-lightbox[open]").waitFor({ state: "detached" });
    assert.equal(await items.count(), 2);
    await page.locator("#clearCompletedButton").click();
    await lightbox.getByRole("heading", { name: "Clear the completed tasks?" }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "todo-confirm.png") });
    await lightbox.locator("#approveBtn").click();
    await items.filter({ hasText: "Buy flour" }).waitFor({ state: "detached" });
    assert.deepEqual(await titles(), ["Bake bread"]);
    await left("1 items left");

    // What the collection holds now.
    const { dataItems: stored } = await demo.owner("POST", "/wix-data/v2/items/query", { dataCollectionId: "TodoTasks", query: {} });
    assert.deepEqual(
      stored.map((i) => [i.data.title, i.data.completed]),
      [["Bake bread", false]],
    );
  } finally {
    await page.close();
  }
});
