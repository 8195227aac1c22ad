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
