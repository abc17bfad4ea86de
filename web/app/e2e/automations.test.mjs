// End to end in Debian's Chromium: the Automations section, served by the tessera binary on the
// demo data with its test clock on (TESSERA_TEST_CLOCK: an owner moves the clock runs are due
// by, so no test sleeps through a delay). The owner builds "form submitted → wait 1 minute →
// email the sender" in the builder (the address and name put in with the variable picker), a
// visitor sends the contact form, the run waits; the clock moves a minute on, the email is in
// the outbox and the run in the history with its step. A webhook made in the Webhooks tab
// gets the next form, signed with the secret shown once (checked here by the Standard
// Webhooks rule), its delivery is in the log with the answer, and a replay sends it again
// under the same id. GraphiQL knows the site's schema and answers a query. Screenshots land
// in e2e/artifacts/.
// Env: TESSERA_BIN (default ../../target/debug/tessera), CHROMIUM (default /usr/bin/chromium).
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ARTIFACTS, freePort, logIn, startDemo, until } from "./lib.mjs";

let demo, browser, base, site, owner, receiver;
/** What the local webhook receiver got: {headers, body}. */
const received = [];
let receiverPort;

before(async () => {
  receiverPort = await freePort();
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"ok":true}');
    });
  }).listen(receiverPort, "127.0.0.1");
  demo = await startDemo("automations", {
    args: ["--fetch-allow", `127.0.0.1:${receiverPort}`],
    env: { TESSERA_TEST_CLOCK: "true" },
  });
  ({ browser, base, site, owner } = demo);
});

after(async () => {
  await demo?.stop();
  receiver?.close();
});

/** A visitor sends the demo site's contact form. */
async function sendContactForm(name, email) {
  const live = await browser.newPage();
  await live.goto(`${site}/contact`);
  await live.getByLabel("Your name").fill(name);
  await live.getByLabel("Email").fill(email);
  await live.getByLabel("Message").fill("Do you bake rye on Sundays?");
  await live.getByRole("button", { name: "Send message" }).click();
  await live.getByRole("status").filter({ hasText: "Thank you!" }).waitFor();
  await live.close();
}

/** The demo site's email, newest first. */
async function outbox() {
  return (await owner("GET", "/api/v1/sites/demo/outbox")).emails;
}

