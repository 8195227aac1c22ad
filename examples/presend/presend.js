// The pre-send check: what a chat tool calls before a reply goes out. Copy this file into your tool.
//
//   const result = await presendCheck(text, context, { service: "http://127.0.0.1:8765" });
//
// resolves (it never rejects) to one of:
//   { verdict: "send", diagnostics }       no errors or warnings (there may be infos): send it
//   { verdict: "confirm", diagnostics }    warnings: show them and ask the operator to confirm
//   { verdict: "block", diagnostics }      errors: do not send; show the messages
//   { verdict: "unchecked", reason }       the service did not answer in time, or could not check:
//                                          send anyway (fail-open) and say it was not checked
//
// Each diagnostic may carry a `fix` ({safe, edits: [{start_utf16, end_utf16, text}]}): applyFix(text, d.fix)
// gives the text with it applied, and
//
//   const fixed = await presendFix(text, context, options);   // { text, applied, diagnostics } or null
//
// asks the service to apply every safe fix, as `replylint check --fix` does (null: not fixed).
//
// `context` takes the keys of the draft's front matter: client, student, lesson, client_message, …
// The service must allow this page's origin: `replylint serve --cors-origin https://chat.example`.
"use strict";

async function presendCheck(text, context, options = {}) {
  const service = (options.service || "http://127.0.0.1:8765").replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 1000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const headers = { "Content-Type": "application/json" };
  if (options.token) headers["Authorization"] = "Bearer " + options.token;
  try {
    const response = await fetch(service + "/v1/check", {
      method: "POST",
      headers,
      body: JSON.stringify({ text, context: context || {}, mode: "draft" }),
      signal: controller.signal,
    });
    const body = await response.json(); // still under the same time limit
    if (!response.ok) {
      return { verdict: "unchecked", reason: `сервис ответил ${response.status}: ${body.error || ""}`.trim() };
    }
    const diagnostics = body.diagnostics || [];
    if (diagnostics.some((d) => d.severity === "error")) return { verdict: "block", diagnostics };
    if (diagnostics.some((d) => d.severity === "warning")) return { verdict: "confirm", diagnostics };
    return { verdict: "send", diagnostics };
  } catch (err) {
    const reason = err && err.name === "AbortError"
      ? `сервис проверки не ответил за ${timeoutMs / 1000} с`
      : "сервис проверки недоступен";
    return { verdict: "unchecked", reason };
  } finally {
    clearTimeout(timer);
  }
}

function _presendRequest(path, payload, options) {
  const service = (options.service || "http://127.0.0.1:8765").replace(/\/+$/, "");
  const headers = { "Content-Type": "application/json" };
  if (options.token) headers["Authorization"] = "Bearer " + options.token;
  return fetch(service + path, { method: "POST", headers, body: JSON.stringify(payload) });
}

async function presendFix(text, context, options = {}) {
  try {
    const response = await _presendRequest("/v1/fix", { text, context: context || {}, mode: "draft" }, options);
    if (!response.ok) return null;
    return await response.json();
  } catch (err) {
    return null;
  }
}

// The text with one fix's edits made (offsets in JavaScript string indices, applied from the end).
function applyFix(text, fix) {
  const edits = [...fix.edits].sort((a, b) => b.start_utf16 - a.start_utf16);
  for (const e of edits) text = text.slice(0, e.start_utf16) + e.text + text.slice(e.end_utf16);
  return text;
}
