/**
 * Render the report as ONE self-contained HTML file: inline CSS, the ECharts library inlined from
 * node_modules, all data as embedded JSON, every text escaped. Opens offline; nothing is fetched.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { escapeUTF8 } from 'entities';
import type { Cell, Lang, ReportBlock } from './registry.js';

export function esc(s: string): string {
  return escapeUTF8(s);
}

/** JSON safe inside a <script> element: no "</script", no HTML comment openers, no line separators. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

let echartsCache: string | null = null;

/** The ECharts browser build, made safe to inline in a <script> element. */
export function echartsSource(): string {
  if (echartsCache === null) {
    const path = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
    echartsCache = readFileSync(path, 'utf8').replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--');
  }
  return echartsCache;
}

function cellHtml(c: Cell): string {
  if (c === null) return '<td class="na">—</td>';
  if (typeof c === 'number') return `<td class="num">${esc(Number.isInteger(c) ? c.toLocaleString('en-US') : String(Math.round(c * 1e4) / 1e4))}</td>`;
  return `<td>${esc(c)}</td>`;
}

export function blockHtml(b: ReportBlock, lang: Lang): string {
  switch (b.kind) {
    case 'kpis':
      return `<div class="kpis">${b.items
        .map(
          (k) =>
            `<div class="kpi"${k.id ? ` data-metric="${esc(k.id)}"` : ''}${k.rawValue !== undefined && k.rawValue !== null ? ` data-value="${esc(String(k.rawValue))}"` : ''}><div class="kpi-label">${esc(k.label[lang])}</div><div class="kpi-value">${esc(k.value)}</div>${k.sub ? `<div class="kpi-sub">${esc(k.sub)}</div>` : ''}</div>`,
        )
        .join('')}</div>`;
    case 'text':
      return `<p class="${b.tone ?? 'plain'}">${esc(b.text[lang])}</p>`;
    case 'chart':
      return `<figure><div class="chart" id="chart-${esc(b.id)}" data-chart="${esc(b.id)}" style="height:${b.height ?? 320}px"></div>${b.caption ? `<figcaption>${esc(b.caption[lang])}</figcaption>` : ''}</figure>`;
    case 'table': {
      const head = `<tr>${b.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`;
      const body = b.rows.map((r) => `<tr>${r.map(cellHtml).join('')}</tr>`).join('');
      return `<div class="table-wrap"><table${b.id ? ` id="${esc(b.id)}"` : ''}><thead>${head}</thead><tbody>${body}</tbody></table>${b.caption ? `<div class="caption">${esc(b.caption[lang])}</div>` : ''}</div>`;
    }
  }
}

const CSS = `
:root{--fg:#1f2933;--muted:#61707f;--line:#d9e0e6;--accent:#1f5fa8;--warn:#a35200}
*{box-sizing:border-box}body{font-family:-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:var(--fg);margin:0;background:#f6f8fa}
header{background:#fff;border-bottom:1px solid var(--line);padding:20px 32px}header h1{margin:0 0 4px;font-size:22px}header .meta{color:var(--muted);font-size:13px}
nav{padding:8px 32px;font-size:13px;background:#fff;border-bottom:1px solid var(--line)}nav a{margin-right:14px;color:var(--accent);text-decoration:none}
main{padding:16px 32px;max-width:1280px}section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:16px 20px;margin:16px 0}
section h2{margin:0 0 2px;font-size:18px}section .en{color:var(--muted);font-size:13px;margin-bottom:10px}
.kpis{display:flex;flex-wrap:wrap;gap:12px}.kpi{border:1px solid var(--line);border-radius:6px;padding:10px 14px;min-width:200px;flex:1}
.kpi-label{font-size:12px;color:var(--muted)}.kpi-value{font-size:22px;font-weight:600;margin:4px 0}.kpi-sub{font-size:12px;color:var(--muted)}
.chart{width:100%}figure{margin:8px 0}figcaption,.caption{font-size:12px;color:var(--muted);margin-top:4px}
p.verdict{font-size:15px;font-weight:600}p.note{font-size:12px;color:var(--muted)}
.table-wrap{overflow-x:auto;margin:8px 0}table{border-collapse:collapse;font-size:13px;min-width:50%}th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;white-space:nowrap}
td.num{text-align:right;font-variant-numeric:tabular-nums}td.na{color:var(--muted)}footer{padding:16px 32px;color:var(--muted);font-size:12px}
`;

export interface RenderedSection {
  id: string;
  title: { zh: string; en: string };
  owner: string;
  blocks: ReportBlock[] | null;
  note?: { zh: string; en: string };
}

export function renderDocument(opts: { lang: Lang; title: string; meta: string; sections: RenderedSection[]; data: unknown; charts: Record<string, unknown>; footer: string }): string {
  const nav = opts.sections.map((s) => `<a href="#sec-${esc(s.id)}">${esc(s.title[opts.lang])}</a>`).join('');
  const body = opts.sections
    .map((s) => {
      const other = opts.lang === 'zh' ? s.title.en : s.title.zh;
      const content = s.blocks ? s.blocks.map((b) => blockHtml(b, opts.lang)).join('\n') : `<p class="note">${esc(s.note?.[opts.lang] ?? '')}</p>`;
      return `<section id="sec-${esc(s.id)}" data-section="${esc(s.id)}"><h2>${esc(s.title[opts.lang])}</h2><div class="en">${esc(other)}</div>${content}</section>`;
    })
    .join('\n');
  const init = `(function(){var data=JSON.parse(document.getElementById('suitrate-charts').textContent);var els=document.querySelectorAll('[data-chart]');var charts=[];for(var i=0;i<els.length;i++){var el=els[i];var opt=data[el.getAttribute('data-chart')];if(!opt||typeof echarts==='undefined')continue;var c=echarts.init(el,null,{renderer:'canvas'});c.setOption(opt);charts.push(c);}window.addEventListener('resize',function(){for(var j=0;j<charts.length;j++)charts[j].resize();});document.documentElement.setAttribute('data-charts-ready',String(charts.length));})();`;
  return `<!DOCTYPE html>
<html lang="${opts.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(opts.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${esc(opts.title)}</h1><div class="meta">${esc(opts.meta)}</div></header>
<nav>${nav}</nav>
<main>
${body}
</main>
<footer>${esc(opts.footer)}</footer>
<script type="application/json" id="suitrate-data">${scriptJson(opts.data)}</script>
<script type="application/json" id="suitrate-charts">${scriptJson(opts.charts)}</script>
<script>${echartsSource()}</script>
<script>${init}</script>
</body>
</html>
`;
}