/** The Standard Webhooks signature of a message under a `whsec_` secret. */
function signature(secret, id, timestamp, body) {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

test("the owner builds form → wait a minute → email the sender; the clock moves on and the email and the run are there", async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const shot = (name, fullPage = false) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
  try {
    await logIn(page, base);
    await page.goto(`${base}/sites/demo/automations`);
    await page.getByRole("heading", { name: "Start from a recipe" }).waitFor();
    await page.getByRole("link", { name: /Thank a form sender/ }).waitFor();
    await page.getByText("No automations yet").waitFor();
    await shot("automations-01-list");

    // A recipe fills the builder; the owner builds their own instead.
    await page.getByRole("link", { name: /Remind of a booking/ }).click();
    await page.getByRole("heading", { name: "24 hours before Booking › Start date" }).waitFor();
    await page.getByRole("link", { name: "Automations", exact: true }).first().click();
    await page.getByRole("link", { name: "New automation" }).click();

    await page.getByLabel("Automation name").fill("Thank form senders after a minute");
    await page.getByLabel("Trigger", { exact: true }).selectOption({ label: "Form submitted" });
    await page.getByRole("heading", { name: "Form submitted" }).waitFor();
    // Only the contact form's senders who gave an address.
    await page.getByRole("button", { name: "Add a condition" }).click();
    await page.getByLabel("Condition 1 field").selectOption({ label: "Submission data › Email" });
    await page.getByLabel("Condition 1 operator").selectOption({ label: "is set" });
    await page.getByRole("radio", { name: "After a wait" }).click();
    await page.getByLabel("How long").fill("1");
    await page.getByLabel("Unit").selectOption("MINUTES");
    await page.getByRole("heading", { name: "after 1 minute" }).waitFor();

    await page.getByRole("button", { name: "Add an action" }).click();
    await page.getByRole("menuitem", { name: /Send an email/ }).click();
    await page.getByRole("heading", { name: "Send an email" }).waitFor();
    // The variable picker puts the sender's address and name in.
    await page.getByRole("button", { name: "Insert a variable into To" }).click();
    await page.getByRole("menuitem", { name: /^Submission data › Email/ }).click();
    assert.equal(await page.getByLabel("To", { exact: true }).inputValue(), "{{event.entity.submissionData.email}}");
    await page.getByLabel("Subject", { exact: true }).fill("Thanks, ");
    await page.getByRole("button", { name: "Insert a variable into Subject" }).click();
    await page.getByRole("menuitem", { name: /^Submission data › Name/ }).click();
    assert.equal(await page.getByLabel("Subject", { exact: true }).inputValue(), "Thanks, {{event.entity.submissionData.name}}");
    await page.getByLabel("Message", { exact: true }).fill("We got your message and will answer within a day.");
    await page.setViewportSize({ width: 1440, height: 1350 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot("automations-02-builder");
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.getByRole("button", { name: "Create automation" }).click();
    await page.getByRole("status").filter({ hasText: "The automation is created and on." }).waitFor();
    const [automation] = (await owner("POST", "/_automations/v1/automations/query", {})).automations;
    assert.equal(automation.name, "Thank form senders after a minute");
    assert.deepEqual(automation.delay, { minutes: 1 });
    assert.deepEqual(automation.conditions.rules, [{ field: "event.entity.submissionData.email", operator: "IS_SET" }]);

    // A visitor sends the form: the run waits its minute, no email yet.
    await sendContactForm("Bea Baker", "bea@example.com");
    await page.getByRole("tab", { name: "Run history" }).click();
    await page.getByRole("row", { name: /Thank form senders after a minute.*Form submitted.*Waiting/ }).waitFor();
    assert.ok(!(await outbox()).some((e) => e.subject === "Thanks, Bea Baker"));
    await shot("automations-03-run-waiting");

    // The clock moves a minute on: the step runs, the email is in the outbox.
    const stepped = await owner("POST", "/_automations/v1/test-clock", { advanceMinutes: 1 });
    assert.ok(stepped.attempts >= 1, JSON.stringify(stepped));
    const mail = (await outbox()).find((e) => e.subject === "Thanks, Bea Baker");
    assert.equal(mail?.to, "bea@example.com");
    await page.goto(`${base}/sites/demo/people/outbox`);
    await page.getByRole("button", { name: "Thanks, Bea Baker" }).click();
    await page.getByText("We got your message and will answer within a day.").waitFor();
    await shot("automations-04-outbox");

    // The run is done, its step with the email's address as output.
    await page.goto(`${base}/sites/demo/automations/runs`);
    const row = page.getByRole("row", { name: /Thank form senders after a minute.*Done/ });
    await row.getByRole("button").click();
    const steps = page.getByRole("list", { name: "Steps" });
    await steps.getByText("Step 1: Send an email").waitFor();
    await steps.getByText('"to": "bea@example.com"').first().waitFor();
    await page.getByLabel("Status").selectOption({ label: "Failed" });
    await page.getByText("No runs match these filters.").waitFor();
    await page.getByLabel("Status").selectOption({ label: "Done" });
    await page.getByRole("row", { name: /Thank form senders after a minute.*Done/ }).waitFor();
    await shot("automations-05-run-history", true);

    // Paused, it starts no run; and a test run does the action at once on the sample.
    await page.getByRole("tab", { name: "Automations" }).click();
    await page.getByRole("switch", { name: "Thank form senders after a minute is on" }).click();
    await page.getByRole("status").filter({ hasText: "is paused" }).waitFor();
    await page.getByRole("switch", { name: "Thank form senders after a minute is on", checked: false }).waitFor();
    await shot("automations-06-list");
    await page.getByRole("link", { name: "Thank form senders after a minute" }).click();
    await page.getByRole("button", { name: "Test", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "A test run has started" }).waitFor();
    await until(async () => (await outbox()).some((e) => e.to === "ann@example.com" && e.subject.startsWith("Thanks, ")), "the test run's email");
  } finally {
    await page.close();
  }
});

test("a webhook made in the dashboard gets the next form, signed; its delivery is logged and replayed", async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const shot = (name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  try {
    await logIn(page, base);
    await page.goto(`${base}/sites/demo/automations/webhooks`);
    await page.getByRole("button", { name: "New webhook" }).click();
    const url = `http://127.0.0.1:${receiverPort}/hooks`;
    await page.getByLabel("Receiver URL").fill(url);
    await page.getByRole("group", { name: "Forms" }).getByLabel("Form submitted").check();
    await page.getByRole("button", { name: "Create webhook" }).click();
    const secretBox = page.getByRole("region", { name: "Signing secret" });
    const secret = (await secretBox.getByTestId("webhook-secret").textContent()) ?? "";
    assert.match(secret, /^whsec_/);
    await page.getByRole("row", { name: new RegExp(url) }).getByText("Form submitted").waitFor();
    await shot("automations-07-webhook-created");
    await secretBox.getByRole("button", { name: "Done" }).click();
    // Shown once: the list has only its start.
    assert.equal(await page.getByText(secret).count(), 0);

    await sendContactForm("Cy Cole", "cy@example.com");
    await until(async () => received.some((r) => r.body.includes("cy@example.com")), "the form's webhook");
    const got = received.find((r) => r.body.includes("cy@example.com"));
    const id = got.headers["webhook-id"];
    assert.equal(got.headers["webhook-signature"], signature(secret, id, got.headers["webhook-timestamp"], got.body));
    const body = JSON.parse(got.body);
    assert.equal(body.type, "wixForms_onFormSubmit");
    assert.equal(body.data.entity.submissionData.email, "cy@example.com");

    // The log shows it delivered with the receiver's answer; a replay sends it again, same id.
    await page.reload();
    const delivery = page.getByRole("row", { name: /Form submitted.*delivered/ });
    await delivery.waitFor();
    await delivery.getByRole("button", { name: "Form submitted" }).click();
    await page.getByText('{"ok":true}').waitFor();
    await shot("automations-08-deliveries");
    await delivery.getByRole("button", { name: /^Replay/ }).click();
    await until(async () => received.filter((r) => r.headers["webhook-id"] === id).length === 2, "the replay");

    // A test message, and turning it off.
    await page.getByRole("button", { name: "Send test" }).click();
    await until(async () => received.some((r) => JSON.parse(r.body).type === "webhook.test"), "the test message");
    await page.getByRole("switch", { name: `The webhook to ${url} is on` }).click();
    await page.getByRole("status").filter({ hasText: "is off" }).waitFor();
  } finally {
    await page.close();
  }
});

test("GraphiQL answers the site's schema from the dashboard", async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  try {
    await logIn(page, base);
    await page.goto(`${base}/sites/demo/graphql`);
    await page.locator(".graphiql-container").waitFor();
    // Its introspection passes the server's depth limit: the docs know the site's types.
    await page.getByRole("button", { name: /Documentation Explorer/ }).click();
    await page.locator(".graphiql-doc-explorer").getByText("Cakes_Page").waitFor();
    // The editor (Monaco) loads after the page: run its query once it shows.
    await until(async () => (await page.locator(".graphiql-query-editor").textContent())?.includes("queryType"), "the editor");
    await page.getByRole("button", { name: /Execute query/ }).click();
    // The answer is in a read-only editor, a span per token: its text as a whole.
    await until(async () => (await page.locator(".graphiql-response").textContent())?.includes("queryType"), "the answer");
    await page.screenshot({ path: join(ARTIFACTS, "automations-09-graphiql.png") });
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
