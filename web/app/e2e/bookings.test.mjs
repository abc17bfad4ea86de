// End to end in Debian's Chromium: the Bookings section, served by the tessera binary on the
// demo data. The business is in New York and the browser in Tokyo. The owner adds a staff
// member and an appointment service through their forms, books a client by hand, sees the
// booking in the week's calendar at its New York time, drags it two hours later (the server's
// booking moves), and a drag onto a taken time is refused and put back. A second booking at
// the taken time is refused, then made with "Book anyway", and a refused drag is made with
// "Move anyway". Screenshots land in e2e/artifacts/.
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
