// The calendar at bookings: a day or a week (kept in the address, `?view=day&date=…&staff=…`),
// a column for each staff member on each day, and each booking a block placed by the
// business's clock. Dragging a block to another time or column reschedules it with the
// revision read: the block moves at once and goes back, with the server's reason, when the
// server refuses (409: the time is taken). A click opens the booking. A block names what the
// booking holds besides its staff member (a room), as the list and the dialog do.

import {
  type CollisionDetection,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ChevronLeft, ChevronRight, Plus } from "lucide-react";
import { useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { ApiError } from "../../api";
import { BookingDialog } from "../booking-dialog";
import { NewBookingDialog } from "../list/new-booking";
import { type Booking, bookingsApi, contactName, heldResources, holdsTime, type Resource, STALE, type StaffMember, TAKEN } from "../bookings";
import { refreshBookings, useBookingSettings, useBookingsIn, useResources, useServices, useStaff, useTimeZone } from "../queries";
import { dayLabel, formatTime } from "../time";
import { type Block, blockOf, closedSpans, columnId, droppedStart, hoursShown, lanes, parseColumnId, placeFrom, rangeFilter, rescheduleBody, stepDate, todayIn, viewDays } from "./calendar";

/** The grid's scale. */
const PX_PER_HOUR = 48;

// Pointer drags start after 5 px, so a click still opens the booking; Space lifts a block for
// the keyboard (Enter opens it), arrows move it, Space drops it.
const KEYBOARD = { start: ["Space"], cancel: ["Escape"], end: ["Space"] };

/** The column under the pointer, or for the keyboard the one the block overlaps most. */
const collision: CollisionDetection = (args) => {
  const under = pointerWithin(args);
  return under.length > 0 ? under : rectIntersection(args);
};

/** A block dropped somewhere: where, and whether over what the server says. */
interface Move {
  block: Block;
  day: string;
  start: number;
  staffId: string;
  override?: boolean;
}

export function CalendarTab({ slug }: { slug: string }) {
  const client = useQueryClient();
  const zone = useTimeZone(slug);
  const settings = useBookingSettings(slug);
  const [params, setParams] = useSearchParams();
  const place = placeFrom(params, todayIn(zone));
  const only = params.get("staff") ?? "";
  const days = viewDays(place);
  const filter = rangeFilter(days, zone);
  const bookings = useBookingsIn(slug, filter, settings.isSuccess || settings.isError);
  const staffQuery = useStaff(slug);
  const services = useServices(slug).data ?? [];
  const serviceNames = new Map(services.map((s) => [s.id, s.name]));
  const resources = useResources(slug).data ?? [];
  const [open, setOpen] = useState<Booking>();
  const [adding, setAdding] = useState(false);
  // `retry`: a move the server refused for the time (taken, or outside hours), to make anyway.
  const [notice, setNotice] = useState<{ text: string; error?: boolean; retry?: Move } | null>(null);
  // Blocks moved and not yet answered: shown where they were dropped.
  const [moved, setMoved] = useState<Map<string, { day: string; start: number; staffId: string }>>(new Map());
  const dragging = useRef(false);

  const staff = staffQuery.data ?? [];
  const blocks = (bookings.data ?? []).filter(holdsTime).map((b) => {
    const block = blockOf(b, zone);
    const m = moved.get(b.id);
    return m ? { ...block, day: m.day, staffId: m.staffId, start: m.start, end: m.start + (block.end - block.start) } : block;
  });
  const known = new Set(staff.map((s) => s.id));
  // Bookings without a staff member of the list (a class's, or a removed member's) get a column of their own.
  const columns: Pick<StaffMember, "id" | "name">[] = [...staff, ...(blocks.some((b) => !known.has(b.staffId)) ? [{ id: "", name: "No staff member" }] : [])].filter(
    (s) => only === "" || s.id === only,
  );
  const columnOf = (b: Block) => (known.has(b.staffId) ? b.staffId : "");
  const shown = blocks.filter((b) => days.includes(b.day) && columns.some((c) => c.id === columnOf(b)));
  const { first, last } = hoursShown(settings.data?.businessHours ?? [], shown);

  const go = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === "") next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };

  const reschedule = useMutation({
    mutationFn: async ({ block, day, start, staffId, override }: Move) =>
      (
        await bookingsApi<{ booking: Booking }>(
          slug,
          "POST",
          `/bookings/v2/bookings/${encodeURIComponent(block.booking.id)}/reschedule`,
          rescheduleBody(block.booking, day, start, staffId, zone, override),
        )
      ).booking,
    onSuccess: (b) => setNotice({ text: `Moved to ${dayLabel(blockOf(b, zone).day)}, ${formatTime(blockOf(b, zone).start)}.` }),
    onError: (e, move) =>
      setNotice({
        text: e instanceof ApiError && e.code === STALE ? "Not moved: the booking was changed elsewhere; it is shown as it is now." : `Not moved: ${e.message}.`,
        error: true,
        ...(e instanceof ApiError && e.code === TAKEN ? { retry: move } : {}),
      }),
    onSettled: async (_b, _e, { block }) => {
      await refreshBookings(client, slug);
      setMoved((m) => {
        const next = new Map(m);
        next.delete(block.booking.id);
        return next;
      });
    },
  });

  const drop = (event: DragEndEvent) => {
    setTimeout(() => (dragging.current = false));
    const block = event.active.data.current as Block | undefined;
    const target = event.over ? parseColumnId(String(event.over.id)) : undefined;
    if (!block || !target) return;
    const start = droppedStart(block.start, block.end - block.start, event.delta.y, PX_PER_HOUR);
    if (target.day === block.day && target.staffId === block.staffId && start === block.start) return;
    setMoved((m) => new Map(m).set(block.booking.id, { day: target.day, start, staffId: target.staffId }));
    setNotice(null);
    reschedule.mutate({ block, day: target.day, start, staffId: target.staffId });
  };

  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor, { keyboardCodes: KEYBOARD }));
  const title = place.view === "day" ? dayLabel(place.date, "long") : `${dayLabel(days[0] ?? "")} – ${dayLabel(days[6] ?? "")} ${(days[6] ?? "").slice(0, 4)}`;
  const today = todayIn(zone);

  return (
    <section aria-labelledby="calendar-title">
      <div className="store-head calendar-head">
        <h2 id="calendar-title">{title}</h2>
        <div className="calendar-nav">
          <button type="button" className="secondary icon-button" aria-label={place.view === "day" ? "Previous day" : "Previous week"} onClick={() => go({ date: stepDate(place, -1) })}>
            <ChevronLeft size={16} aria-hidden="true" />
          </button>
          <button type="button" className="secondary" onClick={() => go({ date: "" })} disabled={place.date === today}>Today</button>
          <button type="button" className="secondary icon-button" aria-label={place.view === "day" ? "Next day" : "Next week"} onClick={() => go({ date: stepDate(place, 1) })}>
            <ChevronRight size={16} aria-hidden="true" />
          </button>
        </div>
        <div className="calendar-views" role="group" aria-label="View">
          {(["day", "week"] as const).map((v) => (
            <button key={v} type="button" className={place.view === v ? undefined : "secondary"} aria-pressed={place.view === v} onClick={() => go({ view: v === "week" ? "" : v })}>
              {v === "day" ? "Day" : "Week"}
            </button>
          ))}
        </div>
        <label className="calendar-staff">
          <span className="sr-only">Staff member</span>
          <select value={only} onChange={(e) => go({ staff: e.target.value })}>
            <option value="">All staff</option>
            {staff.map((s) => (
              <option key={s.id} value={s.id}>{s.name}</option>
            ))}
          </select>
        </label>
        <span className="muted store-sub">Times in {zone}</span>
        <button type="button" className="store-new" onClick={() => setAdding(true)}>
          <Plus size={16} aria-hidden="true" /> New booking
        </button>
      </div>
      {notice && (
        <div className="booking-notice">
          <p role={notice.error ? "alert" : "status"} className={notice.error ? "error" : "ok"}>{notice.text}</p>
          {notice.retry && (
            <button
              type="button"
              className="danger-solid"
              disabled={reschedule.isPending}
              onClick={() => {
                const move = { ...(notice.retry as Move), override: true };
                setMoved((m) => new Map(m).set(move.block.booking.id, { day: move.day, start: move.start, staffId: move.staffId }));
                setNotice(null);
                reschedule.mutate(move);
              }}
            >
              Move anyway
            </button>
          )}
        </div>
      )}
      {(bookings.isError || staffQuery.isError) && <p role="alert" className="error">{(bookings.error ?? staffQuery.error)?.message}</p>}
      {staffQuery.isSuccess && columns.length === 0 && (
        <div className="store-empty">
          <p>No staff members yet. Bookings show here in a column for each.</p>
          <Link to={`/sites/${slug}/bookings/staff/new`}>Add a staff member</Link>
        </div>
      )}
      {columns.length > 0 && (
        <DndContext
          sensors={sensors}
          collisionDetection={collision}
          onDragStart={() => (dragging.current = true)}
          onDragEnd={drop}
          onDragCancel={() => setTimeout(() => (dragging.current = false))}
          accessibility={{
            screenReaderInstructions: {
              draggable: "Press Enter to open this booking. To move it, press Space, move it with the arrow keys, and press Space again to drop it, or Escape to leave it.",
            },
          }}
        >
          <div className="calendar-scroll">
            <div
              className="calendar"
              style={{ gridTemplateColumns: `3.5rem repeat(${days.length * columns.length}, minmax(${place.view === "week" ? 84 : 140}px, 1fr))` }}
              aria-busy={bookings.isPending}
            >
              <div className="calendar-corner" style={{ gridRow: "1 / span 2" }} />
              {days.map((day, i) => (
                <div key={day} className={`calendar-day ${day === today ? "calendar-today" : ""}`} style={{ gridColumn: `${2 + i * columns.length} / span ${columns.length}` }}>
                  <button type="button" className="quiet" onClick={() => go({ view: "day", date: day })} aria-label={`Show ${dayLabel(day, "long")}`}>
                    {dayLabel(day)}
                  </button>
                </div>
              ))}
              {days.flatMap((day) =>
                columns.map((s) => (
                  <div key={`${day}-${s.id}`} className="calendar-staff-name" title={s.name}>{s.name}</div>
                )),
              )}
              <div className="calendar-hours" style={{ height: (last - first) * PX_PER_HOUR }} aria-hidden="true">
                {Array.from({ length: last - first }, (_, i) => (
                  <span key={i} style={{ top: i * PX_PER_HOUR }}>{formatTime((first + i) * 60)}</span>
                ))}
              </div>
              {days.flatMap((day) =>
                columns.map((s) => (
                  <Column
                    key={`${day}-${s.id}`}
                    day={day}
                    staff={s}
                    first={first}
                    last={last}
                    closed={s.id === "" ? [] : closedSpans(staff.find((m) => m.id === s.id), settings.data?.businessHours ?? [], day, zone)}
                    blocks={shown.filter((b) => b.day === day && columnOf(b) === s.id)}
                    serviceNames={serviceNames}
                    resources={resources}
                    open={(b) => !dragging.current && setOpen(b)}
                    pending={moved}
                  />
                )),
              )}
            </div>
          </div>
        </DndContext>
      )}
      <BookingDialog slug={slug} booking={open} onClose={() => setOpen(undefined)} />
      <NewBookingDialog
        slug={slug}
        open={adding}
        onOpenChange={setAdding}
        today={place.view === "day" ? place.date : today}
        onBooked={(b) => {
          setAdding(false);
          const at = blockOf(b, zone);
          setNotice({ text: `Booked ${contactName(b)} for ${dayLabel(at.day)}, ${formatTime(at.start)}.` });
          // The calendar shows the day booked.
          if (!days.includes(at.day)) go({ date: at.day });
        }}
      />
    </section>
  );
}

