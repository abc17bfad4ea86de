// End to end in Debian's Chromium: the Bookings section, served by the tessera binary on the
// demo data. The business is in New York and the browser in Tokyo. The owner adds a staff
// member and an appointment service through their forms, books a client by hand, sees the
// booking in the week's calendar at its New York time, drags it two hours later (the server's
// booking moves), and a drag onto a taken time is refused and put back. A second booking at
// the taken time is refused, then made with "Book anyway", and a refused drag is made with
// "Move anyway". Then resources and categories: the owner adds a type "Room" and "Room 1",
// makes a service need a Room and puts it in a new category (ordering categories on the
// Services tab), a type still in use is not deleted and says why, and the service's new
// booking holds "Room 1" in the list, the booking's dialog and its calendar block. Screenshots
// land in e2e/artifacts/.
// Env: TESSERA_BIN (default ../../target/debug/tessera), CHROMIUM (default /usr/bin/chromium).
import { join } from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, logIn, startDemo, until } from "./lib.mjs";

let demo, browser, base, owner;

before(async () => {
  demo = await startDemo("bookings");
  ({ browser, base, owner } = demo);
});

after(() => demo?.stop());

const ZONE = "America/New_York";
const DAYS = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"];

/** The day `n` days from today on New York's clock, "2026-12-09". */
function nyDay(n) {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(new Date());
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The instant New York's clock shows `hh:mm` on `day` (winter or summer, whichever holds then). */
function nyInstant(day, hhmm) {
  for (const offset of ["-05:00", "-04:00"]) {
    const iso = new Date(`${day}T${hhmm}:00${offset}`).toISOString();
    const shown = new Intl.DateTimeFormat("en-GB", { timeZone: ZONE, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));
    if (shown === hhmm) return iso;
  }
  throw new Error(`no ${hhmm} on ${day}`);
}

/** The bookings of the demo site, as the server has them. */
async function serverBookings() {
  return (await owner("POST", "/bookings/v2/bookings/query", { query: { paging: { limit: 100, offset: 0 } } })).bookings;
}

test("the owner adds staff and a service, books by hand, moves the booking in the calendar, and overrides a taken time", async () => {
  // The browser is in Tokyo; the business, and so every time the dashboard shows, in New York.
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 }, timezoneId: "Asia/Tokyo" });
  const shot = (name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  try {
    // The business: New York, open 08:00–20:00 every day.
    await owner("PATCH", "/_bookings/v1/settings", {
      settings: { timeZone: ZONE, businessHours: DAYS.map((day) => ({ day, startTime: "08:00", endTime: "20:00" })), reminderHoursBefore: 24, notifyOwner: false },
    });
    await logIn(page, base);
    await page.goto(`${base}/sites/demo/bookings/settings`);
    assert.equal(await page.getByLabel("Business time zone").inputValue(), ZONE);
    await shot("bookings-01-settings");

    // A staff member, through the form; their hours are the business's.
    await page.getByRole("tab", { name: "Staff" }).click();
    await page.getByRole("link", { name: "New staff member" }).click();
    await page.getByLabel("Name").fill("Ann Baker");
    await page.getByLabel("Email").fill("ann@example.com");
    await shot("bookings-02-staff-form");
    await page.getByRole("button", { name: "Add staff member" }).click();
    await page.getByRole("status").filter({ hasText: "Ann Baker is added." }).waitFor();
    await page.getByRole("row", { name: /Ann Baker/ }).getByText("Business hours").waitFor();
    await shot("bookings-03-staff");

    // An appointment service with her, an hour at 40.00.
    await page.getByRole("tab", { name: "Services" }).click();
    await page.getByRole("link", { name: "New service" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Haircut");
    await page.getByLabel("Length (minutes)").fill("60");
    await page.getByRole("textbox", { name: /^Price/ }).fill("40.00");
    await page.getByRole("checkbox", { name: "Ann Baker" }).check();
    await shot("bookings-04-service-form");
    await page.getByRole("button", { name: "Create service" }).click();
    await page.getByRole("status").filter({ hasText: "“Haircut” is created." }).waitFor();
    await page.getByRole("row", { name: /Haircut/ }).getByText("Ann Baker").waitFor();
    await shot("bookings-05-services");

    // A booking by hand, in two days at 10:00 New York time.
    const day = nyDay(2);
    await page.getByRole("tab", { name: "All bookings" }).click();
    await page.getByRole("button", { name: "New booking" }).click();
    const dialog = page.getByRole("dialog", { name: "New booking" });
    await dialog.getByLabel("Service").selectOption({ label: "Haircut (Appointment)" });
    await dialog.getByLabel("Staff member").selectOption({ label: "Ann Baker" });
    await dialog.getByLabel("Date").fill(day);
    await dialog.getByLabel(/^Time/).fill("10:00");
    await dialog.getByLabel("First name").fill("Ada");
    await dialog.getByLabel("Last name").fill("Lovelace");
    await dialog.getByLabel("Email").fill("ada@example.com");
    await shot("bookings-06-new-booking");
    await dialog.getByRole("button", { name: "Book", exact: true }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("row", { name: /Ada Lovelace/ }).waitFor();
    let [ada] = await serverBookings();
    assert.equal(ada.startDate.replace(".000", ""), nyInstant(day, "10:00").replace(".000", ""));
    await shot("bookings-07-list");

    // The week's calendar shows it at 10:00 in Ann's column.
    await page.goto(`${base}/sites/demo/bookings?date=${day}`);
    const block = page.getByRole("button", { name: /^Haircut with Ada Lovelace, .* 10:00–11:00, Ann Baker$/ });
    await block.waitFor();
    await shot("bookings-08-week");

    // Dragged two hours down (48 px an hour): the server's booking is at 12:00.
    const drag = async (locator, dy) => {
      const box = await locator.boundingBox();
      const x = box.x + box.width / 2;
      const y = box.y + 8;
      await page.mouse.move(x, y);
      await page.mouse.down();
      for (let i = 1; i <= 10; i++) await page.mouse.move(x, y + (dy * i) / 10);
      await page.mouse.up();
    };
    await drag(block, 96);
    await until(async () => (await serverBookings())[0].startDate.startsWith(nyInstant(day, "12:00").slice(0, 19)), "the booking moved to 12:00");
    const moved = page.getByRole("button", { name: /^Haircut with Ada Lovelace, .* 12:00–13:00, Ann Baker$/ });
    await moved.waitFor();
    await page.getByRole("status").filter({ hasText: "Moved to" }).waitFor();
    await shot("bookings-09-moved");

    // A click opens it: who, what, when in New York, and what the owner can do.
    await moved.click();
    const opened = page.getByRole("dialog", { name: "Booking" });
    await opened.getByText("ada@example.com").waitFor();
    await opened.getByText(/12:00 – 13:00/).waitFor();
    await opened.getByRole("button", { name: "Cancel booking" }).waitFor();
    await shot("bookings-09b-opened");
    await page.keyboard.press("Escape");
    await opened.waitFor({ state: "hidden" });

    // A drag onto a time someone else has is refused and the block goes back to 12:00.
    await owner("POST", "/bookings/v2/bookings", {
      booking: {
        bookedEntity: { slot: { serviceId: ada.bookedEntity.slot.serviceId, startDate: nyInstant(day, "15:00"), endDate: nyInstant(day, "16:00"), resource: { id: ada.bookedEntity.slot.resource.id } } },
        contactDetails: { firstName: "Grace", lastName: "Hopper", email: "grace@example.com" },
        totalParticipants: 1,
        selectedPaymentOption: "OFFLINE",
      },
    });
    await page.reload();
    await moved.waitFor();
    await drag(moved, 144);
    await page.getByRole("alert").filter({ hasText: /^Not moved: / }).waitFor();
    await moved.waitFor();
    [ada] = (await serverBookings()).filter((b) => b.contactDetails.firstName === "Ada");
    assert.ok(ada.startDate.startsWith(nyInstant(day, "12:00").slice(0, 19)), "still at 12:00 on the server");
    await shot("bookings-10-refused");

    // Another client at 12:00 with Ann: refused, then booked anyway.
    await page.getByRole("tab", { name: "All bookings" }).click();
    await page.getByRole("button", { name: "New booking" }).click();
    await dialog.getByLabel("Service").selectOption({ label: "Haircut (Appointment)" });
    await dialog.getByLabel("Staff member").selectOption({ label: "Ann Baker" });
    await dialog.getByLabel("Date").fill(day);
    await dialog.getByLabel(/^Time/).fill("12:00");
    await dialog.getByLabel("First name").fill("Alan");
    await dialog.getByLabel("Email").fill("alan@example.com");
    await dialog.getByRole("button", { name: "Book", exact: true }).click();
    await dialog.getByRole("alert").filter({ hasText: /^Not booked: / }).waitFor();
    await shot("bookings-11-taken");
    assert.equal((await serverBookings()).length, 2, "nothing booked yet");
    await dialog.getByRole("button", { name: "Book anyway" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("row", { name: /Alan/ }).waitFor();
    const alan = (await serverBookings()).find((b) => b.contactDetails.firstName === "Alan");
    assert.ok(alan.startDate.startsWith(nyInstant(day, "12:00").slice(0, 19)));
    await shot("bookings-12-booked-anyway");

    // In the calendar Alan shares 12:00 with Ada; moved onto Grace's 15:00 he is refused, then moved anyway.
    await page.goto(`${base}/sites/demo/bookings?date=${day}&view=day`);
    const alanBlock = page.getByRole("button", { name: /^Haircut with Alan, .* 12:00–13:00, Ann Baker$/ });
    await drag(alanBlock, 144);
    await page.getByRole("alert").filter({ hasText: /^Not moved: / }).waitFor();
    await alanBlock.waitFor();
    await page.getByRole("button", { name: "Move anyway" }).click();
    await page.getByRole("button", { name: /^Haircut with Alan, .* 15:00–16:00, Ann Baker$/ }).waitFor();
    await until(async () => (await serverBookings()).find((b) => b.contactDetails.firstName === "Alan").startDate.startsWith(nyInstant(day, "15:00").slice(0, 19)), "Alan moved to 15:00");
    await shot("bookings-13-moved-anyway");
    await page.getByRole("tab", { name: "All bookings" }).click();

    // The list's filters live in the address.
    await page.getByLabel("Status").selectOption({ label: "Confirmed" });
    await page.waitForURL(/status=CONFIRMED/);
    await page.reload();
    assert.equal(await page.getByLabel("Status").inputValue(), "CONFIRMED");
    await page.close();
  } catch (e) {
    await page.screenshot({ path: join(ARTIFACTS, "bookings-failed.png") });
    throw e;
  }
});

test("the owner adds a room, a service needs one in a new category, and its booking holds the room", async () => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 }, timezoneId: "Asia/Tokyo" });
  const shot = (name, fullPage = true) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
  try {
    await owner("PATCH", "/_bookings/v1/settings", {
      settings: { timeZone: ZONE, businessHours: DAYS.map((day) => ({ day, startTime: "08:00", endTime: "20:00" })), reminderHoursBefore: 24, notifyOwner: false },
    });
    const { staffMember: cy } = await owner("POST", "/bookings/v1/staff-members", { staffMember: { name: "Cy Dye" } });
    const { service: colour } = await owner("POST", "/bookings/v2/services", {
      service: {
        type: "APPOINTMENT", name: "Colour", staffMemberIds: [cy.id],
        schedule: { availabilityConstraints: { sessionDurations: [90], timeBetweenSessions: 0 } },
        payment: { rateType: "FIXED", fixed: { price: { value: "80.00", currency: "USD" } }, options: { online: false, inPerson: true } },
      },
    });
    await logIn(page, base);

    // A type "Room", then "Room 1" of it, there around the clock.
    await page.goto(`${base}/sites/demo/bookings/resources`);
    await page.getByText("No resources yet.").waitFor();
    await page.getByLabel("New resource type").fill("Room");
    await page.getByRole("button", { name: "Add type" }).click();
    await page.getByRole("status").filter({ hasText: "Room is added." }).waitFor();
    await page.getByRole("link", { name: "New Room" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Room 1");
    assert.equal(await page.getByLabel("Type").inputValue(), (await owner("POST", "/bookings/v2/resources/resource-types/query", { query: {} })).resourceTypes[0].id);
    await page.getByLabel("Its own hours").check();
    await page.getByRole("table", { name: "Available" }).waitFor();
    await shot("bookings-20-resource-form");
    await page.getByLabel("Around the clock").check();
    await page.getByRole("button", { name: "Add resource" }).click();
    await page.getByRole("status").filter({ hasText: "Room 1 is added." }).waitFor();
    await page.getByRole("row", { name: /Room 1/ }).getByText("Around the clock").waitFor();
    await shot("bookings-21-resources");

    // Colour needs a Room and goes in a new category "Hair", through its form.
    await page.goto(`${base}/sites/demo/bookings/services/${colour.id}`);
    await page.getByRole("checkbox", { name: /^Room/ }).check();
    await page.getByLabel("Category", { exact: true }).selectOption({ label: "New category…" });
    await page.getByLabel("New category’s name").fill("Hair");
    await page.getByRole("heading", { name: "Length and capacity" }).scrollIntoViewIfNeeded();
    await shot("bookings-22-service-needs", false);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    assert.equal(await page.getByLabel("Category", { exact: true }).locator("option:checked").textContent(), "Hair");
    const { service: saved } = await owner("GET", `/bookings/v2/services/${colour.id}`);
    assert.equal(saved.category.name, "Hair");
    assert.equal(saved.serviceResources.length, 1);

    // On the Services tab: Colour in Hair; a category "Nails" added, moved first, then deleted.
    await page.getByRole("tab", { name: "Services" }).click();
    await page.getByRole("row", { name: /Colour/ }).getByText("Hair").waitFor();
    await page.getByLabel("New category").fill("Nails");
    await page.getByRole("button", { name: "Add category" }).click();
    await page.getByRole("status").filter({ hasText: "Nails is added." }).waitFor();
    await page.getByRole("button", { name: "Rename Hair" }).click();
    await page.getByLabel("New name for Hair").waitFor();
    await shot("bookings-23a-category-rename");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Move Nails up" }).click();
    await page.getByRole("status").filter({ hasText: "Order saved." }).waitFor();
    const names = () => page.getByRole("list", { name: "Categories" }).locator(".store-name").allTextContents();
    await until(async () => (await names()).join() === "Nails,Hair", "Nails first");
    const { categories } = await owner("POST", "/bookings/v2/categories/query", { query: {} });
    const order = Object.fromEntries(categories.map((c) => [c.name, c.sortOrder]));
    assert.ok(order.Nails < order.Hair, JSON.stringify(order));
    await shot("bookings-23-categories");
    await page.getByRole("button", { name: "Delete Nails" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
    await page.getByRole("status").filter({ hasText: "Nails is deleted." }).waitFor();
    await until(async () => (await names()).join() === "Hair", "Nails gone");

    // A type still in use is not deleted, and the refusal says by what.
    await page.getByRole("tab", { name: "Resources" }).click();
    await page.getByText("Needed by Colour.").waitFor();
    await page.getByRole("button", { name: "Delete Room" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
    await page.getByRole("alert").filter({ hasText: "Not deleted: “Room 1” is still a Room." }).waitFor();
    assert.equal((await owner("POST", "/bookings/v2/resources/resource-types/query", { query: {} })).resourceTypes.length, 1);
    await shot("bookings-24-type-in-use");

    // Colour booked by hand: the booking holds Room 1, in the list and in its dialog.
    await page.getByRole("tab", { name: "All bookings" }).click();
    await page.getByRole("button", { name: "New booking" }).click();
    const dialog = page.getByRole("dialog", { name: "New booking" });
    await dialog.getByLabel("Service").selectOption({ label: "Colour (Appointment)" });
    await dialog.getByLabel("Staff member").selectOption({ label: "Cy Dye" });
    await dialog.getByLabel("Date").fill(nyDay(3));
    // Ninety minutes from opening at 08:00: 11:00 is one of its times.
    await dialog.getByLabel(/^Time/).fill("11:00");
    await dialog.getByLabel("First name").fill("Mary");
    await dialog.getByLabel("Email").fill("mary@example.com");
    await dialog.getByRole("button", { name: "Book", exact: true }).click();
    await dialog.waitFor({ state: "hidden" });
    const row = page.getByRole("row", { name: /Mary/ });
    await row.getByText("Room 1").waitFor();
    const mary = (await serverBookings()).find((b) => b.contactDetails.firstName === "Mary");
    assert.deepEqual(mary.bookedResources.map((r) => r.name), ["Room 1"]);
    await shot("bookings-25-list-room");
    await row.getByRole("button").click();
    const opened = page.getByRole("dialog", { name: "Booking" });
    await opened.getByText("Also holds").waitFor();
    await opened.getByText("Room 1").waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "bookings-26-booking-room.png") });

    // And in the calendar: Mary's block names the room too.
    await page.goto(`${base}/sites/demo/bookings?date=${nyDay(3)}&view=day`);
    const block = page.getByRole("button", { name: /^Colour with Mary, .* 11:00–12:30, Cy Dye, Room 1$/ });
    await block.getByText("Room 1", { exact: true }).waitFor();
    await shot("bookings-27-calendar-room", false);
    await page.close();
  } catch (e) {
    await page.screenshot({ path: join(ARTIFACTS, "bookings-rooms-failed.png"), fullPage: true });
    throw e;
  }
});
