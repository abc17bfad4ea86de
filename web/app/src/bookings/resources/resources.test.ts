import { describe, expect, test } from "vitest";
import type { Resource, ResourceType, Service } from "../bookings";
import { heldResources } from "../bookings";
import { byType, emptyResource, formOf, inUseText, problems, resourceBody } from "./resources";

const room: ResourceType = { id: "t-room", name: "Room" };
const chair: ResourceType = { id: "t-chair", name: "Chair" };
const haircut = { id: "s-hair", type: "APPOINTMENT", name: "Haircut", serviceResources: [{ resourceType: { id: "t-room" } }] } as Service;

describe("a resource's form", () => {
  test("around the clock is sent as null hours, its own as a list", () => {
    const f = { ...emptyResource("t-room"), name: " Room 1 " };
    expect(problems(f)).toEqual({});
    expect(resourceBody(f)).toEqual({ name: "Room 1", typeId: "t-room", workingHours: null });
    expect(resourceBody({ ...f, ownHours: true }).workingHours).toHaveLength(5);
  });

  test("read back as it was", () => {
    const r: Resource = { id: "r1", name: "Room 1", typeId: "t-room", workingHours: [{ day: "MONDAY", startTime: "09:00", endTime: "13:00" }] };
    const f = formOf(r);
    expect(f.ownHours).toBe(true);
    expect(f.hours.MONDAY).toEqual([{ startTime: "09:00", endTime: "13:00" }]);
    expect(resourceBody(f).workingHours).toEqual(r.workingHours);
    expect(formOf({ ...r, workingHours: null }).ownHours).toBe(false);
  });

  test("what is wrong", () => {
    const bad = { ...emptyResource(""), name: "x".repeat(41), ownHours: true };
    bad.hours = { ...bad.hours, MONDAY: [{ startTime: "13:00", endTime: "09:00" }] };
    expect(problems(bad)).toEqual({ name: "At most 40 characters.", typeId: "Choose its type.", hours: "Some hours need another look." });
    expect(problems({ ...emptyResource("t"), name: "  " }).name).toBe("Give it a name.");
  });
});

describe("resources by type", () => {
  test("each type with its resources and the services that need one, by name", () => {
    const resources: Resource[] = [
      { id: "r2", name: "Room 2", typeId: "t-room" },
      { id: "r1", name: "Room 1", typeId: "t-room" },
      { id: "c1", name: "Chair 1", typeId: "t-chair" },
    ];
    const groups = byType([room, chair], resources, [haircut]);
    expect(groups.map((g) => [g.type.name, g.resources.map((r) => r.name), g.services.map((s) => s.name)])).toEqual([
      ["Chair", ["Chair 1"], []],
      ["Room", ["Room 1", "Room 2"], ["Haircut"]],
    ]);
  });

  test("the server's refusal to delete a type in use, with names", () => {
    const resources: Resource[] = [{ id: "r1", name: "Room 1", typeId: "t-room" }];
    expect(inUseText("resource type t-room is still used by resource r1", room, resources, [])).toBe(
      "Not deleted: “Room 1” is still a Room. Delete the Room resources first.",
    );
    expect(inUseText("resource type t-room is still used by service s-hair", room, [], [haircut])).toBe(
      "Not deleted: “Haircut” still needs a Room. Untick it under “Also needs” in that service first.",
    );
    expect(inUseText("something else", room, [], [])).toBe("Not deleted: something else");
  });

  test("a booking's held resources as they are called now", () => {
    const b = { bookedResources: [{ id: "r1", name: "Room One" }, { id: "gone", name: "Old room" }, { id: "x" }] };
    expect(heldResources(b, [{ id: "r1", name: "Room 1" }])).toEqual(["Room 1", "Old room", "A removed resource"]);
    expect(heldResources({}, [])).toEqual([]);
  });
});
