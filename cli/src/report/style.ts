/** The page's only stylesheet, inlined and allowed by the Content-Security-Policy through its hash: light and dark, system fonts only. */
export const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--panel:#f6f8fa;--link:#0550ae;
--blocking:#b3261e;--blocking-bg:#ffebe9;--advisory:#8a4b00;--advisory-bg:#fff4d6;--exempted:#4b5563;--exempted-bg:#eef0f3;
--note:#0b5cad;--note-bg:#e8f1fb;--remediated:#1a7f37;--remediated-bg:#e6f6ea;--focus:#0969da}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9da7b3;--line:#30363d;--panel:#161b22;--link:#79c0ff;
--blocking:#ff8d85;--blocking-bg:#4a1512;--advisory:#f2cc60;--advisory-bg:#3d2e00;--exempted:#c2c8d0;--exempted-bg:#262c36;
--note:#8cc4ff;--note-bg:#10263f;--remediated:#7ee2a0;--remediated-bg:#0f3320;--focus:#58a6ff}}
*{box-sizing:border-box}
body{margin:0;padding:1.5rem;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1200px;margin:0 auto}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
h3{font-size:1rem;margin:1rem 0 .25rem}
a{color:var(--link)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.muted,.tick{color:var(--muted);fill:var(--muted)}
.tick{font-size:11px}
.totals{display:grid;grid-template-columns:repeat(auto-fill,minmax(128px,1fr));gap:.75rem;margin:1rem 0;padding:0}
.totals div{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:.6rem .8rem}
.totals dt{font-size:.85rem;color:var(--muted)}.totals dd{margin:0;font-size:1.6rem;font-weight:600}
.totals .t-blocking dd{color:var(--blocking)}.totals .t-advisory dd{color:var(--advisory)}.totals .t-expired dd{color:var(--blocking)}
table{border-collapse:collapse;font-size:.9rem}table:not(#matrix){width:100%}
th,td{border:1px solid var(--line);padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:var(--panel)}
td.num,th.num{text-align:right}
.nowrap{white-space:nowrap}
.scroll{overflow:auto;max-height:70vh;border:1px solid var(--line);content-visibility:auto;contain-intrinsic-size:auto 480px}
.scroll table{border:0}
#matrix{table-layout:fixed}
#matrix th,#matrix td{overflow:hidden;text-overflow:ellipsis}
#matrix thead th{position:sticky;top:0;z-index:1;font-size:.8rem;overflow:visible;overflow-wrap:anywhere}
#matrix tbody th{white-space:nowrap}
#matrix th button{font:inherit;font-weight:600;background:none;border:0;color:inherit;cursor:pointer;padding:0;text-align:left}
#matrix th[aria-sort=descending] button::after{content:" \\25BC"}#matrix th[aria-sort=ascending] button::after{content:" \\25B2"}
#matrix td.cell a{display:block;text-decoration:none;color:inherit;white-space:nowrap}
.cell-blocking{background:var(--blocking-bg);color:var(--blocking)}.cell-advisory{background:var(--advisory-bg);color:var(--advisory)}
.cell-exempted{background:var(--exempted-bg);color:var(--exempted)}.cell-note{background:var(--note-bg);color:var(--note)}
.cell-remediated{background:var(--remediated-bg);color:var(--remediated)}
.badge{display:inline-block;border-radius:4px;padding:0 .4rem;font-size:.8rem;font-weight:700;text-transform:uppercase;letter-spacing:.02em;border:1px solid currentColor}
.badge-blocking{color:var(--blocking);background:var(--blocking-bg)}.badge-advisory{color:var(--advisory);background:var(--advisory-bg)}
.badge-exempted{color:var(--exempted);background:var(--exempted-bg)}.badge-note{color:var(--note);background:var(--note-bg)}
.badge-remediated{color:var(--remediated);background:var(--remediated-bg)}
.badge-expired{color:var(--blocking);background:var(--blocking-bg)}.badge-expiring{color:var(--advisory);background:var(--advisory-bg)}
.badge-active{color:var(--remediated);background:var(--remediated-bg)}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:.5rem 0}
.filters label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted)}
.filters select,.filters input,button.action{font:inherit;font-size:.9rem;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:.25rem .4rem;max-width:18rem}
button.action{cursor:pointer;background:var(--panel)}
#finding-list{list-style:none;padding:0;margin:0}
.finding{border:1px solid var(--line);border-left-width:6px;border-radius:6px;padding:.5rem .75rem;margin:.5rem 0}
.finding.status-blocking{border-left-color:var(--blocking)}.finding.status-advisory{border-left-color:var(--advisory)}
.finding.status-exempted{border-left-color:var(--exempted)}.finding.status-note{border-left-color:var(--note)}.finding.status-remediated{border-left-color:var(--remediated)}
.finding-head{display:flex;flex-wrap:wrap;gap:.3rem .8rem;align-items:baseline;margin:0}
.finding .message{margin:.35rem 0;white-space:pre-wrap;overflow-wrap:anywhere}
.finding .exemption{margin:.25rem 0;color:var(--muted)}
.stack,.resource{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem;overflow-wrap:anywhere}
.severity{font-size:.85rem;color:var(--muted)}
.charts{display:flex;flex-wrap:wrap;gap:1rem}
.chart{max-width:100%;height:auto;background:var(--panel);border:1px solid var(--line);border-radius:6px}
.chart .grid{stroke:var(--line);stroke-width:1}
.chart .line-blocking{fill:none;stroke:var(--blocking);stroke-width:2.5}
.chart .line-exempted{fill:none;stroke:var(--exempted);stroke-width:2;stroke-dasharray:6 4}
.chart .dot-blocking{fill:var(--blocking)}.chart .dot-exempted{fill:var(--exempted)}
.legend{font-size:.85rem;color:var(--muted)}
.legend .key-blocking{color:var(--blocking);font-weight:700}.legend .key-exempted{color:var(--exempted);font-weight:700}
figure{margin:0}figcaption{font-size:.85rem;margin:.2rem 0}
.attention li{margin:.25rem 0}
code,.urn{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem;overflow-wrap:anywhere}
.nojs{color:var(--muted)}html.js .nojs{display:none}
`;
