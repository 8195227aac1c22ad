// A mock chat tool: one conversation and a Send button that asks replylint first (presend.js).
// Errors block the reply with the messages shown, warnings ask for a confirmation, and a service that
// does not answer within one second lets the reply go out marked "не проверено".
//
// Query parameters: ?service=http://127.0.0.1:8765 (the replylint serve address), &token=… (its --token).
"use strict";

(function () {
  const params = new URLSearchParams(location.search);
  const options = {
    service: params.get("service") || "http://127.0.0.1:8765",
    token: params.get("token") || "",
    timeoutMs: 1000,
  };
  // What the chat tool knows about the conversation, sent as the draft's context.
  const conversation = {
    client: "Анна Сергеевна",
    student: "Миша",
    lesson: "2026-11-24 18:30",
    client_message: "Здравствуйте! Мише не подходит преподаватель, можно сменить его до урока во вторник?",
  };

  const $ = (id) => document.getElementById(id);
  const messages = $("messages");
  const draft = $("draft");
  const send = $("send");
  const panel = $("presend");

  $("client-name").textContent = conversation.client;
  $("meta").textContent = `ученик: ${conversation.student} · урок: ${conversation.lesson}`;
  addMessage("client", conversation.client_message);

  function addMessage(who, text, note, noteClass) {
    const div = document.createElement("div");
    div.className = "msg " + who;
    div.textContent = text;
    if (note) {
      const n = document.createElement("span");
      n.className = "note " + (noteClass || "");
      n.textContent = note;
      div.append(n);
    }
    messages.append(div);
    return div;
  }

  function deliver(text, note, noteClass) {
    addMessage("operator", text, note, noteClass);
    draft.value = "";
    hidePanel();
  }

  function hidePanel() {
    panel.hidden = true;
    panel.className = "";
    panel.replaceChildren();
  }

  function showPanel(kind, title, diagnostics, buttons) {
    panel.className = kind;
    const h = document.createElement("h3");
    h.textContent = title;
    const ul = document.createElement("ul");
    for (const d of diagnostics.filter((d) => d.severity !== "info" || d.fix)) {
      const li = document.createElement("li");
      li.className = d.severity;
      li.textContent = `«${d.match}»: ${d.message}`;
      if (d.fix) {
        // one click: the finding's own fix, made in the draft; worded as on the service's page and
        // in the extension: a safe fix «Исправить: …», a likely one «Заменить на …», a deletion «Убрать …»
        const words = d.fix.edits.map((e) => e.text).filter(Boolean).join(" … ");
        const label = !words ? `Убрать «${d.match}»` : d.fix.safe ? `Исправить: «${words}»` : `Заменить на «${words}»`;
        li.append(" ", button("", label, () => {
          draft.value = applyFix(draft.value, d.fix);
          hidePanel();
          draft.focus();
        }));
        li.lastChild.className = d.fix.safe ? "fix" : "fix unsafe";
      }
      ul.append(li);
    }
    panel.replaceChildren(h, ul, ...buttons);
    panel.hidden = false;
  }

  // "Исправить": the service applies every safe fix; the operator reads the result and sends again.
  async function fixDraft(diagnostics) {
    if (diagnostics.some((d) => d.fix && d.fix.safe)) {
      const fixed = await presendFix(draft.value, conversation, options);
      if (fixed) draft.value = fixed.text;
    }
    hidePanel();
    draft.focus();
  }

  function fixButton(diagnostics) {
    const safe = diagnostics.filter((d) => d.fix && d.fix.safe).length;
    return button("cancel-send", safe ? `Исправить (${safe})` : "Исправить", () => fixDraft(diagnostics), false);
  }

  function button(id, label, onClick, primary) {
    const b = document.createElement("button");
    if (id) b.id = id;
    b.textContent = label;
    if (primary) b.className = "primary";
    b.addEventListener("click", onClick);
    return b;
  }

  draft.addEventListener("input", hidePanel); // a confirmation is for the text that was checked

  send.addEventListener("click", async () => {
    const text = draft.value;
    if (!text.trim()) return;
    send.disabled = true;
    send.textContent = "Проверяю…";
    const result = await presendCheck(text, conversation, options);
    send.disabled = false;
    send.textContent = "Отправить";
    if (result.verdict === "send") {
      deliver(text, "проверено replylint");
    } else if (result.verdict === "unchecked") {
      deliver(text, "не проверено: " + result.reason, "unchecked");
    } else if (result.verdict === "block") {
      const fixable = result.diagnostics.some((d) => d.fix && d.fix.safe);
      showPanel("blocked", "Не отправлено: исправьте ошибки", result.diagnostics, fixable ? [fixButton(result.diagnostics)] : []);
    } else {
      showPanel("confirm", "Есть предупреждения. Отправить всё равно?", result.diagnostics, [
        button("confirm-send", "Отправить всё равно", () => deliver(text, "отправлено с предупреждениями"), true),
        document.createTextNode(" "),
        fixButton(result.diagnostics),
      ]);
    }
  });
})();
