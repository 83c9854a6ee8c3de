// Client-side search over the clauses: whitespace-blind, case-blind substring match of the Chinese text and the
// English gloss; the hit is highlighted. The index is a script (search-index.js), so it works from file://.
"use strict";
(function () {
  const index = window.MEDPOLICY_INDEX || [];
  const fold = (s) => s.normalize("NFKC").toLowerCase();
  function squash(s) {
    const out = [], where = [];
    const f = fold(s);
    for (let i = 0; i < f.length; i++) if (!/\s/.test(f[i])) { out.push(f[i]); where.push(i); }
    return [out.join(""), where];
  }
  function mark(text, needle) {
    const node = document.createElement("span");
    const [s, where] = squash(text);
    const at = s.indexOf(needle);
    if (at < 0 || fold(text).length !== text.length) { node.textContent = text; return [node, at >= 0]; }
    const start = where[at], end = where[at + needle.length - 1] + 1;
    const m = document.createElement("mark");
    m.textContent = text.slice(start, end);
    node.append(text.slice(0, start), m, text.slice(end));
    return [node, true];
  }
  function run(q) {
    const list = document.getElementById("results");
    const count = document.getElementById("count");
    list.replaceChildren();
    const [needle] = squash(q);
    if (!needle) { count.textContent = ""; return; }
    let n = 0;
    for (const c of index) {
      const [textNode, inText] = mark(c.text, needle);
      const [glossNode, inGloss] = mark(c.gloss, needle);
      if (!inText && !inGloss) continue;
      n++;
      const li = document.createElement("li");
      li.className = "hit";
      const a = document.createElement("a");
      a.href = c.href;
      a.textContent = c.policy + " " + c.section + " · " + c.id;
      const t = document.createElement("div"); t.append(textNode);
      const g = document.createElement("div"); g.className = "muted"; g.append(glossNode);
      li.append(a, " ", c.topic, t, g);
      list.append(li);
    }
    count.textContent = n ? n + " " + count.dataset.results : count.dataset.none;
  }
  const input = document.getElementById("q");
  const q = new URLSearchParams(location.search).get("q") || "";
  input.value = q;
  run(q);
  input.addEventListener("input", () => run(input.value));
  document.getElementById("search-form").addEventListener("submit", (e) => { e.preventDefault(); run(input.value); });
})();