function Column({ day, staff, first, last, closed, blocks, serviceNames, resources, open, pending }: {
  day: string;
  staff: Pick<StaffMember, "id" | "name">;
  first: number;
  last: number;
  /** Minutes of the day the staff member does not work, shaded. */
  closed: [number, number][];
  blocks: Block[];
  serviceNames: Map<string, string>;
  resources: Pick<Resource, "id" | "name">[];
  open: (b: Booking) => void;
  pending: Map<string, unknown>;
}) {
  // Bookings without a listed staff member cannot be dropped on: the column names no one.
  const { setNodeRef, isOver } = useDroppable({ id: columnId(day, staff.id), disabled: staff.id === "" });
  const placed = lanes(blocks);
  const y = (minutes: number) => ((Math.min(Math.max(minutes, first * 60), last * 60) - first * 60) / 60) * PX_PER_HOUR;
  const height = (last - first) * PX_PER_HOUR;
  return (
    <div
      ref={setNodeRef}
      className={`calendar-column ${isOver ? "calendar-over" : ""}`}
      style={{ height, backgroundSize: `100% ${PX_PER_HOUR}px` }}
      role="group"
      aria-label={`${staff.name}, ${dayLabel(day, "long")}`}
    >
      {closed
        .filter(([s, e]) => y(e) > y(s))
        .map(([s, e]) => (
          <div key={s} className="calendar-closed" style={{ top: y(s), height: y(e) - y(s) }} aria-hidden="true" />
        ))}
      {blocks.map((b) => {
        const lane = placed.get(b.booking.id) ?? { lane: 0, of: 1 };
        return (
          <BlockButton
            key={b.booking.id}
            block={b}
            top={((b.start - first * 60) / 60) * PX_PER_HOUR}
            height={((b.end - b.start) / 60) * PX_PER_HOUR}
            lane={lane}
            service={serviceNames.get(b.booking.bookedEntity.slot?.serviceId ?? "") ?? b.booking.bookedEntity.title ?? "Booking"}
            staffName={staff.name}
            held={heldResources(b.booking, resources)}
            open={open}
            pending={pending.has(b.booking.id)}
          />
        );
      })}
    </div>
  );
}

