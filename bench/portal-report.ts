// The portal bench's tables: web vitals per page (medians), JavaScript per route, Open → first desktop pixels,
// and the verdict on each target of issue 14.
import type { Vitals } from "./portal-vitals.js";
import type { RouteWeight } from "./portal-weight.js";
import { percentile, round } from "./process-stats.js";

type Row = Record<string, string | number>;

export const targets = { lcpMs: 1000, cls: 0.05, jsGzipBytes: 200_000, openMs: 2000 } as const;

export type PageVitals = { page: string; url: string; as: string; loads: Vitals[] };

const median = (values: number[]): number => percentile(values, 50);
const spread = (values: number[], digits = 0): string =>
  `${round(Math.min(...values), digits)}–${round(Math.max(...values), digits)}`;
const kB = (bytes: number): string => round(bytes / 1000, 1);
const met = (ok: boolean): string => (ok ? "✓" : "✗");

export function vitalsRow(measured: PageVitals): Row {
  const of = (key: keyof Vitals): number[] => measured.loads.map((load) => load[key]);
  return {
    page: `${measured.page} (\`${measured.url}\`)`,
    as: measured.as,
    "LCP (ms)": round(median(of("lcpMs"))),
    "LCP min–max": spread(of("lcpMs")),
    CLS: round(median(of("cls")), 3),
    "TBT (ms)": round(median(of("tbtMs"))),
    "FCP (ms)": round(median(of("fcpMs"))),
    "load event (ms)": round(median(of("loadMs"))),
    met: met(median(of("lcpMs")) <= targets.lcpMs && median(of("cls")) <= targets.cls),
  };
}

export function weightRow(weight: RouteWeight): Row {
  return {
    route: `\`${weight.route}\``,
    as: weight.as,
    status: weight.status,
    "landed at": weight.landedAt === weight.url ? "—" : `\`${weight.landedAt}\``,
    scripts: weight.scripts,
    "first-load JS gzip (kB)": kB(weight.firstLoadGzipBytes),
    "all JS gzip (kB)": kB(weight.gzipBytes),
    met: met(weight.firstLoadGzipBytes <= targets.jsGzipBytes),
  };
}

type Verdict = { measure: string; value: string; target: string; met: string };

function vitalsVerdicts(pages: PageVitals[]): Verdict[] {
  return pages.flatMap((p) => {
    const lcp = median(p.loads.map((l) => l.lcpMs));
    const cls = median(p.loads.map((l) => l.cls));
    const tbt = median(p.loads.map((l) => l.tbtMs));
    return [
      {
        measure: `${p.page}: LCP`,
        value: `${round(lcp)} ms`,
        target: `≤ ${targets.lcpMs} ms`,
        met: met(lcp <= targets.lcpMs),
      },
      {
        measure: `${p.page}: CLS`,
        value: round(cls, 3),
        target: `≤ ${targets.cls}`,
        met: met(cls <= targets.cls),
      },
      { measure: `${p.page}: TBT`, value: `${round(tbt)} ms`, target: "—", met: "—" },
    ];
  });
}

export function targetRows(pages: PageVitals[], weights: RouteWeight[], openMs: number[]): Verdict[] {
  const heaviest = weights.reduce((a, b) => (b.firstLoadGzipBytes > a.firstLoadGzipBytes ? b : a));
  const over = weights.filter((w) => w.firstLoadGzipBytes > targets.jsGzipBytes).length;
  const heaviestAll = weights.reduce((a, b) => (b.gzipBytes > a.gzipBytes ? b : a));
  const open = median(openMs);
  return [
    ...vitalsVerdicts(pages),
    {
      measure: `First-load JavaScript per route, gzip: the heaviest of ${weights.length} (\`${heaviest.route}\`)`,
      value: `${kB(heaviest.firstLoadGzipBytes)} kB (${over} route(s) over)`,
      target: `≤ ${kB(targets.jsGzipBytes)} kB on every route`,
      met: met(over === 0),
    },
    {
      measure: `All JavaScript per route incl. chunks loaded after hydration: the heaviest (\`${heaviestAll.route}\`)`,
      value: `${kB(heaviestAll.gzipBytes)} kB`,
      target: "—",
      met: "—",
    },
    {
      measure: `Open → first desktop pixels, median of ${openMs.length}`,
      value: `${round(open)} ms (${spread(openMs)})`,
      target: `≤ ${targets.openMs} ms`,
      met: met(open <= targets.openMs),
    },
  ];
}

export function openRows(openMs: number[]): Row[] {
  return openMs.map((ms, i) => ({ run: i + 1, "click → first pixels (ms)": round(ms) }));
}
