// The extension's service worker: it holds the settings, puts the content script on the chat sites
// the team lead set, and is the one that talks to `replylint serve`.
//
// Why the worker and not the content script: a content script's fetch is made for the chat page's
// origin, so it would need the service to allow every chat site by CORS, and an https chat page
// could not reach an http service at all (mixed content). The worker's requests come from
// chrome-extension://ID; with a host permission for the service's address (the options page asks
// for it, and 127.0.0.1/localhost are granted at install) Chrome needs no CORS answer at all, and
// without one the service lets the extension in with `--cors-origin chrome-extension://ID`.
"use strict";

importScripts("presets.js");

const SCRIPT_ID = "replylint-chat";
const CHECK_TIMEOUT_MS = 1000; // the content script keeps its own one-second limit too

async function loadSettings() {
  const { settings } = await chrome.storage.local.get("settings");
  if (settings) return { ...DEFAULT_SETTINGS, ...settings };
  return { ...DEFAULT_SETTINGS, ...(await packedDefaults()) };
}

// A zip built with `replylint extension --service URL` carries the team's defaults in defaults.json.
async function packedDefaults() {
  try {
    const response = await fetch(chrome.runtime.getURL("defaults.json"));
    return response.ok ? await response.json() : {};
  } catch (err) {
    return {};
  }
}

// The content script goes on every page of the sites' patterns that Chrome has given us access to.
async function registerContentScripts() {
  const settings = await loadSettings();
  const patterns = [];
  for (const site of settings.sites) {
    for (const pattern of site.patterns || []) {
      try {
        matchPatternToRegExp(pattern);
      } catch (err) {
        continue;
      }
      const granted = await chrome.permissions.contains({ origins: [permissionPattern(pattern)] });
      if (granted) patterns.push(permissionPattern(pattern));
    }
  }
  const existing = await chrome.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  if (existing.length) await chrome.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
  if (!patterns.length) return [];
  await chrome.scripting.registerContentScripts([
    { id: SCRIPT_ID, matches: [...new Set(patterns)], js: ["findings.js", "content.js"], runAt: "document_idle", persistAcrossSessions: true },
  ]);
  return patterns;
}

async function check(text, context) {
  const settings = await loadSettings();
  const headers = { "Content-Type": "application/json" };
  if (settings.token) headers["Authorization"] = "Bearer " + settings.token;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), CHECK_TIMEOUT_MS);
  try {
    const response = await fetch(settings.service.replace(/\/+$/, "") + "/v1/check", {
      method: "POST",
      headers,
      body: JSON.stringify({ text, context: context || {}, mode: "draft" }),
      signal: controller.signal,
      credentials: "omit",
    });
    let body = {};
    try {
      body = await response.json();
    } catch (err) {
      body = {};
    }
    if (response.status === 401) return { ok: false, reason: "сервис требует токен: проверьте его в настройках replylint" };
    if (!response.ok) return { ok: false, reason: `сервис ответил ${response.status}${body.error ? ": " + body.error : ""}` };
    return { ok: true, diagnostics: body.diagnostics || [] };
  } catch (err) {
    if (err && err.name === "AbortError") return { ok: false, reason: `сервис проверки не ответил за ${CHECK_TIMEOUT_MS / 1000} с` };
    return { ok: false, reason: "сервис проверки недоступен" };
  } finally {
    clearTimeout(timer);
  }
}

// Our own pages (the options page), as opposed to content scripts on chat pages.
function fromExtensionPage(sender) {
  return sender.id === chrome.runtime.id && typeof sender.url === "string" && sender.url.startsWith(chrome.runtime.getURL(""));
}

chrome.runtime.onMessage.addListener((message, sender, reply) => {
  if (message.type === "check") {
    check(message.text, message.context).then(reply);
    return true; // the answer comes asynchronously
  }
  if (message.type === "site") {
    // The content script asks which selectors hold for its page (never for the token).
    loadSettings().then((settings) => reply(siteFor(message.url, settings)));
    return true;
  }
  if (message.type === "settings" && fromExtensionPage(sender)) {
    loadSettings().then(reply); // for the options page only: content scripts never see the token
    return true;
  }
  if (message.type === "register" && fromExtensionPage(sender)) {
    registerContentScripts().then(
      (patterns) => reply({ ok: true, patterns }),
      (err) => reply({ ok: false, error: String(err && err.message ? err.message : err) })
    );
    return true;
  }
  return false;
});

chrome.runtime.onInstalled.addListener(() => registerContentScripts());
chrome.runtime.onStartup.addListener(() => registerContentScripts());
chrome.permissions.onAdded.addListener(() => registerContentScripts());
chrome.permissions.onRemoved.addListener(() => registerContentScripts());
chrome.action.onClicked.addListener(() => chrome.runtime.openOptionsPage());
