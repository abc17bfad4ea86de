// A week of hours as a table: each weekday open or closed, with one or more from–to intervals
// (a lunch break is two), checked as they are typed; and a card that chooses between hours
// the form does not set (the business's, around the clock) and its own.

import { Plus, X } from "lucide-react";
import type { ReactNode } from "react";
import { DAYS } from "../time";
import { dayName, type WeekHours, weekProblems } from "./hours";

/** A form's card of hours: `usual` (said by `otherwise`) or its own, edited. */
export function HoursCard({ id, title, usual, ownLabel, own, onOwn, week, onChange, otherwise, error }: {
  id: string;
  title: string;
  usual: string;
  ownLabel: string;
  own: boolean;
  onOwn: (own: boolean) => void;
  week: WeekHours;
  onChange: (week: WeekHours) => void;
  otherwise: ReactNode;
  error?: string;
}) {
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <fieldset className="store-plain-fieldset store-radios-row">
        <legend className="sr-only">{title}</legend>
        <label className="check">
          <input type="radio" name={id} checked={!own} onChange={() => onOwn(false)} />
          {usual}
        </label>
        <label className="check">
          <input type="radio" name={id} checked={own} onChange={() => onOwn(true)} />
          {ownLabel}
        </label>
      </fieldset>
      {own ? <HoursEditor label={title} week={week} onChange={onChange} /> : otherwise}
      {error && <p className="error">{error}</p>}
    </section>
  );
}

export function HoursEditor({ week, onChange, label }: { week: WeekHours; onChange: (week: WeekHours) => void; label: string }) {
  const problems = weekProblems(week);
  return (
    <table className="hours-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Day</th>
          <th scope="col">Hours</th>
        </tr>
      </thead>
      <tbody>
        {DAYS.map((day) => {
          const intervals = week[day];
          const set = (next: typeof intervals) => onChange({ ...week, [day]: next });
          const name = dayName(day);
          return (
            <tr key={day}>
              <th scope="row">
                <label className="check">
                  <input
                    type="checkbox"
                    checked={intervals.length > 0}
                    onChange={(e) => set(e.target.checked ? [{ startTime: "09:00", endTime: "17:00" }] : [])}
                  />
                  {name}
                </label>
              </th>
              <td>
                <div className="hours-day">
                  {intervals.length === 0 && <span className="muted">Closed</span>}
                  {intervals.map((i, n) => (
                    <div key={n} className="hours-interval">
                      <input type="time" aria-label={`${name} from${n > 0 ? ` (${n + 1})` : ""}`} value={i.startTime} aria-invalid={problems[day] ? true : undefined}
                        onChange={(e) => set(intervals.map((x, k) => (k === n ? { ...x, startTime: e.target.value } : x)))} />
                      <span aria-hidden="true">–</span>
                      <input type="time" aria-label={`${name} to${n > 0 ? ` (${n + 1})` : ""}`} value={i.endTime} aria-invalid={problems[day] ? true : undefined}
                        onChange={(e) => set(intervals.map((x, k) => (k === n ? { ...x, endTime: e.target.value } : x)))} />
                      <button type="button" className="quiet icon-button" aria-label={`Remove ${name} ${i.startTime}–${i.endTime}`} onClick={() => set(intervals.filter((_, k) => k !== n))}>
                        <X size={16} aria-hidden="true" />
                      </button>
                    </div>
                  ))}
                  {intervals.length > 0 && (
                    <button type="button" className="quiet hours-add" aria-label={`Add hours on ${name}`} onClick={() => set([...intervals, { startTime: "", endTime: "" }])}>
                      <Plus size={14} aria-hidden="true" /> Add hours
                    </button>
                  )}
                </div>
                {problems[day] && <p className="error store-field-error">{problems[day]}</p>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
