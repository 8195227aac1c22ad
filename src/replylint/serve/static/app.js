// The operator's page: check the draft as it is typed and mark the findings on the exact words.
// Plain JavaScript, no build step. The marks are drawn on a backdrop under the (transparent)
// textarea, with the same font and wrapping; offsets come from the API as start_utf16/end_utf16,
// which index JavaScript strings directly.
"use strict";

(function () {
  const DEBOUNCE_MS = 300;
  const SEVERITIES = [
    { id: "error", title: "Ошибки", note: "исправьте перед отправкой" },
    { id: "warning", title: "Предупреждения", note: "проверьте, прежде чем отправить" },
    { id: "info", title: "Советы", note: "можно улучшить" },
  ];
  const RANK = { info: 0, warning: 1, error: 2 };
  // shared with the browser extension: /static/findings.js, served from the extension's folder
  const { status, findingItem, safeFixCount, applyFix, replaceInTextarea, shift } = ReplylintFindings;

  const $ = (id) => document.getElementById(id);
  const draft = $("draft");
  const backdrop = $("backdrop");
  const tooltip = $("tooltip");
  const statusEl = $("status");
  const findingsEl = $("findings");
  const requestError = $("request-error");
  const fields = { client: $("client"), student: $("student"), lesson: $("lesson"), client_message: $("client-message") };
  const modeEl = $("mode");
  const tokenBox = $("token-box");
  const tokenEl = $("token");

  let timer = null;
  let sequence = 0; // the latest request sent; older answers are dropped
  let shown = []; // diagnostics drawn now, for the tooltip
  let drawnText = ""; // the text they were drawn on

  function setStatus(kind, text) {
    statusEl.className = "status " + kind;
    statusEl.textContent = text;
  }

  // ---------------------------------------------------------------------------------------------
  // Talking to the service

  function token() {
    return tokenEl.value.trim() || sessionStorage.getItem("replylint-token") || "";
  }

  function context() {
    const ctx = {};
    for (const [key, el] of Object.entries(fields)) {
      const value = el.value.trim();
      if (value) ctx[key] = key === "client_message" ? el.value : value;
    }
    return ctx;
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(check, DEBOUNCE_MS);
    autoGrow();
    // Until the new answer comes, keep the marks on their words: shift those after the edit, drop
    // those it touched.
    shown = shift(drawnText, draft.value, shown);
    render(draft.value, shown);
    setStatus("busy", "Проверяю…");
  }

  async function check() {
    const text = draft.value;
    const id = ++sequence;
    if (!text.trim()) {
      shown = [];
      render(text, []);
      findingsEl.replaceChildren();
      setStatus("idle", "Напишите ответ — проверка идёт по ходу набора");
      return;
    }
    const headers = { "Content-Type": "application/json" };
    if (token()) headers["Authorization"] = "Bearer " + token();
    let response, body;
    try {
      response = await fetch("v1/check", {
        method: "POST",
        headers,
        body: JSON.stringify({ text, context: context(), mode: modeEl.value }),
      });
      body = await response.json();
    } catch (err) {
      if (id !== sequence) return;
      setStatus("down", "Сервис не отвечает — ответ не проверен");
      return;
    }
    if (id !== sequence || text !== draft.value) return; // the draft has changed since; a newer check is on its way
    if (response.status === 401) {
      tokenBox.hidden = false;
      setStatus("down", "Нужен токен сервиса");
      return;
    }
    if (!response.ok) {
      requestError.hidden = false;
      requestError.textContent = explainError(body && body.error ? body.error : String(response.status));
      setStatus("down", "Не проверено: исправьте поля разговора");
      return;
    }
    requestError.hidden = true;
    if (token()) sessionStorage.setItem("replylint-token", token());
    show(text, body.diagnostics);
  }

  // The API's errors are for integrators (English); the fields of this page get a Russian word.
  function explainError(error) {
    if (/^context: lesson/.test(error)) return "Урок: укажите дату и время как 2026-11-24 18:30, или только время, 18:30.";
    if (/^context: (client|student)/.test(error)) return "Проверьте имена клиента и ученика.";
    return "Сервис не смог проверить: " + error;
  }

  // ---------------------------------------------------------------------------------------------
  // Drawing: marks on the backdrop, and the list

  function show(text, diagnostics) {
    shown = diagnostics;
    render(text, diagnostics);
    const { kind, text: said } = status(diagnostics);
    setStatus(kind, said);
    list(text, diagnostics);
  }

  // Split the text at every start and end; each piece knows the findings that cover it.
  function render(text, diagnostics) {
    const cuts = new Set([0, text.length]);
    for (const d of diagnostics) {
      cuts.add(Math.min(d.start_utf16, text.length));
      cuts.add(Math.min(d.end_utf16, text.length));
    }
    const points = [...cuts].sort((a, b) => a - b);
    const nodes = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      const piece = text.slice(a, b);
      const over = diagnostics.filter((d) => d.start_utf16 <= a && d.end_utf16 >= b && d.end_utf16 > d.start_utf16);
      if (!over.length) {
        nodes.push(document.createTextNode(piece));
        continue;
      }
      const worst = over.reduce((w, d) => (RANK[d.severity] > RANK[w.severity] ? d : w));
      const mark = document.createElement("mark");
      mark.className = "mark " + worst.severity;
      mark.dataset.findings = over.map((d) => diagnostics.indexOf(d)).join(",");
      mark.textContent = piece;
      nodes.push(mark);
    }
    // a trailing newline needs something after it, or the backdrop is one line short
    nodes.push(document.createTextNode("\u200b"));
    backdrop.replaceChildren(...nodes);
    tooltip.hidden = true;
    drawnText = text;
    syncScroll();
  }

  // One click applies a finding's fix: its edits typed into the draft as an edit of the operator's
  // (so Ctrl+Z undoes it), then the draft is checked again.
  function fix(d, text) {
    if (applyFix(d, text, draft.value, (start, end, words) => replaceInTextarea(draft, start, end, words))) schedule();
  }

  // "Исправить всё": the service applies the safe fixes as `check --fix` does (POST /v1/fix).
  async function fixAll() {
    const headers = { "Content-Type": "application/json" };
    if (token()) headers["Authorization"] = "Bearer " + token();
    try {
      const response = await fetch("v1/fix", {
        method: "POST", headers,
        body: JSON.stringify({ text: draft.value, context: context(), mode: modeEl.value }),
      });
      const body = await response.json();
      if (!response.ok) return;
      draft.focus();
      draft.select();
      if (!document.execCommand("insertText", false, body.text)) draft.value = body.text;
      schedule();
    } catch (err) {
      setStatus("down", "Сервис не отвечает — не исправлено");
    }
  }

  function list(text, diagnostics) {
    findingsEl.replaceChildren();
    const fixable = safeFixCount(diagnostics);
    if (fixable > 1) {
      const all = document.createElement("button");
      all.type = "button";
      all.id = "fix-all";
      all.className = "fix";
      all.textContent = `Исправить всё (${fixable})`;
      all.addEventListener("click", fixAll);
      findingsEl.append(all);
    }
    if (!diagnostics.length) {
      const ok = document.createElement("p");
      ok.className = "all-clear";
      ok.textContent = "Замечаний нет. Можно отправлять.";
      findingsEl.append(ok);
      return;
    }
    for (const sev of SEVERITIES) {
      const items = diagnostics.filter((d) => d.severity === sev.id);
      if (!items.length) continue;
      const group = document.createElement("section");
      group.className = "group " + sev.id;
      const h = document.createElement("h3");
      h.textContent = `${sev.title} (${items.length})`;
      const note = document.createElement("span");
      note.className = "note";
      note.textContent = " — " + sev.note;
      h.append(note);
      const ul = document.createElement("ul");
      for (const d of items) {
        const li = findingItem(d, text, fix, 90);
        li.tabIndex = 0;
        const select = () => {
          draft.focus();
          draft.setSelectionRange(d.start_utf16, d.end_utf16);
        };
        li.addEventListener("click", select);
        li.addEventListener("keydown", (e) => { if (e.key === "Enter" && e.target === li) select(); });
        ul.append(li);
      }
      group.append(h, ul);
      findingsEl.append(group);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The textarea grows with its text (no inner scroll bar, so it wraps exactly like the backdrop),
  // and a mark under the mouse shows its messages.

  function autoGrow() {
    draft.style.height = "auto";
    draft.style.height = draft.scrollHeight + 2 + "px";
  }

  function syncScroll() {
    backdrop.scrollTop = draft.scrollTop;
    backdrop.scrollLeft = draft.scrollLeft;
  }

  function markAt(x, y) {
    for (const mark of backdrop.querySelectorAll("mark")) {
      for (const r of mark.getClientRects()) {
        if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) return mark;
      }
    }
    return null;
  }

  function hover(e) {
    const mark = markAt(e.clientX, e.clientY);
    if (!mark) {
      tooltip.hidden = true;
      return;
    }
    const items = mark.dataset.findings.split(",").map(Number).map((i) => shown[i]).filter(Boolean);
    tooltip.replaceChildren(
      ...items.map((d) => {
        const p = document.createElement("p");
        p.className = d.severity;
        p.textContent = d.message;
        return p;
      })
    );
    tooltip.hidden = false;
    const r = mark.getClientRects()[0];
    tooltip.style.left = Math.max(8, Math.min(window.scrollX + e.clientX - 20, window.scrollX + document.documentElement.clientWidth - tooltip.offsetWidth - 8)) + "px";
    tooltip.style.top = window.scrollY + r.bottom + 6 + "px";
  }

  draft.addEventListener("input", schedule);
  draft.addEventListener("scroll", syncScroll);
  draft.addEventListener("mousemove", hover);
  draft.addEventListener("mouseleave", () => { tooltip.hidden = true; });
  for (const el of [...Object.values(fields), modeEl, tokenEl]) el.addEventListener("input", schedule);
  window.addEventListener("resize", () => { autoGrow(); syncScroll(); });
  autoGrow();
  if (draft.value) schedule();
})();
