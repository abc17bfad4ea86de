// A line chart of the overview's series, drawn by uPlot (small, canvas): one line per
// measure, the time as category labels.

import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface Line {
  label: string;
  values: number[];
  color: string;
}

export function LineChart({ labels, lines, title }: { labels: string[]; lines: Line[]; title: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const xs = labels.map((_, i) => i);
    const plot = new uPlot(
      {
        width: Math.max(el.clientWidth, 300),
        height: 240,
        scales: { x: { time: false } },
        axes: [{ values: (_u, ticks) => ticks.map((t) => labels[t] ?? "") }, {}],
        series: [{ label: "Time", value: (_u, v) => (v == null ? "" : (labels[v] ?? "")) }, ...lines.map((l) => ({ label: l.label, stroke: l.color, width: 2 }))],
      },
      [xs, ...lines.map((l) => l.values)],
      el,
    );
    const resize = () => plot.setSize({ width: Math.max(el.clientWidth, 300), height: 240 });
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      plot.destroy();
    };
  }, [labels, lines]);
  return <div ref={box} className="analytics-chart" role="img" aria-label={title} />;
}
