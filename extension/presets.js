// What the service worker and the options page share: the presets of selectors for common chat
// tools, the default settings, and Chrome's match patterns ("https://chat.example.com/*") read as
// regular expressions. Loaded with importScripts() by background.js and with <script> by options.html.
//
// Each preset's selectors were read off the tool's public source (the file named beside it); a
// team whose version differs edits them on the options page. A selector may be a list separated
// by commas: the first visible match is used.
"use strict";

const PRESETS = {
  chatwoot: {
    title: "Chatwoot",
    // app/javascript/dashboard/components/widgets/conversation/ReplyBox.vue: the reply box is
    // <div class="reply-box"> holding either WootMessageEditor (WootWriter/Editor.vue: ProseMirror,
    // <div class="ProseMirror ProseMirror-woot-style" contenteditable="true">) or ResizableTextArea
    // (<textarea class="input">); the send button is ReplyBottomPanel.vue's button in .right-wrap.
    // Enter sends (ReplyBox listens for keydown on document), unless the agent chose Cmd+Enter.
    reply: ".reply-box .ProseMirror[contenteditable='true'], .reply-box textarea",
    send: ".reply-box .bottom-box .right-wrap button, .reply-box .right-wrap button",
    client: "",
    client_message: "",
    keys: "enter",
  },
  zammad: {
    title: "Zammad",
    // app/assets/javascripts/app/views/ticket_zoom/article_new.jst.eco and Zammad's own system
    // tests (find('.articleNewEdit-body').send_keys(...); click '.js-submit'): the reply is a
    // contenteditable .articleNewEdit-body in the active tab; customers' articles are
    // .ticket-article-item.customer with the text in .richtext-content.
    reply: ".active.content .article-new .articleNewEdit-body",
    send: ".active.content .js-submit",
    client: "",
    client_message: ".active.content .ticket-article-item.customer .richtext-content",
    keys: "none",
  },
  osticket: {
    title: "osTicket (ответ сотрудника)",
    // include/staff/ticket-view.inc.php: <form id="reply"> with <textarea name="response"
    // id="response" class="richtext ...">, which the Redactor editor replaces with a contenteditable
    // (.redactor-editor in Redactor 2, .redactor-in in Redactor 3) when HTML is on; the button is
    // <input class="btn btn-primary" type="submit" value="Post Reply">.
    reply: "form#reply .redactor-in, form#reply .redactor-editor, form#reply textarea#response",
    send: "form#reply input[type='submit']",
    client: "",
    client_message: "",
    keys: "none",
  },
  custom: {
    title: "Свои селекторы",
    reply: "textarea, [contenteditable='true']",
    send: "",
    client: "",
    client_message: "",
    keys: "enter",
  },
};

// keys: which keyboard shortcut sends the reply in the tool, and so is held back on errors.
const SEND_KEYS = {
  enter: "Enter (Shift+Enter — новая строка)",
  "mod-enter": "Ctrl+Enter или ⌘+Enter",
  both: "Enter и Ctrl+Enter",
  none: "только кнопка",
};

const DEFAULT_SETTINGS = {
  service: "http://127.0.0.1:8765", // `replylint serve` on the operator's own machine
  token: "",
  sites: [], // {patterns: ["https://chat.example.com/*"], preset, reply, send, client, client_message, keys}
};

// A Chrome match pattern as a RegExp (scheme://host/path, "*" wildcards; "*." before a host means
// the host and its subdomains). Throws an Error with a message for the options page when malformed.
function matchPatternToRegExp(pattern) {
  const m = /^(\*|https?):\/\/(\*|(?:\*\.)?[^/*:]+)(?::(\d+|\*))?(\/.*)$/.exec(pattern.trim());
  if (!m) {
    throw new Error(`«${pattern}» не шаблон адреса: пишите как https://chat.example.com/*`);
  }
  const [, scheme, host, port, path] = m;
  const esc = (s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
  const schemeRe = scheme === "*" ? "https?" : scheme;
  let hostRe;
  if (host === "*") hostRe = "[^/]+";
  else if (host.startsWith("*.")) hostRe = "(?:[^/]+\\.)?" + esc(host.slice(2));
  else hostRe = esc(host);
  // Chrome ignores the port in a pattern without one; so do we.
  const portRe = port && port !== "*" ? ":" + port : "(?::\\d+)?";
  const pathRe = esc(path).replace(/\*/g, ".*");
  return new RegExp(`^${schemeRe}://${hostRe}${portRe}${pathRe}$`);
}

// The pattern Chrome's permissions API takes for a match pattern (it has no ports).
function permissionPattern(pattern) {
  return pattern.trim().replace(/^(\w+|\*):\/\/([^/]+?)(?::(?:\d+|\*))?\//, "$1://$2/");
}

// The site entry whose patterns match `url`, or null.
function siteFor(url, settings) {
  for (const site of settings.sites || []) {
    for (const pattern of site.patterns || []) {
      try {
        if (matchPatternToRegExp(pattern).test(url)) return site;
      } catch (err) {
        // a malformed pattern was refused by the options page; ignore one that slipped in
      }
    }
  }
  return null;
}

// The origin permission pattern of the service address ("http://10.0.0.5:8765" -> "http://10.0.0.5/*").
function serviceOriginPattern(service) {
  const url = new URL(service);
  return `${url.protocol}//${url.hostname}/*`;
}