function BlockButton({ block, top, height, lane, service, staffName, held, open, pending }: {
  block: Block;
  top: number;
  height: number;
  lane: { lane: number; of: number };
  service: string;
  staffName: string;
  /** The names of what the booking holds besides its staff member. */
  held: string[];
  open: (b: Booking) => void;
  pending: boolean;
}) {
  const b = block.booking;
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: b.id, data: block });
  const time = `${formatTime(block.start)}–${formatTime(block.end)}`;
  const who = contactName(b);
  return (
    <button
      ref={setNodeRef}
      type="button"
      {...attributes}
      {...listeners}
      className={`calendar-block calendar-${b.status.toLowerCase()} ${isDragging ? "calendar-dragging" : ""} ${pending ? "calendar-saving" : ""}`}
      style={{
        top,
        height: Math.max(height - 2, 18),
        left: `calc(${(lane.lane / lane.of) * 100}% + 2px)`,
        width: `calc(${100 / lane.of}% - 4px)`,
        transform: transform ? `translate(${transform.x}px, ${transform.y}px)` : undefined,
      }}
      aria-label={`${service} with ${who}, ${dayLabel(block.day)} ${time}, ${[staffName, ...held].join(", ")}`}
      onClick={() => open(b)}
    >
      <span className="calendar-block-time">{time}</span>
      <span className="calendar-block-title">{service}</span>
      <span className="calendar-block-who">{who}</span>
      {held.length > 0 && <span className="calendar-block-held">{held.join(", ")}</span>}
    </button>
  );
}
