// What the two browser surfaces of replylint share: the extension's content script (content.js) and
// the service's page (src/replylint/serve/static/app.js). How a check's findings are worded, how a
// finding's fix is offered and applied as an edit list, and how the marks keep to their words while
// the operator types.
//
// One file, two ways in: the extension lists it before content.js (background.js), and `replylint
// serve` answers GET /static/findings.js with this very file (from the extension's folder that the
// wheel ships), so the repository holds no second copy.
//
// Offsets are the service's start_utf16/end_utf16: JavaScript string indices.
"use strict";

// A guard, not a plain `const`: a content script may run twice in one isolated world.
globalThis.ReplylintFindings = globalThis.ReplylintFindings || (() => {
  // ---------------------------------------------------------------------------------------------
  // Words

  function plural(n, one, few, many) {
    const m10 = n % 10, m100 = n % 100;
    if (m10 === 1 && m100 !== 11) return `${n} ${one}`;
    if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return `${n} ${few}`;
    return `${n} ${many}`;
  }

  // "2 ошибки, 1 предупреждение"
  function countsText(diagnostics) {
    const c = { error: 0, warning: 0, info: 0 };
    for (const d of diagnostics) c[d.severity] = (c[d.severity] || 0) + 1;
    const parts = [];
    if (c.error) parts.push(plural(c.error, "ошибка", "ошибки", "ошибок"));
    if (c.warning) parts.push(plural(c.warning, "предупреждение", "предупреждения", "предупреждений"));
    if (c.info) parts.push(plural(c.info, "совет", "совета", "советов"));
    return parts.join(", ");
  }

  // Errors block a reply, warnings ask for a confirmation, tips let it go.
  function verdict(diagnostics) {
    if (diagnostics.some((d) => d.severity === "error")) return "block";
    if (diagnostics.some((d) => d.severity === "warning")) return "confirm";
    return "send";
  }

  // The status line of a checked draft: {kind: "error" | "warning" | "ok", text}.
  function status(diagnostics) {
    const counts = countsText(diagnostics);
    const v = verdict(diagnostics);
    if (v === "block") return { kind: "error", text: "Не отправляйте: " + counts };
    if (v === "confirm") return { kind: "warning", text: "Проверьте перед отправкой: " + counts };
    return { kind: "ok", text: "✓ Можно отправлять" + (counts ? " · " + counts : "") };
  }

  // A long quote cut in the middle, so both ends still show where it is.
  function shorten(text, max) {
    if (text.length <= max) return text;
    const head = Math.round(max * 0.65);
    return text.slice(0, head) + " … " + text.slice(text.length - (max - head - 3));
  }

  // ---------------------------------------------------------------------------------------------
  // Fixes: {safe, edits: [{start_utf16, end_utf16, text}]} on a diagnostic

  function sortedEdits(edits) {
    return [...edits].sort((a, b) => a.start_utf16 - b.start_utf16);
  }

  // What the fixed words read, from the first edit to the last: «во вторник» for the two edits
  // «в» → «во» and «среду» → «вторник»; "" when the fix only takes words out.
  function fixedWords(text, fix) {
    const edits = sortedEdits(fix.edits);
    let out = "";
    let at = edits[0].start_utf16;
    for (const e of edits) {
      out += text.slice(at, e.start_utf16) + e.text;
      at = e.end_utf16;
    }
    return out.trim();
  }

  // The button of a finding's fix, the same on every surface. A safe fix (the only sensible one,
  // what `check --fix` applies) says «Исправить: «…»»; an unsafe one is marked (class "unsafe")
  // and offered as a likely replacement, «Заменить на «…»», for the operator to judge. `words`:
  // fixedWords(); `text`: the draft the finding was found in.
  function fixButton(d, words, text, onApply) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "fix" + (d.fix.safe ? "" : " unsafe");
    if (d.fix.safe) b.textContent = words ? `Исправить: «${shorten(words, 50)}»` : `Исправить: убрать «${shorten(d.match, 40)}»`;
    else b.textContent = words ? `Заменить на «${shorten(words, 50)}»` : `Убрать «${shorten(d.match, 40)}»`;
    b.title = d.fix.safe ? "Заменить, как предлагает правило" : "Проверьте: это лишь вероятная замена";
    b.addEventListener("click", (e) => {
      e.stopPropagation(); // the finding's own click (selecting its words) is not this one
      onApply(d, text); // with the text the fix is for: a draft changed since is not fixed
    });
    return b;
  }

  // A finding as the list shows it: the words quoted, the message, the rule's id, the suggestions
  // («Лучше: …», or with a fix «Или: …» for those the fix does not already write), and the fix's
  // button (onFix(d, text) applies it). The surface adds its own class and handlers.
  function findingItem(d, text, onFix, quoteMax) {
    const li = document.createElement("li");
    const quote = document.createElement("q");
    quote.textContent = shorten(d.match, quoteMax);
    quote.title = d.match;
    const message = document.createElement("span");
    message.className = "message";
    message.textContent = d.message;
    const rule = document.createElement("code");
    rule.className = "rule";
    rule.textContent = d.rule;
    li.append(quote, " ", message, " ", rule);
    const fixable = Boolean(d.fix && d.fix.edits && d.fix.edits.length);
    const words = fixable ? fixedWords(text, d.fix) : null;
    const others = (d.suggestions || []).filter((s) => words === null || !words.toLowerCase().includes(s.toLowerCase()));
    if (others.length) {
      const s = document.createElement("div");
      s.className = "suggestions";
      s.textContent = (fixable ? "Или: " : "Лучше: ") + others.join(" / ");
      li.append(s);
    }
    if (fixable) li.append(fixButton(d, words, text, onFix));
    return li;
  }

  function safeFixCount(diagnostics) {
    return diagnostics.filter((d) => d.fix && d.fix.safe).length;
  }

  // A finding's fix, made through `replace(start, end, text)` in the draft as it is now (`now`),
  // the last edit first so that the offsets of those before it still hold. The finding was found
  // in `text`: what was typed since moves its edits, and a change that touched them leaves the fix
  // to the next answer (false).
  function applyFix(d, text, now, replace) {
    const [kept] = shift(text, now, [d]);
    if (!kept) return false;
    for (const e of sortedEdits(kept.fix.edits).reverse()) replace(e.start_utf16, e.end_utf16, e.text);
    return true;
  }

  // One edit in a textarea, typed as the operator's own (execCommand keeps the textarea's undo, so
  // Ctrl+Z takes it back); setRangeText with an input event where execCommand is refused.
  function replaceInTextarea(el, start, end, text) {
    el.focus();
    el.setSelectionRange(start, end);
    const done = text ? document.execCommand("insertText", false, text) : document.execCommand("delete");
    if (!done) {
      el.setRangeText(text, start, end, "end");
      el.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertReplacementText", data: text }));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Until a new answer comes, the marks keep to their words: those after the edit shift, those it
  // touched go. A finding's fix moves with it (and the finding goes if the edit touched its fix).

  function shift(before, after, diagnostics) {
    if (before === after) return diagnostics;
    let head = 0;
    const most = Math.min(before.length, after.length);
    while (head < most && before[head] === after[head]) head++;
    let tail = 0;
    while (tail < most - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
    const changedEnd = before.length - tail; // the edit replaced before[head:changedEnd]
    const delta = after.length - before.length;
    const moved = (x) => ({ ...x, start_utf16: x.start_utf16 + delta, end_utf16: x.end_utf16 + delta });
    const out = [];
    for (const d of diagnostics) {
      const spans = d.fix ? [d, ...d.fix.edits] : [d];
      if (spans.every((x) => x.end_utf16 <= head)) out.push(d);
      else if (!spans.every((x) => x.start_utf16 >= changedEnd)) continue;
      else if (d.fix) out.push({ ...moved(d), fix: { ...d.fix, edits: d.fix.edits.map(moved) } });
      else out.push(moved(d));
    }
    return out;
  }

  return Object.freeze({ countsText, verdict, status, findingItem, safeFixCount, applyFix, replaceInTextarea, shift });
})();
