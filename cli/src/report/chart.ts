/**
 * The burn-down as plain inline SVG, drawn here at build time: no chart library in the page, no
 * script needed to see it, colours from the page's stylesheet (light and dark), and each line told
 * apart by its dash and its label as well as its colour.
 */
import { escapeHtml } from "./escape";
import { BurnDownPoint } from "./history";

export interface ChartSize {
    width: number;
    height: number;
}

const PAD = { left: 44, right: 12, top: 12, bottom: 28 };

function niceMax(max: number): number {
    if (max <= 4) {
        return 4;
    }
    const magnitude = 10 ** Math.floor(Math.log10(max / 4));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s * 4 >= max) ?? 10 * magnitude;
    return step * 4;
}

function coordinate(value: number): string {
    return (Math.round(value * 10) / 10).toString();
}

function pathOf(values: readonly number[], x: (i: number) => number, y: (v: number) => number): string {
    return values.map((v, i) => `${i === 0 ? "M" : "L"}${coordinate(x(i))} ${coordinate(y(v))}`).join(" ");
}

/** `2026-12-06T04:00:00Z` → `12-06`. */
function shortDate(at: string): string {
    return /^\d{4}-(\d{2}-\d{2})/.exec(at)?.[1] ?? at.slice(0, 10);
}

/** The first and last dates sit inside the plot's edges. */
function anchorOf(index: number, count: number): string {
    return count <= 1 ? "middle" : index === 0 ? "start" : index === count - 1 ? "end" : "middle";
}

/** A line chart of blocking (solid) and exempted (dashed) findings per run, with axes, ticks and a text alternative. */
export function burnDownSvg(points: readonly BurnDownPoint[], title: string, size: ChartSize): string {
    const { width, height } = size;
    const plotW = width - PAD.left - PAD.right;
    const plotH = height - PAD.top - PAD.bottom;
    const max = niceMax(Math.max(0, ...points.flatMap((p) => [p.blocking, p.exempted])));
    const x = (i: number): number => PAD.left + (points.length <= 1 ? plotW / 2 : (i * plotW) / (points.length - 1));
    const y = (v: number): number => PAD.top + plotH - (v / max) * plotH;
    const last = points[points.length - 1];
    const summary = last === undefined ? "no runs yet" : `${points.length} run${points.length === 1 ? "" : "s"}; latest ${shortDate(last.at)}: ${last.blocking} blocking, ${last.exempted} exempted`;
    const ticks = [0, 1, 2, 3, 4].map((k) => {
        const v = (max * k) / 4;
        return `<line class="grid" x1="${PAD.left}" x2="${width - PAD.right}" y1="${coordinate(y(v))}" y2="${coordinate(y(v))}"/><text class="tick" x="${PAD.left - 6}" y="${coordinate(y(v) + 4)}" text-anchor="end">${v.toLocaleString("en-US")}</text>`;
    });
    const labelEvery = Math.max(1, Math.ceil(points.length / 6));
    const dates = points.flatMap((p, i) =>
        i % labelEvery === 0 || i === points.length - 1 ? [`<text class="tick" x="${coordinate(x(i))}" y="${height - 8}" text-anchor="${anchorOf(i, points.length)}">${escapeHtml(shortDate(p.at))}</text>`] : [],
    );
    const series = (key: "blocking" | "exempted"): string => {
        const values = points.map((p) => p[key]);
        const dots = values.map((v, i) => `<circle class="dot-${key}" cx="${coordinate(x(i))}" cy="${coordinate(y(v))}" r="2.5"/>`).join("");
        return points.length === 0 ? "" : `<path class="line-${key}" d="${pathOf(values, x, y)}"/>${dots}`;
    };
    return [
        `<svg class="chart" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" aria-label="${escapeHtml(`${title}: ${summary}`)}">`,
        `<title>${escapeHtml(`${title}: ${summary}`)}</title>`,
        ...ticks,
        ...dates,
        series("exempted"),
        series("blocking"),
        "</svg>",
    ].join("");
}
