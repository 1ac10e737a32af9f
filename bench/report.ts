/**
 * The bench's report: every section's Markdown lines into bench/report.md and its ratios as a
 * bar chart into bench/report.svg (hand-written SVG, no dependency); see writeReport for which file.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One bar of the chart: a measured ratio against its target (1.0 = exactly on target). */
export interface Bar {
  label: string;
  /** Measured value over target, so every bar reads the same way: ≤ 1 meets the target. */
  ofTarget: number;
  /** The figure as printed beside the bar. */
  text: string;
}

const escape = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** The chart: one horizontal bar per figure, scaled so the target line sits at a fixed x. */
export function barChart(title: string, bars: Bar[]): string {
  const [left, width, row, top] = [260, 420, 28, 44];
  const max = Math.max(2, ...bars.map((b) => b.ofTarget));
  const x = (v: number) => left + (Math.min(v, max) / max) * width;
  const height = top + bars.length * row + 30;
  const rows = bars.map((b, i) => {
    const y = top + i * row;
    const fill = b.ofTarget <= 1 ? '#2e7d32' : '#c62828';
    return [
      `<text x="${left - 8}" y="${y + 15}" text-anchor="end">${escape(b.label)}</text>`,
      `<rect x="${left}" y="${y + 3}" width="${(x(b.ofTarget) - left).toFixed(1)}" height="${row - 10}" fill="${fill}"/>`,
      `<text x="${(x(b.ofTarget) + 6).toFixed(1)}" y="${y + 15}">${escape(b.text)}</text>`,
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 200}" height="${height}" font-family="DejaVu Sans, sans-serif" font-size="12">`,
    `<text x="10" y="20" font-size="14" font-weight="bold">${escape(title)}</text>`,
    `<line x1="${x(1)}" y1="${top - 6}" x2="${x(1)}" y2="${height - 24}" stroke="#333" stroke-dasharray="4 3"/>`,
    `<text x="${x(1)}" y="${height - 8}" text-anchor="middle">mục tiêu (target)</text>`,
    ...rows,
    '</svg>',
  ].join('\n');
}

/**
 * Writes the sections' lines, under the machine line, and their chart: into bench/report.md and
 * bench/report.svg when the run measured all of P1–P4 (the report kept in the repository), else
 * into bench/report-<parts>.md and .svg (e.g. report-pages.md), so a run of one part never wipes
 * the others' figures.
 */
export function writeReport(machine: string, sections: string[][], bars: Bar[], parts?: string[]): { markdown: string; svg: string } {
  const name = parts?.length ? `report-${parts.join('-')}` : 'report';
  const markdown = fileURLToPath(new URL(`./${name}.md`, import.meta.url));
  const svg = fileURLToPath(new URL(`./${name}.svg`, import.meta.url));
  writeFileSync(markdown, ['# motcua bench', '', `Machine: ${machine}`, '', ...sections.flatMap((s) => [...s, '']), bars.length ? `![ratios against their targets](${name}.svg)\n` : ''].join('\n'));
  if (bars.length) writeFileSync(svg, barChart(`motcua bench, ${machine}: figure / target (≤ 1 meets it)`, bars) + '\n');
  return { markdown, svg };
}
