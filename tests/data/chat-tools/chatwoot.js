// The test page's "Chatwoot": an editor, Enter to send (a keydown listener on document, as
// ReplyBox.vue has), a send button. The page keeps its own model of the message, read from the
// editor on each input, as ProseMirror and Vue do; window.editorChanges lists every change to the
// editor's DOM, so a test can tell that only typing (and an applied fix) changed it.
"use strict";

(function () {
  const rich = new URLSearchParams(location.search).get("editor") !== "textarea";
  const slot = document.getElementById("editor-slot");
  let editor;
  if (rich) {
    slot.innerHTML = '<div class="input"><div class="ProseMirror-menubar-wrapper">' +
      '<div class="ProseMirror ProseMirror-woot-style" contenteditable="true" role="textbox" translate="no">' +
      '<p><br class="ProseMirror-trailingBreak"></p></div></div></div>';
    editor = slot.querySelector(".ProseMirror");
  } else {
    slot.innerHTML = '<textarea class="input" rows="3" placeholder="Shift + enter for new line"></textarea>';
    editor = slot.querySelector("textarea");
  }
  window.editorChanges = []; // what changed the editor's DOM, in the words of MutationObserver
  new MutationObserver((records) => {
    for (const r of records) window.editorChanges.push(`${r.type} ${r.target.nodeName} ${r.attributeName || ""}`.trim());
  }).observe(editor, { subtree: true, childList: true, characterData: true, attributes: true });

  let message = "";
  const read = () => (rich ? editor.innerText.replace(/\n$/, "") : editor.value);
  editor.addEventListener("input", () => { message = read(); });

  function send() {
    message = read();
    if (!message.trim()) return;
    const li = document.createElement("li");
    li.className = "right outgoing";
    li.textContent = message;
    document.getElementById("messages").append(li);
    if (rich) editor.innerHTML = '<p><br class="ProseMirror-trailingBreak"></p>';
    else editor.value = "";
    message = "";
  }

  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.metaKey && !e.ctrlKey && editor.contains(e.target)) {
      e.preventDefault();
      send();
    }
  });
  document.querySelector(".send-button").addEventListener("click", send);
  editor.focus();
})();
