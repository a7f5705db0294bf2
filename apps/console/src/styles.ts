/** The console's one stylesheet: system fonts, no framework, a few hundred bytes gzipped. */
export const STYLES = `
:root{--fg:#1b1f24;--muted:#5b6570;--line:#d8dde3;--bg:#f6f7f9;--accent:#1f5fbf;--bad:#b3261e;--ok:#1e7b3a;--warn:#8a5a00}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,sans-serif;color:var(--fg);background:var(--bg)}
header{display:flex;gap:1rem;align-items:center;padding:.6rem 1rem;background:#fff;border-bottom:1px solid var(--line)}
header nav a{margin-right:.8rem;color:var(--accent);text-decoration:none}header .who{margin-left:auto;color:var(--muted)}
main{padding:1rem;max-width:1200px}h1{font-size:1.3rem;margin:.2rem 0 1rem}h2{font-size:1.05rem}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
th{font-weight:600;color:var(--muted);font-size:.85rem}code,pre{font:12px/1.4 ui-monospace,monospace}pre{background:#fff;border:1px solid var(--line);padding:.6rem;overflow:auto}
form.inline{display:inline}fieldset{border:1px solid var(--line);background:#fff;margin:0 0 1rem;padding:.8rem}
label{display:block;margin:.3rem 0}input,select,textarea{font:inherit;padding:.25rem .4rem;border:1px solid var(--line);border-radius:3px}
button{font:inherit;padding:.3rem .8rem;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:3px;cursor:pointer}
button.secondary{background:#fff;color:var(--accent)}button.danger{background:var(--bad);border-color:var(--bad)}
.status-ok{color:var(--ok)}.status-bad{color:var(--bad)}.warn{color:var(--warn)}.muted{color:var(--muted)}
.notice{background:#fff;border-left:4px solid var(--accent);padding:.6rem .8rem;margin:0 0 1rem}.notice.bad{border-color:var(--bad)}
.secret{font:16px ui-monospace,monospace;user-select:all;word-break:break-all}.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin-bottom:.8rem}
.filters label{margin:0}svg{background:#fff;border:1px solid var(--line)}svg text{font:11px system-ui,sans-serif}svg text:not([fill]){fill:var(--muted)}
.login{max-width:360px;margin:4rem auto}`;
