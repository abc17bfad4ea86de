// End to end in Debian's Chromium: a visitor in New York books a paid appointment with a
// London business on the demo site. The owner (through the API) sets the business's zone
// and hours, adds Ann and a 60-minute haircut at $40 paid online with a photo from the media
// library. The visitor (a browser in America/New_York) joins the site, opens the service
// list and the haircut's page, picks a date and sees the day's times in New York time,
// books 09:00 London with Ann, pays with the test card at the store's checkout, and finds the
// booking in "My bookings" with its time in their zone; then reschedules it. Screenshots land
// in e2e/artifacts/.
// Env: TESSERA_BIN (default ../../target/debug/tessera), CHROMIUM (default /usr/bin/chromium).
import { join } from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, png, startDemo } from "./lib.mjs";

let demo, browser, site, owner, base, service;

/** The first weekday at least 3 days from now, as YYYY-MM-DD. */
function bookingDay(after = 3) {
  const d = new Date(Date.now() + after * 86_400_000);
  while ([0, 6].includes(d.getUTCDay())) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

const hm = (iso, timeZone) => new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(new Date(iso));

before(async () => {
  demo = await startDemo("booking-site");
  ({ browser, site, owner, base } = demo);
  const days = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"].map((day) => ({ day, startTime: "09:00", endTime: "12:00" }));
  await owner("PATCH", "/_bookings/v1/settings", { settings: { timeZone: "Europe/London", businessHours: days } });
  const { staffMember } = await owner("POST", "/bookings/v1/staff-members", { staffMember: { name: "Ann" } });
  const { uploadUrl } = await owner("POST", "/site-media/v1/files/generate-upload-url", { mimeType: "image/png", fileName: "scissors.png" });
  const u = new URL(uploadUrl);
  const image = png(480, 320, (x, y) => (Math.abs(x - 240) < 90 && Math.abs(y - 160) < 60 ? [120, 60, 90] : [238, 230, 236]));
  const up = await fetch(base + u.pathname + u.search, { method: "PUT", headers: { "content-type": "image/png" }, body: image });
  const { file } = await up.json();
  ({ service } = await owner("POST", "/bookings/v2/services", {
    service: {
      type: "APPOINTMENT",
      name: "Haircut",
      tagLine: "Cut and style",
      description: "A wash, a cut and a style with one of our stylists.",
      schedule: { availabilityConstraints: { sessionDurations: [60] } },
      staffMemberIds: [staffMember.id],
      payment: { rateType: "FIXED", fixed: { price: { value: "40.00", currency: "USD" } }, options: { online: true, inPerson: false } },
      media: { mainMedia: { image: { url: `/media/${file.id}` } } },
      bookingPolicy: { cancellationPolicy: { enabled: true, latestCancellationInMinutes: 1440 } },
    },
  }));
});

after(() => demo?.stop());

test("a visitor in New York books a paid appointment in London and sees it in their zone", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, timezoneId: "America/New_York" });
  const page = await context.newPage();
  try {
    await page.goto(`${site}/signup`);
    await page.getByLabel("First name").fill("Cy");
    await page.getByLabel("Email").fill("cy@example.com");
    await page.getByLabel("Password (at least 8 characters)").fill("a long password");
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.waitForURL(`${site}/account`);

    await page.goto(`${site}/book-online`);
    await page.getByRole("heading", { name: "Book online", level: 1 }).waitFor();
    assert.match(await page.locator(".t-service").first().textContent(), /Haircut.*Cut and style.*1 hour · 40\.00 USD.*Book now/s);
    await page.screenshot({ path: join(ARTIFACTS, "140-book-online.png"), fullPage: true });
    await page.getByRole("link", { name: "Book now: Haircut" }).click();
    await page.getByRole("heading", { name: "Haircut", level: 1 }).waitFor();
    assert.match(await page.locator(".t-policy").textContent(), /Cancel online until 1 day before it starts\..*Paid online when you book\./s);
    await page.screenshot({ path: join(ARTIFACTS, "141-service-page.png"), fullPage: true });

    // The day's times come in the browser's zone: London's 09:00 is New York's 04:00 or
    // 05:00 (their clocks change on different days).
    const day = bookingDay();
    await page.getByLabel("Date").fill(day);
    await page.getByRole("button", { name: "Show times" }).click();
    const times = page.getByRole("group", { name: /Times on .* \(America\/New_York\)/ });
    await times.waitFor();
    assert.match(page.url(), /tz=America%2FNew_York/);
    const first = times.getByRole("radio").first();
    const start = await first.getAttribute("value");
    assert.equal(hm(start, "Europe/London"), "09:00", "the business opens at 09:00 London time");
    const label = hm(start, "America/New_York");
    assert.notEqual(label, "09:00");
    assert.equal((await times.locator("label").first().textContent()).trim(), label);
    await page.screenshot({ path: join(ARTIFACTS, "142-service-times.png"), fullPage: true });
    await times.getByLabel(label, { exact: true }).check();
    await page.getByLabel("Staff member").selectOption({ label: "Ann" });
    assert.equal(await page.getByLabel("Email").inputValue(), "cy@example.com", "the member's email");
    await page.getByLabel("First name").fill("Cy");
    await page.getByLabel("Last name (optional)").fill("Ng");
    await page.getByRole("button", { name: "Book and pay" }).click();

    // The store's checkout, with the booking as its line.
    await page.getByRole("heading", { name: "Checkout" }).waitFor();
    const summary = page.getByRole("complementary", { name: "Order summary" });
    assert.match(await summary.textContent(), /1 × Haircut\s*\$40\.00.*Total\s*\$40\.00/s);
    await page.getByLabel("First name").fill("Cy");
    await page.getByLabel("Last name").fill("Ng");
    await page.getByLabel("Address").fill("1 Main St");
    await page.getByLabel("City").fill("New York");
    await page.getByLabel("Country code (e.g. US)").fill("US");
    await page.getByLabel("Card number").fill("4242 4242 4242 4242");
    await page.screenshot({ path: join(ARTIFACTS, "143-booking-checkout.png"), fullPage: true });
    await page.getByRole("button", { name: "Place order" }).click();
    await page.getByRole("heading", { name: "Thank you for your order" }).waitFor();
    await page.getByText("Paid.").waitFor();

    const { bookings } = await owner("POST", "/bookings/v2/bookings/query", { query: { filter: { "bookedEntity.slot.serviceId": service.id } } });
    assert.equal(bookings.length, 1);
    assert.deepEqual([bookings[0].status, bookings[0].paymentStatus, bookings[0].startDate], ["CONFIRMED", "PAID", new Date(start).toISOString()]);

    // My bookings: the time in New York's words.
    await page.goto(`${site}/account/my-bookings`);
    await page.getByRole("heading", { name: "My bookings", level: 1 }).waitFor();
    const item = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Haircut" }) });
    const when = await item.locator("time").textContent();
    assert.ok(when.endsWith("(America/New_York)"), when);
    assert.ok(when.includes(label), `${when} shows ${label}`);
    assert.match(await item.textContent(), /with Ann.*Confirmed/s);
    await page.screenshot({ path: join(ARTIFACTS, "144-my-bookings.png"), fullPage: true });

    // Reschedule to the next free time of the day, in the same zone.
    await item.getByRole("link", { name: "Reschedule" }).click();
    await page.getByRole("heading", { name: "Reschedule Haircut" }).waitFor();
    await page.getByLabel("Date").fill(day);
    await page.getByRole("button", { name: "Show times" }).click();
    const again = page.getByRole("group", { name: /\(America\/New_York\)/ });
    const next = await again.getByRole("radio").first().getAttribute("value");
    assert.notEqual(next, start, "its own time is taken by itself");
    await again.getByRole("radio").first().check();
    await page.screenshot({ path: join(ARTIFACTS, "145-reschedule.png"), fullPage: true });
    await page.getByRole("button", { name: "Move my booking" }).click();
    await page.getByRole("status").getByText("Your booking is moved.").waitFor();
    assert.ok((await page.locator("time").first().textContent()).includes(hm(next, "America/New_York")));
  } finally {
    await context.close();
  }
});
