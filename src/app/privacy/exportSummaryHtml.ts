import { escapeHtml } from '../../domain/email/html.js';
import type { ExportSummary, SummarySection } from './exportSummary.js';

/* summary.html stands alone: opened from the unpacked bundle on any device, offline, so its style
 * is inline and it loads nothing (no fonts, scripts or images from anywhere). */

const STYLE = `
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1f; margin: 0 auto; padding: 1rem; max-width: 70rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.15rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid #ccc; padding-bottom: 0.25rem; }
.meta { color: #4a4a55; margin: 0.25rem 0; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem; border-bottom: 1px solid #e3e3e8; }
th { background: #f3f3f6; }
td { overflow-wrap: anywhere; }
nav ul { columns: 2 14rem; padding-left: 1.2rem; }
`;

const e = escapeHtml;

function sectionHtml(section: SummarySection, none: string): string {
  const heading = `<h2 id="${e(section.key)}">${e(section.title)} (${section.rows.length})</h2>`;
  if (section.rows.length === 0) return `<section aria-labelledby="${e(section.key)}">${heading}<p>${e(none)}</p></section>`;
  const head = section.columns.map((c) => `<th scope="col">${e(c)}</th>`).join('');
  const body = section.rows.map((r) => `<tr>${r.map((cell) => `<td>${e(cell)}</td>`).join('')}</tr>`).join('\n');
  // A wide table scrolls on its own on a phone: focusable, so a keyboard can scroll it too.
  return `<section aria-labelledby="${e(section.key)}">${heading}
<div class="scroll" tabindex="0" role="group" aria-labelledby="${e(section.key)}"><table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></div></section>`;
}

/** The summary as one self-contained HTML page. */
export function summaryHtml(summary: ExportSummary): string {
  const toc = summary.sections.map((s) => `<li><a href="#${e(s.key)}">${e(s.title)}</a> (${s.rows.length})</li>`).join('');
  return `<!doctype html>
<html lang="${summary.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(summary.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${e(summary.title)}</h1>
<p class="meta">${e(summary.about)}</p>
<p class="meta">${e(summary.made)}</p>
<p>${e(summary.intro)}</p>
<nav aria-label="${e(summary.title)}"><ul>${toc}</ul></nav>
${summary.sections.map((s) => sectionHtml(s, summary.none)).join('\n')}
<h2 id="left-out">${e(summary.leftOutTitle)}</h2>
<ul>${summary.leftOut.map((l) => `<li>${e(l)}</li>`).join('')}</ul>
</main>
</body>
</html>
`;
}
