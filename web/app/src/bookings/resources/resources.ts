// Resources besides staff as the forms edit them: a resource's name, type and hours (around the
// clock, or its own per weekday), the body the API takes, what is wrong; resources by type; and
// the server's refusal to delete a type still in use, in words. Pure.

import type { Resource, ResourceType, Service } from "../bookings";
import { byDay, officeHours, toList, type WeekHours, weekProblems } from "../hours/hours";

export interface ResourceForm {
  name: string;
  typeId: string;
  /** False: there around the clock. */
  ownHours: boolean;
  hours: WeekHours;
}

/** The server's longest name of a resource or a resource type. */
export const NAME_MAX = 40;

export function emptyResource(typeId: string): ResourceForm {
  return { name: "", typeId, ownHours: false, hours: officeHours() };
}

export function formOf(r: Resource): ResourceForm {
  return {
    name: r.name ?? "",
    typeId: r.typeId ?? "",
    ownHours: r.workingHours != null,
    hours: r.workingHours != null ? byDay(r.workingHours) : officeHours(),
  };
}

export type ResourceProblems = Partial<Record<"name" | "typeId" | "hours", string>>;

export function problems(f: ResourceForm): ResourceProblems {
  const out: ResourceProblems = {};
  const name = nameProblem(f.name);
  if (name) out.name = name;
  if (f.typeId === "") out.typeId = "Choose its type.";
  if (f.ownHours && Object.keys(weekProblems(f.hours)).length > 0) out.hours = "Some hours need another look.";
  return out;
}

/** What is wrong with a name typed for a resource or a type. */
export function nameProblem(name: string, max = NAME_MAX): string | undefined {
  if (name.trim() === "") return "Give it a name.";
  if (name.trim().length > max) return `At most ${max} characters.`;
  return undefined;
}

/** The resource the API takes (without id and revision); null hours mean around the clock. */
export function resourceBody(f: ResourceForm) {
  return { name: f.name.trim(), typeId: f.typeId, workingHours: f.ownHours ? toList(f.hours) : null };
}

/** Each type with its resources and the services that need one of it, types and resources by name. */
export function byType(types: ResourceType[], resources: Resource[], services: Service[]) {
  const byName = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));
  return byName(types).map((type) => ({
    type,
    resources: byName(resources.filter((r) => r.typeId === type.id)),
    services: byName(services.filter((s) => (s.serviceResources ?? []).some((x) => x.resourceType.id === type.id))),
  }));
}

/**
 * The server's refusal to delete a type (400 FAILED_PRECONDITION, "resource type <id> is still
 * used by resource <id>" or "… by service <id>") said with names and what to do instead.
 */
export function inUseText(message: string, type: ResourceType, resources: Resource[], services: Service[]): string {
  const [, what, id] = /still used by (resource|service) (\S+)/.exec(message) ?? [];
  if (what === "service") {
    const name = services.find((s) => s.id === id)?.name ?? "a service";
    return `Not deleted: “${name}” still needs a ${type.name}. Untick it under “Also needs” in that service first.`;
  }
  if (what === "resource") {
    const name = resources.find((r) => r.id === id)?.name ?? "a resource";
    return `Not deleted: “${name}” is still a ${type.name}. Delete the ${type.name} resources first.`;
  }
  return `Not deleted: ${message}`;
}
