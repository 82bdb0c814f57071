// Requests per second over simulated time as an SVG: one panel per run (before / after the
// jitter), a logarithmic y axis (the cold start is 1000× the steady state), the quota as a dashed
// line. Plain SVG text, deterministic for the same numbers, no dependencies.

const WIDTH = 960;
const PANEL = 230;
const LEFT = 64;
const RIGHT = 16;
const TOP = 44;
const GAP = 56;
const Y_MIN = 0.01;

const escapeXml = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const fixed = (n) => (Math.round(n * 10) / 10).toString();

/** A step path of per-minute values, as an area down to the baseline. */
const areaPath = (values, x, y, baseline) => {
  let d = `M${fixed(x(0))},${fixed(baseline)}`;
  let last;
  values.forEach((value, i) => {
    const top = fixed(y(value));
    if (top !== last) {
      d += `H${fixed(x(i))}V${top}`;
      last = top;
    }
  });
  return `${d}H${fixed(x(values.length))}V${fixed(baseline)}Z`;
};

/**
 * @param {{ title: string, hours: number, quota: number, panels: { label: string, requests: number[], throttled: number[] }[] }} chart
 * @returns {string} the SVG document
 */
export const renderFleetChart = ({ title, hours, quota, panels }) => {
  const plotWidth = WIDTH - LEFT - RIGHT;
  const height = TOP + panels.length * (PANEL + GAP);
  const peak = Math.max(quota * 10, ...panels.flatMap((p) => p.requests));
  const decades = Math.ceil(Math.log10(peak / Y_MIN));
  const minutes = hours * 60;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="${LEFT}" y="24" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  panels.forEach((panel, index) => {
    const top = TOP + index * (PANEL + GAP) + 20;
    const bottom = top + PANEL - 20;
    const x = (minute) => LEFT + (minute / minutes) * plotWidth;
    const y = (value) => bottom - (Math.log10(Math.max(value, Y_MIN) / Y_MIN) / decades) * (bottom - top);
    out.push(`<text x="${LEFT}" y="${top - 8}" font-weight="bold">${escapeXml(panel.label)}</text>`);
    for (let d = 0; d <= decades; d++) {
      const value = Y_MIN * 10 ** d;
      const py = fixed(y(value));
      out.push(`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${py}" y2="${py}" stroke="#e4e4e4"/>`);
      out.push(
        `<text x="${LEFT - 6}" y="${py}" dy="4" text-anchor="end" fill="#555">${value >= 1 ? value.toLocaleString("en-US") : value}</text>`,
      );
    }
    for (let h = 0; h <= hours; h += 2) {
      const px = fixed(x(h * 60));
      out.push(`<line x1="${px}" x2="${px}" y1="${top}" y2="${bottom}" stroke="#f0f0f0"/>`);
      out.push(`<text x="${px}" y="${bottom + 16}" text-anchor="middle" fill="#555">${h} h</text>`);
    }
    out.push(`<path d="${areaPath(panel.requests, x, y, bottom)}" fill="#4a7fc1" fill-opacity="0.75"/>`);
    out.push(`<path d="${areaPath(panel.throttled, x, y, bottom)}" fill="#d9453b" fill-opacity="0.85"/>`);
    const qy = fixed(y(quota));
    out.push(`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${qy}" y2="${qy}" stroke="#222" stroke-dasharray="6 4"/>`);
    out.push(`<text x="${WIDTH - RIGHT - 4}" y="${qy}" dy="-4" text-anchor="end">quota ${quota}/s</text>`);
    out.push(`<rect x="${LEFT}" y="${top}" width="${plotWidth}" height="${bottom - top}" fill="none" stroke="#999"/>`);
  });
  const legendY = height - 12;
  out.push(`<rect x="${LEFT}" y="${legendY - 10}" width="12" height="12" fill="#4a7fc1" fill-opacity="0.75"/>`);
  out.push(`<text x="${LEFT + 18}" y="${legendY}">CreateSession requests/s (mean of each simulated minute)</text>`);
  out.push(`<rect x="${LEFT + 400}" y="${legendY - 10}" width="12" height="12" fill="#d9453b" fill-opacity="0.85"/>`);
  out.push(`<text x="${LEFT + 418}" y="${legendY}">of which throttled (429)</text>`);
  out.push(`<text x="${LEFT + 590}" y="${legendY}" fill="#555">y axis: logarithmic</text>`);
  out.push("</svg>");
  return `${out.join("\n")}\n`;
};
