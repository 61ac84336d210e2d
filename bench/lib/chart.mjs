// A grouped bar chart (SVG, no dependencies) of median wall time per scenario, tool and mode.
// Pure: returns the SVG text.
import { MODES, SCENARIOS, SCENARIO_LABELS, TOOLS } from './scenarios-meta.mjs';

const COLORS = { action: '#2b7a3d', naive: '#b3412f', wandb: '#3463a8' };
const LABELS = { action: 'launch-action', naive: 'naive Dockerfile', wandb: 'W&B Launch-style' };

function escapeXml(text) {
  return String(text).replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c],
  );
}

/** `figures`: map `tool/mode/scenario` → { ms }. */
export function renderChart(figures, title) {
  const width = 980;
  const panelHeight = 260;
  const top = 60;
  const left = 70;
  const plotWidth = width - left - 20;
  const maxMs = Math.max(1, ...Object.values(figures).map((f) => f.ms));
  const scaleMax = niceCeiling(maxMs / 1000);
  const groupWidth = plotWidth / SCENARIOS.length;
  const barWidth = Math.min(40, (groupWidth - 30) / TOOLS.length);
  const parts = [];
  parts.push(
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(title)}</text>`,
  );
  TOOLS.forEach((tool, i) => {
    const x = left + i * 180;
    parts.push(`<rect x="${x}" y="36" width="12" height="12" fill="${COLORS[tool]}"/>`);
    parts.push(`<text x="${x + 18}" y="46" font-size="12">${escapeXml(LABELS[tool])}</text>`);
  });
  MODES.forEach((mode, panel) => {
    const y0 = top + panel * (panelHeight + 40);
    const plotHeight = panelHeight - 40;
    const base = y0 + plotHeight;
    parts.push(
      `<text x="${left}" y="${y0 + 12}" font-size="13" font-weight="bold">${mode === 'warm' ? 'Warm runner' : 'Fresh runner'} — median wall time (s)</text>`,
    );
    for (let t = 0; t <= 4; t += 1) {
      const value = (scaleMax * t) / 4;
      const y = base - ((plotHeight - 24) * t) / 4;
      parts.push(`<line x1="${left}" x2="${left + plotWidth}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
      parts.push(
        `<text x="${left - 6}" y="${y + 4}" font-size="11" text-anchor="end">${formatTick(value)}</text>`,
      );
    }
    SCENARIOS.forEach((scenario, g) => {
      const gx = left + g * groupWidth + (groupWidth - barWidth * TOOLS.length) / 2;
      TOOLS.forEach((tool, i) => {
        const f = figures[`${tool}/${mode}/${scenario}`];
        if (!f) return;
        const h = Math.max(1, ((plotHeight - 24) * (f.ms / 1000)) / scaleMax);
        const x = gx + i * barWidth;
        parts.push(
          `<rect x="${x.toFixed(1)}" y="${(base - h).toFixed(1)}" width="${(barWidth - 3).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[tool]}"><title>${escapeXml(`${LABELS[tool]}, ${SCENARIO_LABELS[scenario]}: ${(f.ms / 1000).toFixed(2)} s`)}</title></rect>`,
        );
        parts.push(
          `<text x="${(x + (barWidth - 3) / 2).toFixed(1)}" y="${(base - h - 3).toFixed(1)}" font-size="9" text-anchor="middle">${(f.ms / 1000).toFixed(f.ms < 10_000 ? 1 : 0)}</text>`,
        );
      });
      parts.push(
        `<text x="${(left + g * groupWidth + groupWidth / 2).toFixed(1)}" y="${base + 16}" font-size="12" text-anchor="middle">${escapeXml(SCENARIO_LABELS[scenario])}</text>`,
      );
    });
    parts.push(
      `<line x1="${left}" x2="${left + plotWidth}" y1="${base}" y2="${base}" stroke="#333"/>`,
    );
  });
  const height = top + MODES.length * (panelHeight + 40);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function niceCeiling(value) {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

function formatTick(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
