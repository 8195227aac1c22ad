// The content script: on a chat page the team lead set, it finds the reply box, has the draft
// checked as the operator types, marks the words, lists the findings with their fixes, and holds
// the reply back (Enter, the send button, the form's submit) while it has errors; warnings ask for a
// confirmation; a service that does not answer within a second lets the reply go, «не проверено».
//
// The chat's own editor is never changed, except when the operator applies a fix, and then through
// the editor's own input path (execCommand 'insertText'), so the editor's state and its undo stay
// right. The marks are drawn on a layer of our own over the box (a shadow root outside the chat's
// DOM): for a contenteditable box, from Range.getClientRects() of its text nodes; for a textarea,
// from a mirror div laid out with the textarea's font, padding and width.
"use strict";

(async function () {
  if (window.__replylintAttached) return; // one copy per page, however often it is injected
  window.__replylintAttached = true;

  const site = await chrome.runtime.sendMessage({ type: "site", url: location.href });
  if (!site || !site.reply) return;

  const DEBOUNCE_MS = 150; // after the last keystroke; the check itself takes ~10 ms
  const TIMEOUT_MS = 1000; // then the reply goes out unchecked (fail-open)
  const POLL_MS = 400; // catches drafts the tool changes without an input event, and the box moving
  const RANK = { info: 0, warning: 1, error: 2 };
  const SEVERITY_TITLE = { error: "ошибка", warning: "предупреждение", info: "совет" };
  const { countsText, verdict, status, findingItem, safeFixCount, applyFix, replaceInTextarea, shift } = ReplylintFindings; // findings.js

  // ---------------------------------------------------------------------------------------------
  // Our layer: a shadow root on <html>, fixed over the viewport, which the chat's CSS and scripts
  // do not reach. The marks let every pointer event through to the editor under them.

  const host = document.createElement("replylint-overlay");
  host.style.cssText = "all: initial; position: fixed; top: 0; left: 0; width: 0; height: 0; z-index: 2147483647;";
  const root = host.attachShadow({ mode: "open" });
  root.innerHTML = `
    <style>
      :host { all: initial; }
      .clip { position: fixed; overflow: hidden; pointer-events: none; }
      .mark { position: absolute; pointer-events: none; border-radius: 2px; }
      .mark.error { background: rgba(209, 36, 47, .13); border-bottom: 2px solid #d1242f; }
      .mark.warning { background: rgba(191, 135, 0, .14); border-bottom: 2px solid #bf8700; }
      .mark.info { border-bottom: 2px dotted #0969da; }
      .panel { position: fixed; box-sizing: border-box; max-height: 45vh; overflow: auto; padding: 8px 10px;
        font: 13px/1.4 system-ui, "DejaVu Sans", sans-serif; color: #1d2127; background: #fff;
        border: 1px solid #d0d4da; border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.14); }
      .panel[hidden], .tip[hidden], .notice[hidden] { display: none; }
      .status { font-weight: 600; }
      .status:empty { display: none; }
      .status::before { content: "replylint · "; color: #5f6670; font-weight: 400; }
      .status.error { color: #a40e26; } .status.warning { color: #7a4a00; } .status.ok { color: #1a7f37; }
      .status.unchecked { color: #b26a00; }
      .notice { margin: 6px 0 2px; padding: 6px 8px; border-radius: 6px; font-weight: 600; }
      .notice.blocked { background: #fde4e4; color: #8e1c1c; }
      .notice.confirm { background: #fff1cc; color: #5c3b00; }
      .notice.unchecked { background: #fff1cc; color: #7a4a00; }
      .notice button { margin: 6px 6px 0 0; }
      ul { margin: 6px 0 0; padding: 0; list-style: none; }
      li { margin: 4px 0; padding: 4px 6px; border-left: 3px solid #d0d4da; }
      li.error { border-color: #d1242f; } li.warning { border-color: #bf8700; } li.info { border-color: #0969da; }
      q { font-weight: 600; }
      code { color: #5f6670; font-size: 11px; }
      button { font: inherit; padding: 2px 10px; border-radius: 6px; border: 1px solid #9aa3ad; background: #fff; cursor: pointer; }
      button.primary { background: #1f6feb; border-color: #1f6feb; color: #fff; }
      button.fix { display: block; margin-top: 3px; border-color: #1a7f37; color: #1a7f37; }
      button.fix.unsafe { border-color: #b58a1b; background: #fff6dd; color: #6b4f00; }
      li.fix-all { border-left: none; padding-left: 0; }
      button.fix-all { border-color: #1a7f37; background: #1a7f37; color: #fff; }
      .suggestions { color: #1a7f37; }
      .tip { position: fixed; max-width: 360px; padding: 6px 9px; font: 13px/1.4 system-ui, sans-serif;
        background: #1d2127; color: #fff; border-radius: 6px; pointer-events: none; }
      .tip p { margin: 2px 0; }
    </style>
    <div class="clip"></div>
    <div class="panel" hidden>
      <div class="status"></div>
      <div class="notice" hidden></div>
      <ul class="findings"></ul>
    </div>
    <div class="tip" hidden></div>`;
  const clip = root.querySelector(".clip");
  const panel = root.querySelector(".panel");
  const statusEl = root.querySelector(".status");
  const noticeEl = root.querySelector(".notice");
  const findingsEl = root.querySelector(".findings");
  const tip = root.querySelector(".tip");
  document.documentElement.append(host);
  // A click in our panel must not take the focus (and the caret) out of the reply box.
  panel.addEventListener("mousedown", (e) => e.preventDefault());

  // ---------------------------------------------------------------------------------------------
  // The reply box, read without being changed

  const BLOCK = /^(P|DIV|LI|UL|OL|H[1-6]|BLOCKQUOTE|PRE|TABLE|TR|SECTION|ARTICLE|HEADER|FOOTER|FIGURE)$/;
  const SKIP = /^(STYLE|SCRIPT|TEMPLATE|NOSCRIPT)$/;

  // The text of a contenteditable box as the operator sees it (paragraphs and <br> as newlines), and
  // where each of its text nodes starts in that text.
  function readEditable(box) {
    let text = "";
    const segments = []; // {node, start}
    let atBlockStart = true;
    function walk(node) {
      for (let child = node.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === Node.TEXT_NODE) {
          if (!child.data) continue;
          segments.push({ node: child, start: text.length });
          text += child.data.replace(/\u00a0/g, " "); // same length: offsets still hold
          atBlockStart = false;
        } else if (child.nodeType === Node.ELEMENT_NODE) {
          if (SKIP.test(child.nodeName)) continue;
          if (child.nodeName === "BR") {
            const trailing = !child.nextSibling && child.parentNode !== box && BLOCK.test(child.parentNode.nodeName);
            if (!trailing) text += "\n";
            atBlockStart = false;
            continue;
          }
          const block = BLOCK.test(child.nodeName);
          if (block && text && !atBlockStart) {
            text += "\n";
            atBlockStart = true;
          }
          walk(child);
        }
      }
    }
    walk(box);
    return { text, segments };
  }

  // Where offset `offset` of the read text is in the DOM; between text nodes (at a newline), the
  // start of the next one, or with `atEnd` the end of the previous one.
  function domPosition(segments, offset, atEnd) {
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i];
      const end = seg.start + seg.node.data.length;
      if (atEnd ? offset > end : offset >= end) continue;
      if (offset >= seg.start) return { node: seg.node, offset: offset - seg.start };
      const previous = segments[i - 1];
      if (atEnd && previous) return { node: previous.node, offset: previous.node.data.length };
      return { node: seg.node, offset: 0 };
    }
    const last = segments[segments.length - 1];
    return last ? { node: last.node, offset: last.node.data.length } : null;
  }

  function editableBox(el) {
    return {
      el,
      text: () => readEditable(el).text,
      // client rects of text[start:end], one text node at a time (a range over whole elements
      // would add their boxes too)
      rects(start, end) {
        const { segments } = readEditable(el);
        const out = [];
        for (const seg of segments) {
          const segEnd = seg.start + seg.node.data.length;
          const a = Math.max(start, seg.start), b = Math.min(end, segEnd);
          if (a >= b) continue;
          const range = document.createRange();
          range.setStart(seg.node, a - seg.start);
          range.setEnd(seg.node, b - seg.start);
          out.push(...range.getClientRects());
        }
        return out;
      },
      replace(start, end, replacement) {
        const { segments } = readEditable(el);
        const a = domPosition(segments, start, false), b = domPosition(segments, end, true);
        if (!a || !b) return false;
        el.focus();
        const range = document.createRange();
        range.setStart(a.node, a.offset);
        range.setEnd(b.node, b.offset);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        return replacement ? document.execCommand("insertText", false, replacement) : document.execCommand("delete");
      },
    };
  }

  const MIRRORED = ["boxSizing", "fontFamily", "fontSize", "fontStyle", "fontVariant", "fontWeight", "fontStretch",
    "lineHeight", "letterSpacing", "wordSpacing", "textIndent", "textTransform", "textAlign", "tabSize", "direction",
    "paddingTop", "paddingRight", "paddingBottom", "paddingLeft",
    "borderTopWidth", "borderRightWidth", "borderBottomWidth", "borderLeftWidth", "wordBreak", "overflowWrap"];

  function textareaBox(el) {
    const mirror = document.createElement("div");
    const mirrorText = document.createTextNode("");
    mirror.append(mirrorText);
    return {
      el,
      text: () => el.value,
      rects(start, end) {
        // The mirror: the textarea's text laid out at the textarea's place, with its font, padding
        // and width (less its scroll bar), then shifted by its scroll.
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        for (const prop of MIRRORED) mirror.style[prop] = style[prop];
        const scrollbar = el.offsetWidth - el.clientWidth - parseFloat(style.borderLeftWidth) - parseFloat(style.borderRightWidth);
        Object.assign(mirror.style, {
          position: "fixed", visibility: "hidden", pointerEvents: "none", whiteSpace: "pre-wrap",
          borderStyle: "solid", borderColor: "transparent", overflow: "hidden", height: "auto",
          width: box.width + "px", top: box.top - el.scrollTop + "px", left: box.left - el.scrollLeft + "px",
        });
        mirror.style.paddingRight = parseFloat(style.paddingRight) + Math.max(0, scrollbar) + "px";
        mirrorText.data = el.value + "\u200b";
        if (!mirror.isConnected) root.append(mirror);
        const range = document.createRange();
        range.setStart(mirrorText, Math.min(start, el.value.length));
        range.setEnd(mirrorText, Math.min(end, el.value.length));
        return [...range.getClientRects()];
      },
      replace: (start, end, replacement) => replaceInTextarea(el, start, end, replacement),
      detach() {
        mirror.remove();
      },
    };
  }

  function visible(el) {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
  }

  function firstVisible(selector) {
    if (!selector) return null;
    try {
      for (const el of document.querySelectorAll(selector)) if (visible(el)) return el;
    } catch (err) {
      // a bad selector was refused by the options page
    }
    return null;
  }

  function lastText(selector) {
    if (!selector) return "";
    try {
      const all = document.querySelectorAll(selector);
      return all.length ? all[all.length - 1].innerText.trim() : "";
    } catch (err) {
      return "";
    }
  }

  // ---------------------------------------------------------------------------------------------
  // State

  let box = null; // the attached reply box: {el, text(), rects(), replace()}
  let seenText = ""; // the box's text when we last looked
  let shown = []; // diagnostics drawn now (offsets into seenText)
  let checked = { text: null, result: null }; // the last answer and the text it was for
  let inflight = null; // {text, promise}
  let timer = null;
  let confirmedText = null; // a draft whose warnings the operator chose to send anyway
  let noticeTimer = null;
  let lastRect = "";
  let markRects = []; // [{rect, d}] for the tooltip
  const observer = new MutationObserver(() => onChange());

  function context() {
    const ctx = {};
    const client = lastText(site.client);
    const message = lastText(site.client_message);
    if (client) ctx.client = client;
    if (message) ctx.client_message = message;
    return ctx;
  }

  function attach(el) {
    if (box && box.el === el) return;
    if (box && box.detach) box.detach();
    observer.disconnect();
    box = el.isContentEditable ? editableBox(el) : textareaBox(el);
    // a contenteditable box's text changes without input events too (the chat inserting a macro)
    if (el.isContentEditable) observer.observe(el, { childList: true, subtree: true, characterData: true });
    seenText = box.text();
    shown = [];
    checked = { text: null, result: null };
    if (seenText.trim()) schedule(0);
    render();
  }

  function findBox() {
    if (box && box.el.isConnected && visible(box.el)) return;
    const el = firstVisible(site.reply);
    if (el) attach(el);
    else if (box && !box.el.isConnected) {
      if (box.detach) box.detach();
      box = null;
      render();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Checking

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(() => runCheck(box ? box.text() : ""), delay);
  }

  // The worker's answer; never a rejection, even when the extension was reloaded under the page.
  function ask(message) {
    try {
      return chrome.runtime.sendMessage(message).catch(() => ({ ok: false, reason: "расширение не смогло спросить сервис" }));
    } catch (err) {
      return Promise.resolve({ ok: false, reason: "расширение перезагружено: обновите страницу" });
    }
  }

  // The answer for `text` within the one-second limit: {ok: true, diagnostics} or {ok: false, reason}.
  function runCheck(text) {
    clearTimeout(timer);
    if (inflight && inflight.text === text) return inflight.promise;
    if (!text.trim()) {
      checked = { text, result: { ok: true, diagnostics: [] } };
      update();
      return Promise.resolve(checked.result);
    }
    host.dataset.state = "busy";
    const promise = Promise.race([
      ask({ type: "check", text, context: context() }),
      new Promise((resolve) => setTimeout(() => resolve({ ok: false, reason: `сервис проверки не ответил за ${TIMEOUT_MS / 1000} с` }), TIMEOUT_MS)),
    ]).then((result) => {
      if (inflight && inflight.promise === promise) inflight = null;
      if (box && box.text() === text) {
        checked = { text, result };
        if (result.ok) shown = result.diagnostics;
        update();
      }
      return result;
    });
    inflight = { text, promise };
    return promise;
  }

  // ---------------------------------------------------------------------------------------------
  // What the operator sees

  function setStatus(kind, text) {
    statusEl.className = "status " + kind;
    statusEl.textContent = text;
    host.dataset.state = kind;
  }

  function showNotice(kind, text, buttons = []) {
    clearTimeout(noticeTimer);
    noticeEl.className = "notice " + kind;
    noticeEl.replaceChildren(document.createTextNode(text), ...(buttons.length ? [document.createElement("br"), ...buttons] : []));
    noticeEl.hidden = false;
    panel.hidden = false;
    place();
  }

  function hideNotice() {
    noticeEl.hidden = true;
    noticeEl.replaceChildren();
  }

  function button(label, className, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = className;
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  // After an answer: the status, the list, the marks.
  function update() {
    const text = box ? box.text() : "";
    const current = checked.text === text ? checked.result : null;
    if (!box || !text.trim()) {
      setStatus("idle", "");
      findingsEl.replaceChildren();
    } else if (!current) {
      setStatus("busy", "Проверяю…");
    } else if (!current.ok) {
      setStatus("unchecked", "не проверено: " + current.reason);
      findingsEl.replaceChildren();
    } else {
      const { kind, text: said } = status(current.diagnostics);
      setStatus(kind, said);
      list(text, current.diagnostics);
    }
    host.dataset.checkedLength = current ? String(text.length) : "";
    render();
    if (current) host.dataset.shownAt = String(performance.now());
  }

  // The findings, the worst first; a fix as one button, worded and marked as on the service's page.
  function list(text, diagnostics) {
    const sorted = [...diagnostics].sort((a, b) => RANK[b.severity] - RANK[a.severity] || a.start_utf16 - b.start_utf16);
    findingsEl.replaceChildren(...sorted.map((d) => {
      const li = findingItem(d, text, fix, 60);
      li.className = d.severity;
      li.title = SEVERITY_TITLE[d.severity] || d.severity;
      return li;
    }));
    const fixable = safeFixCount(diagnostics);
    if (fixable > 1) {
      // "Исправить всё": every safe fix, as the page's button and `check --fix` apply them
      const li = document.createElement("li");
      li.className = "fix-all";
      const all = document.createElement("button");
      all.type = "button";
      all.className = "fix-all";
      all.textContent = `Исправить всё (${fixable})`;
      all.addEventListener("click", (e) => {
        e.stopPropagation();
        fixAll(text, diagnostics);
      });
      li.append(all);
      findingsEl.prepend(li);
    }
  }

  // A fix's edits go through the editor's own input path; then a check at once.
  function fix(d, text) {
    if (box && applyFix(d, text, box.text(), box.replace)) {
      onChange();
      schedule(0);
    }
  }

  // The safe fixes, the last in the draft first (the offsets of those before it still hold); a fix
  // that overlaps one already made waits for the next answer, as `check --fix` re-checks between.
  function fixAll(text, diagnostics) {
    if (!box) return;
    const safe = diagnostics.filter((d) => d.fix && d.fix.safe).sort((a, b) => b.start_utf16 - a.start_utf16);
    let before = Infinity;
    let made = false;
    for (const d of safe) {
      const end = Math.max(d.end_utf16, ...d.fix.edits.map((e) => e.end_utf16));
      if (end > before) continue;
      if (applyFix(d, text, box.text(), box.replace)) {
        made = true;
        before = Math.min(d.start_utf16, ...d.fix.edits.map((e) => e.start_utf16));
      }
    }
    if (made) {
      onChange();
      schedule(0);
    }
  }

  function onChange() {
    if (!box) return;
    const text = box.text();
    if (text === seenText) return;
    shown = shift(seenText, text, shown);
    seenText = text;
    // a question or a refusal was about the text as it was; the note of an unchecked send stays a while
    if (!noticeEl.classList.contains("unchecked")) hideNotice();
    update();
    schedule(DEBOUNCE_MS);
  }

  // The marks over the box, clipped to its inner area (a box that scrolls hides what it hides).
  function render() {
    if (!box || !box.el.isConnected) {
      clip.replaceChildren();
      panel.hidden = true;
      markRects = [];
      return;
    }
    const r = box.el.getBoundingClientRect();
    const left = r.left + box.el.clientLeft, top = r.top + box.el.clientTop;
    Object.assign(clip.style, { left: left + "px", top: top + "px", width: box.el.clientWidth + "px", height: box.el.clientHeight + "px" });
    lastRect = [r.left, r.top, r.width, r.height].join();
    const text = seenText;
    const marks = [];
    markRects = [];
    for (const d of shown) {
      if (d.end_utf16 <= d.start_utf16 || d.end_utf16 > text.length) continue;
      for (const rect of box.rects(d.start_utf16, d.end_utf16)) {
        if (!rect.width) continue;
        const m = document.createElement("div");
        m.className = "mark " + d.severity;
        Object.assign(m.style, { left: rect.left - left + "px", top: rect.top - top + "px", width: rect.width + "px", height: rect.height + "px" });
        m.dataset.rule = d.rule;
        marks.push(m);
        markRects.push({ rect, d });
      }
    }
    marks.sort((a, b) => RANK[a.classList[1]] - RANK[b.classList[1]]); // the worst drawn last, on top
    clip.replaceChildren(...marks);
    panel.hidden = !text.trim() && noticeEl.hidden;
    place();
  }

  // The panel sits above the box, right-aligned (below it when there is no room above), and never
  // over the tool's send button, which it would keep from the operator's click (osTicket's is
  // right under its box, on the right): then it is aligned with the box's left edge instead.
  function place() {
    if (!box || panel.hidden) return;
    const r = box.el.getBoundingClientRect();
    const width = Math.min(440, Math.max(280, r.width));
    panel.style.width = width + "px";
    const height = panel.offsetHeight;
    const top = r.top - height - 8 >= 0 ? r.top - height - 6 : Math.min(r.bottom + 6, window.innerHeight - height - 4);
    const right = Math.max(4, Math.min(r.right - width, window.innerWidth - width - 4));
    const left = Math.max(4, Math.min(r.left, window.innerWidth - width - 4));
    const sendEl = firstVisible(site.send);
    const b = sendEl && sendEl.getBoundingClientRect();
    const covers = (x) => Boolean(b) && x < b.right && x + width > b.left && top < b.bottom && top + height > b.top;
    panel.style.left = (covers(right) && !covers(left) ? left : right) + "px";
    panel.style.top = top + "px";
  }

  function hover(e) {
    const hits = markRects.filter(({ rect }) => e.clientX >= rect.left && e.clientX <= rect.right && e.clientY >= rect.top && e.clientY <= rect.bottom);
    if (!hits.length) {
      tip.hidden = true;
      return;
    }
    const seen = new Set();
    tip.replaceChildren(...hits.filter(({ d }) => !seen.has(d) && seen.add(d)).map(({ d }) => {
      const p = document.createElement("p");
      p.textContent = d.message;
      return p;
    }));
    tip.hidden = false;
    tip.style.left = Math.min(e.clientX, window.innerWidth - 370) + "px";
    tip.style.top = hits[0].rect.bottom + 6 + "px";
  }

  // ---------------------------------------------------------------------------------------------
  // Holding the reply back. Our listeners run in the capture phase on window, before the chat's own
  // (on the editor, the button or document). A held-back send is replayed when it may go.

  let replaying = false;

  function replay(action) {
    replaying = true;
    try {
      action();
    } finally {
      replaying = false;
    }
  }

  function send(action, note) {
    replay(action);
    if (note) {
      showNotice("unchecked", note);
      noticeTimer = setTimeout(() => { hideNotice(); render(); }, 8000);
    }
  }

  function hold(result, text, action) {
    if (verdict(result.diagnostics) === "block") {
      showNotice("blocked", "Не отправлено: исправьте ошибки (" + countsText(result.diagnostics.filter((d) => d.severity === "error")) + ").");
      return;
    }
    showNotice("confirm", "Есть предупреждения. Отправить всё равно?", [
      button("Отправить всё равно", "primary confirm-send", () => {
        confirmedText = text;
        hideNotice();
        send(action);
      }),
      button("Исправить", "cancel-send", () => { hideNotice(); box.el.focus(); }),
    ]);
  }

  function gate(event, action) {
    if (replaying || !box) return;
    const text = box.text();
    if (!text.trim()) return; // nothing to check: the chat decides
    const known = checked.text === text && checked.result && checked.result.ok ? checked.result : null;
    if (known) {
      const v = verdict(known.diagnostics);
      if (v === "send" || (v === "confirm" && confirmedText === text)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      hold(known, text, action);
      return;
    }
    // Not checked yet (or the last try failed): hold the send until the answer, one second at most.
    event.preventDefault();
    event.stopImmediatePropagation();
    showNotice("busy", "Проверяю перед отправкой…");
    runCheck(text).then((result) => {
      if (!box || box.text() !== text) return; // changed meanwhile: the operator sends again
      hideNotice();
      if (!result.ok) send(action, "Отправлено без проверки — не проверено: " + result.reason + ".");
      else if (verdict(result.diagnostics) === "send") send(action);
      else hold(result, text, action);
    });
  }

  function sendKey(e) {
    if (e.key !== "Enter" || e.isComposing || e.keyCode === 229) return false;
    const mod = e.ctrlKey || e.metaKey;
    if (site.keys === "enter") return !mod && !e.shiftKey && !e.altKey;
    if (site.keys === "mod-enter") return mod && !e.shiftKey;
    if (site.keys === "both") return !e.shiftKey && !e.altKey;
    return false;
  }

  window.addEventListener("keydown", (e) => {
    if (!box || !sendKey(e) || !box.el.contains(e.target)) return;
    const target = e.target;
    const init = { key: e.key, code: e.code, keyCode: 13, which: 13, ctrlKey: e.ctrlKey, metaKey: e.metaKey,
      shiftKey: e.shiftKey, altKey: e.altKey, bubbles: true, cancelable: true, composed: true };
    gate(e, () => target.dispatchEvent(new KeyboardEvent("keydown", init)));
  }, true);

  window.addEventListener("click", (e) => {
    if (!box || !site.send || !(e.target instanceof Element)) return;
    let button = null;
    try {
      button = e.target.closest(site.send);
    } catch (err) {
      return;
    }
    if (!button) return;
    gate(e, () => button.click());
  }, true);

  window.addEventListener("submit", (e) => {
    if (!box || !(e.target instanceof HTMLFormElement) || !e.target.contains(box.el)) return;
    const form = e.target, submitter = e.submitter;
    gate(e, () => form.requestSubmit(submitter && submitter.form === form ? submitter : undefined));
  }, true);

  // ---------------------------------------------------------------------------------------------
  // Following the box as the operator types and the chat changes

  document.addEventListener("focusin", (e) => {
    if (!(e.target instanceof Element)) return;
    let el = null;
    try {
      el = e.target.closest(site.reply);
    } catch (err) {
      return;
    }
    if (el) attach(el);
  }, true);
  window.addEventListener("input", (e) => { if (box && box.el.contains(e.target)) onChange(); }, true);
  window.addEventListener("scroll", () => { if (box) render(); }, { capture: true, passive: true });
  window.addEventListener("resize", () => { if (box) render(); });
  document.addEventListener("mousemove", hover, { passive: true });
  setInterval(() => {
    findBox();
    if (!box) return;
    onChange();
    const r = box.el.getBoundingClientRect();
    if ([r.left, r.top, r.width, r.height].join() !== lastRect) render();
  }, POLL_MS);
  findBox();
})();
