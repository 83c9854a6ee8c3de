// The applicant form: generated from the applicant JSON Schema (GET /schema), Chinese labels from labels.json.
// Plain JavaScript, no library, no request to any other host than the one serving the page.
"use strict";

(function () {
  const SKIP = new Set(["policy", "applies_for"]); // chosen in the bar above the form
  let schema = null;
  let labels = { fields: {}, values: {} };
  let root = null; // the widget of the whole application
  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") node.textContent = v;
      else if (k === "class") node.className = v;
      else node.setAttribute(k, v);
    }
    for (const c of children) if (c) node.append(c);
    return node;
  }

  function resolve(s) {
    if (s && s.$ref) return resolve(schema.$defs[s.$ref.split("/").pop()]);
    if (s && s.anyOf) {
      const kinds = s.anyOf.filter((x) => x.type !== "null");
      const number = kinds.find((x) => x.type === "number" || x.type === "integer");
      const chosen = number || kinds[0];
      return Object.assign({}, resolve(chosen), { nullable: kinds.length < s.anyOf.length });
    }
    return s || {};
  }

  const label = (name, s) => labels.fields[name] || s.title || name;
  const valueLabel = (v) => labels.values[v] || v;

  // A widget: {el, get() -> value or undefined (left out), set(value)}
  function widget(s0, name, required, path) {
    const s = resolve(s0);
    if (s.type === "object") return objectWidget(s, name, path);
    if (s.type === "array") return arrayWidget(s, name, path);
    const id = "f-" + path.join("-");
    const box = el("label", { for: id }, el("span", { text: label(name, s) + (required ? " *" : ""), title: name }));
    let input;
    if (s.enum || s.const !== undefined) {
      input = el("select", { id, name: path.join(".") });
      const values = s.enum || [s.const];
      if (!required || s.nullable) input.append(el("option", { value: "", text: "—" }));
      for (const v of values) input.append(el("option", { value: v, text: valueLabel(v) }));
      if (s0.default !== undefined && s0.default !== null) input.value = s0.default;
    } else if (s.type === "boolean") {
      // yes / no / not stated: an unanswered question is never read as "no" (nor as "yes")
      input = el("select", { id, name: path.join(".") });
      input.append(el("option", { value: "", text: "—（未填）" }), el("option", { value: "true", text: "是" }),
        el("option", { value: "false", text: "否" }));
      if (typeof s0.default === "boolean") input.value = String(s0.default);
    } else {
      const type = s.format === "date" ? "date" : "text";
      input = el("input", { id, name: path.join("."), type });
      if (s.type === "number" || s.type === "integer") input.setAttribute("inputmode", "decimal");
      if (typeof s0.default === "string" || typeof s0.default === "number") input.value = s0.default;
      if (s.description) input.setAttribute("placeholder", s.description);
    }
    box.append(input);
    return {
      el: box,
      get() {
        const raw = input.value.trim();
        if (raw === "") return undefined;
        if (s.type === "boolean") return raw === "true";
        if (s.type === "integer") return Number.isNaN(Number(raw)) ? raw : parseInt(raw, 10);
        if (s.type === "number") return Number.isNaN(Number(raw)) ? raw : Number(raw);
        return raw;
      },
      set(v) {
        input.value = v === undefined || v === null ? "" : String(v);
      },
    };
  }

  function objectWidget(s, name, path) {
    const box = el("fieldset", { "data-field": name }, el("legend", { text: label(name, s), title: name }));
    const parts = {};
    const required = new Set(s.required || []);
    for (const [key, sub] of Object.entries(s.properties || {})) {
      if (path.length === 0 && SKIP.has(key)) continue;
      parts[key] = widget(sub, key, required.has(key), path.concat(key));
      box.append(parts[key].el);
    }
    return {
      el: box,
      get() {
        const out = {};
        for (const [key, w] of Object.entries(parts)) {
          const v = w.get();
          if (v !== undefined) out[key] = v;
        }
        return Object.keys(out).length ? out : undefined;
      },
      set(v) {
        for (const [key, w] of Object.entries(parts)) w.set(v ? v[key] : undefined);
      },
    };
  }

  function arrayWidget(s, name, path) {
    const items = resolve(s.items);
    const box = el("fieldset", { "data-field": name }, el("legend", { text: label(name, s), title: name }));
    const list = el("div");
    const rows = [];
    const add = el("button", { type: "button", class: "add", "data-add": path.join("."), text: "添加" + label(name, s) });
    function addRow(value) {
      const n = rows.length;
      const w = widget(s.items, name, true, path.concat(String(n)));
      const wrap = el("div", { class: "item" }, w.el);
      const remove = el("button", { type: "button", text: "删除" });
      const row = { w, wrap };
      remove.addEventListener("click", () => {
        rows.splice(rows.indexOf(row), 1);
        wrap.remove();
      });
      wrap.append(remove);
      rows.push(row);
      list.append(wrap);
      if (value !== undefined) w.set(value);
      return w;
    }
    add.addEventListener("click", () => addRow());
    box.append(list, add);
    return {
      el: box,
      get() {
        const out = rows.map((r) => r.w.get()).filter((v) => v !== undefined);
        return out.length ? out : undefined;
      },
      set(v) {
        rows.splice(0).forEach((r) => r.wrap.remove());
        for (const item of Array.isArray(v) ? v : []) addRow(item);
      },
      itemsType: items.type,
    };
  }

  // -- the application as JSON ----------------------------------------------------------------------------------
  function application() {
    const data = root.get() || {};
    data.policy = $("policy").value;
    const scope = $("scope").value;
    data.applies_for = scope ? [scope] : [];
    return data;
  }

  function load(data) {
    if (data.policy) {
      $("policy").value = data.policy;
    }
    return loadScopes().then(() => {
      if (Array.isArray(data.applies_for) && data.applies_for.length) $("scope").value = data.applies_for[0];
      root.set(data);
    });
  }

  function query() {
    const params = new URLSearchParams({ lang: $("lang").value });
    if ($("as-of").value) params.set("as_of", $("as-of").value);
    return params;
  }

  async function post(path, params) {
    $("messages").textContent = "";
    const response = await fetch(path + "?" + params.toString(), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(application()),
    });
    if (!response.ok) {
      let detail = response.statusText;
      try {
        const problem = await response.json();
        detail = [problem.title, problem.where, problem.detail].filter(Boolean).join(" — ");
      } catch (e) {
        /* not a problem document */
      }
      $("messages").textContent = "错误：" + detail;
      return null;
    }
    return response;
  }

  function save(name, blob) {
    const a = el("a", { href: URL.createObjectURL(blob), download: name });
    document.body.append(a);
    a.click();
    setTimeout(() => {
      URL.revokeObjectURL(a.href);
      a.remove();
    }, 1000);
  }

  // -- the report ---------------------------------------------------------------------------------------------------
  const STATUS = {
    zh: { fail: "不满足", warning: "警告（原则上）", manual: "人工审核", pass: "通过", not_applicable: "不适用" },
    en: { fail: "fail", warning: "warning (in principle)", manual: "manual review", pass: "pass", not_applicable: "not applicable" },
  };

  function renderReport(report) {
    const zh = report.lang === "zh";
    const words = STATUS[report.lang] || STATUS.zh;
    const out = $("report");
    out.replaceChildren();
    const verdict = el("div", {
      id: "verdict",
      class: report.conforms ? "pass" : "fail",
      "data-conforms": String(report.conforms),
      text: (zh ? (report.conforms ? "符合" : "不符合") : report.conforms ? "conforms" : "does NOT conform") +
        " — " + report.policy + (report.policy_title ? "（" + report.policy_title + "）" : ""),
    });
    const s = report.summary;
    const counts = el("p", {
      id: "summary",
      text: Object.keys(words).map((k) => words[k] + " " + (s[k] || 0)).join(" · ") +
        (zh ? "（评估日期 " : " (as of ") + report.as_of + (zh ? "）" : ")"),
    });
    out.append(verdict, counts);
    for (const status of ["fail", "warning", "manual"]) {
      const items = report.results.filter((r) => r.status === status);
      if (!items.length) continue;
      const section = el(status === "manual" ? "details" : "div", { class: "group " + status });
      const head = el(status === "manual" ? "summary" : "h2", { text: words[status] + " (" + items.length + ")" });
      section.append(head);
      for (const r of items) section.append(resultBox(r, zh));
      out.append(section);
    }
  }

  function resultBox(r, zh) {
    const box = el("div", { class: "result " + r.status, "data-clause": r.clause.split("/").pop() });
    box.append(el("div", {}, el("b", { text: r.section + " " + r.clause.split("/").pop() })));
    box.append(el("div", { class: "q", text: "“" + r.text + "”" }));
    if (!zh && r.gloss) box.append(el("div", { class: "q", text: "(" + r.gloss + ")" }));
    const findings = r.findings && r.findings.length ? r.findings : [];
    for (const f of findings) {
      const who = f.focus ? f.focus + " — " : "";
      if (f.value != null && f.expected != null) {
        box.append(el("div", { class: "finding" }, who + (f.path ? f.path + ": " : ""),
          el("span", { class: "value", text: f.value }), zh ? " → 要求 " : " → required ",
          el("span", { class: "value expected", text: f.expected })));
      } else {
        box.append(el("div", { class: "finding", text: who + f.message }));
      }
      if (f.hint) box.append(el("div", { class: "fix", text: (zh ? "建议：" : "fix: ") + f.hint }));
    }
    if (!findings.length) box.append(el("div", { text: r.message }));
    return box;
  }

  // -- start --------------------------------------------------------------------------------------------------------
  async function loadScopes() {
    const policy = $("policy").value;
    const select = $("scope");
    select.replaceChildren(el("option", { value: "", text: "—" }));
    if (!policy) return;
    const response = await fetch("/policies/" + encodeURIComponent(policy) + "/clauses?kind=scope");
    if (!response.ok) return;
    for (const c of await response.json()) {
      const local = c.id.split("/").pop();
      select.append(el("option", { value: local, text: c.section + " " + local + " " + c.text.slice(0, 40) }));
    }
  }

  async function start() {
    const [schemaResponse, labelResponse, policyResponse] = await Promise.all([
      fetch("/schema"), fetch("/static/labels.json"), fetch("/policies"),
    ]);
    schema = await schemaResponse.json();
    labels = await labelResponse.json();
    for (const p of await policyResponse.json()) {
      $("policy").append(el("option", { value: p.id, text: p.id + " — " + p.title }));
    }
    root = objectWidget(schema, "application", []);
    $("form").append(root.el);
    await loadScopes();
    $("policy").addEventListener("change", loadScopes);
    $("check").addEventListener("click", async () => {
      const params = query();
      params.set("policy", $("policy").value);
      const response = await post("/validate", params);
      if (response) renderReport(await response.json());
    });
    $("import").addEventListener("change", async (event) => {
      const file = event.target.files[0];
      if (!file) return;
      try {
        await load(JSON.parse(await file.text()));
        $("messages").textContent = "";
      } catch (e) {
        $("messages").textContent = "无法读取该 JSON 文件：" + e.message;
      }
    });
    $("download-json").addEventListener("click", () => {
      save("application.json", new Blob([JSON.stringify(application(), null, 2)], { type: "application/json" }));
    });
    $("download-turtle").addEventListener("click", async () => {
      const response = await post("/convert", new URLSearchParams({ to: "turtle" }));
      if (response) save("application.ttl", await response.blob());
    });
    $("download-index").addEventListener("click", async () => {
      const params = query();
      params.set("policy", $("policy").value);
      params.set("format", "markdown");
      const response = await post("/index-table", params);
      if (response) save("index-table.md", await response.blob());
    });
    document.body.setAttribute("data-ready", "true");
  }

  document.addEventListener("DOMContentLoaded", () => {
    start().catch((e) => {
      $("messages").textContent = "页面初始化失败：" + e.message;
    });
  });
})();
