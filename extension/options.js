// The options page: the service's address and token, and the chat sites with their selectors.
// Saving asks Chrome for access to the sites (the content script goes only where it is granted)
// and to the service's address (so the worker's requests need no CORS answer from the service).
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const sitesEl = $("sites");
  const template = $("site-template");
  const FIELDS = ["reply", "send", "client", "client_message"];

  function setStatus(el, kind, text) {
    el.className = "status " + kind;
    el.textContent = text;
  }

  function addSite(site) {
    const node = template.content.firstElementChild.cloneNode(true);
    const preset = node.querySelector(".preset");
    for (const [id, p] of Object.entries(PRESETS)) preset.append(new Option(p.title, id));
    const keys = node.querySelector(".keys");
    for (const [id, title] of Object.entries(SEND_KEYS)) keys.append(new Option(title, id));
    preset.value = site.preset in PRESETS ? site.preset : "custom";
    node.querySelector(".patterns").value = (site.patterns || []).join("\n");
    for (const field of FIELDS) node.querySelector("." + field).value = site[field] ?? PRESETS[preset.value][field];
    keys.value = site.keys || PRESETS[preset.value].keys;
    // Choosing a system fills its selectors in; they stay editable.
    preset.addEventListener("change", () => {
      const p = PRESETS[preset.value];
      for (const field of FIELDS) node.querySelector("." + field).value = p[field];
      keys.value = p.keys;
    });
    node.querySelector(".remove").addEventListener("click", () => node.remove());
    sitesEl.append(node);
  }

  function readForm() {
    const settings = { service: $("service").value.trim() || DEFAULT_SETTINGS.service, token: $("token").value.trim(), sites: [] };
    const problems = [];
    try {
      const url = new URL(settings.service);
      if (!/^https?:$/.test(url.protocol)) throw new Error();
    } catch (err) {
      problems.push(`«${settings.service}» не адрес сервиса: пишите как http://127.0.0.1:8765`);
    }
    for (const node of sitesEl.querySelectorAll("fieldset.site")) {
      const site = { preset: node.querySelector(".preset").value, keys: node.querySelector(".keys").value };
      site.patterns = node.querySelector(".patterns").value.split("\n").map((s) => s.trim()).filter(Boolean);
      for (const field of FIELDS) site[field] = node.querySelector("." + field).value.trim();
      if (!site.patterns.length) problems.push("у сайта нет адресов страниц");
      for (const pattern of site.patterns) {
        try {
          matchPatternToRegExp(pattern);
        } catch (err) {
          problems.push(err.message);
        }
      }
      if (!site.reply) problems.push("у сайта не указано поле ответа");
      for (const field of FIELDS) {
        if (!site[field]) continue;
        try {
          document.createDocumentFragment().querySelector(site[field]);
        } catch (err) {
          problems.push(`«${site[field]}» не CSS-селектор`);
        }
      }
      settings.sites.push(site);
    }
    return { settings, problems };
  }

  function isLoopback(service) {
    try {
      return ["127.0.0.1", "localhost", "[::1]"].includes(new URL(service).hostname);
    } catch (err) {
      return false;
    }
  }

  async function save() {
    const status = $("save-status");
    const { settings, problems } = readForm();
    if (problems.length) {
      setStatus(status, "error", "Не сохранено: " + problems.join("; "));
      return;
    }
    const origins = settings.sites.flatMap((s) => s.patterns.map(permissionPattern));
    if (!isLoopback(settings.service)) origins.push(serviceOriginPattern(settings.service));
    // Asked first, while the click still counts as the user's gesture.
    let granted = true;
    if (origins.length) {
      try {
        granted = await chrome.permissions.request({ origins: [...new Set(origins)] });
      } catch (err) {
        granted = false;
      }
    }
    await chrome.storage.local.set({ settings });
    const result = await chrome.runtime.sendMessage({ type: "register" });
    if (!result || !result.ok) {
      setStatus(status, "error", "Сохранено, но сайты не подключены: " + (result ? result.error : "нет ответа"));
    } else if (!granted) {
      setStatus(status, "error", "Сохранено, но Chrome не дал доступ к сайтам: на них проверки не будет, пока вы не разрешите доступ (снова «Сохранить»).");
    } else {
      const where = result.patterns.length ? "; проверяю ответы на: " + result.patterns.join(", ") : "";
      setStatus(status, "ok", "Сохранено" + where + ". Обновите открытые вкладки чата.");
    }
  }

  async function testService() {
    const status = $("service-status");
    const { settings, problems } = readForm();
    if (problems.length && !/^https?:\/\//.test(settings.service)) {
      setStatus(status, "error", problems[0]);
      return;
    }
    setStatus(status, "", "Проверяю…");
    const headers = { "Content-Type": "application/json" };
    if (settings.token) headers["Authorization"] = "Bearer " + settings.token;
    try {
      const response = await fetch(settings.service.replace(/\/+$/, "") + "/v1/check", {
        method: "POST",
        headers,
        body: JSON.stringify({ text: "Проверка связи." }),
      });
      if (response.status === 401) setStatus(status, "error", "Сервис отвечает, но токен неверный или не указан.");
      else if (!response.ok) setStatus(status, "error", `Сервис ответил ${response.status}.`);
      else setStatus(status, "ok", "Сервис отвечает, токен принят.");
    } catch (err) {
      setStatus(status, "error", "Сервис не отвечает: проверьте адрес, что он запущен, и доступ расширения к нему " +
        "(или его --cors-origin " + location.origin + ").");
    }
  }

  async function load() {
    const current = await chrome.runtime.sendMessage({ type: "settings" });
    $("service").value = current.service || DEFAULT_SETTINGS.service;
    $("token").value = current.token || "";
    for (const site of current.sites || []) addSite(site);
    if (!(current.sites || []).length) addSite({ preset: "chatwoot", patterns: [] });
  }

  $("add-site").addEventListener("click", () => addSite({ preset: "custom", patterns: [] }));
  $("save").addEventListener("click", save);
  $("test-service").addEventListener("click", testService);
  load();
})();
