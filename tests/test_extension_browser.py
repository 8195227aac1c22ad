"""The Chromium extension in a real browser: Debian's Chromium, driven by Playwright, with the
extension unpacked from the zip `replylint extension` builds, in a persistent profile (extensions
need one), headless.

The chat pages are local copies of real reply boxes (tests/data/chat-tools): Chatwoot's, with its
ProseMirror contenteditable and with its plain textarea, and osTicket's staff reply form. The
extension is set up as a team lead does it, on its options page: the service's address, the
Chatwoot preset for one page, the osTicket preset with custom selectors for the client's name and
message for the other. A real `replylint serve` checks the drafts. Screenshots go to the test's
temporary folder.
"""
from __future__ import annotations

import re
import subprocess
import zipfile

import pytest

from browser_support import ARGS, CHROMIUM, OVERLAY, REPO, REPLYLINT, measure_latency, silent_service, started_services, static_server

if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium: install the Debian package (apt-get install chromium) for the browser test",
                allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[dev]'")
pytest.importorskip("starlette", reason="the serve extra is not installed: pip install -e '.[dev]'")

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from replylint.extension import EXTENSION_ID  # noqa: E402

expect.set_options(timeout=10_000)

PAGES = REPO / "tests" / "data" / "chat-tools"
REFUSAL = "Анна Сергеевна, сменить преподавателя не получится"
BAD = REFUSAL + "."
REASON = ", потому что все преподаватели заняты. Зато можем подобрать другого преподавателя до вторника, пришлём варианты сегодня до 18:00."
WARN = "Анна Сергеевна, ваше обращение очень важно для нас. Подберём Мише другого преподавателя и пришлём варианты сегодня до 18:00."
GOOD = "Анна Сергеевна, добрый день! Подберём Мише другого преподавателя и пришлём варианты сегодня до 18:00."


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("extension")
    with static_server(PAGES) as pages, silent_service() as silent, started_services(
        folder, [], ["--host", "127.0.0.2", "--cors-origin", f"chrome-extension://{EXTENSION_ID}"], fail=pytest.fail
    ) as service_urls:
        # While the services warm up: the extension as operators get it, the zip the project's
        # command builds, unpacked, and Chromium with it.
        zip_path = folder / "replylint-extension.zip"
        built = subprocess.run([str(REPLYLINT), "extension", "--out", str(zip_path)], capture_output=True, text=True, timeout=60)
        assert built.returncode == 0, built.stderr
        unpacked = folder / "unpacked"
        zipfile.ZipFile(zip_path).extractall(unpacked)
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                str(folder / "profile"), executable_path=str(CHROMIUM), headless=True,
                args=[*ARGS, f"--disable-extensions-except={unpacked}", f"--load-extension={unpacked}"],
                viewport={"width": 1100, "height": 760}, locale="ru-RU",
            )
            worker = context.service_workers[0] if context.service_workers else context.wait_for_event("serviceworker")
            assert worker.url.startswith(f"chrome-extension://{EXTENSION_ID}/")  # the ID the README gives for CORS
            service, cors_service = service_urls()
            yield {"context": context, "worker": worker, "pages": pages, "service": service, "cors_service": cors_service,
                   "silent": silent, "folder": folder}
            context.close()


def open_options(env):
    page = env["context"].new_page()
    page.goto(f"chrome-extension://{EXTENSION_ID}/options.html")
    return page


def set_service(env, url):
    """Another service address, in the settings the options page saved (`configured` goes through
    the page itself); the worker reads them for every check."""
    env["worker"].evaluate("""async (url) => {
        const { settings } = await chrome.storage.local.get('settings');
        await chrome.storage.local.set({ settings: { ...settings, service: url } });
    }""", url)


@pytest.fixture(scope="module")
def configured(env):
    """The options page: the service, and for each page its tool's preset with custom selectors for
    the client's name and message (which become the context), as a team lead sets them."""
    page = open_options(env)
    page.fill("#service", env["service"])
    chatwoot = page.locator("fieldset.site").nth(0)
    expect(chatwoot.locator(".preset")).to_have_value("chatwoot")
    expect(chatwoot.locator(".reply")).to_have_value(".reply-box .ProseMirror[contenteditable='true'], .reply-box textarea")
    chatwoot.locator(".patterns").fill(f"{env['pages']}/chatwoot.html*")
    chatwoot.locator(".client").fill(".conversation-header .contact-name")
    chatwoot.locator(".client_message").fill(".conversation-panel li.incoming")
    page.click("#add-site")
    osticket = page.locator("fieldset.site").nth(1)
    osticket.locator(".preset").select_option("osticket")
    expect(osticket.locator(".send")).to_have_value("form#reply input[type='submit']")
    osticket.locator(".patterns").fill(f"{env['pages']}/osticket.html*")
    osticket.locator(".client").fill("h2 .ticket-user")
    osticket.locator(".client_message").fill("#ticketThread .thread-entry.message .thread-body")
    page.screenshot(path=str(env["folder"] / "options.png"), full_page=True)
    page.click("#save")
    status = page.locator("#save-status")
    expect(status).to_have_class("status ok")
    expect(status).to_contain_text("chatwoot.html")
    page.close()
    return env


@pytest.fixture
def chat(configured):
    """Open a chat page: chat("chatwoot.html?editor=textarea"); the page's JavaScript errors fail the test."""
    pages, errors = [], []

    def open_page(path):
        page = configured["context"].new_page()
        page.set_default_timeout(10_000)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{configured['pages']}/{path}")
        page.locator(OVERLAY).wait_for(state="attached")  # the content script is in
        pages.append(page)
        return page

    yield open_page
    for page in pages:
        page.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def panel(page):
    return page.locator(f"{OVERLAY} .panel")


def marks(page, severity="error"):
    return page.locator(f"{OVERLAY} .mark.{severity}")


def sent(page):
    return page.locator("#messages li.outgoing")


def chatwoot_typed(chat, editor, text, delay=None):
    """Chatwoot's page with its rich or textarea editor, `text` typed into the reply box key by key
    (with `delay` ms between keys), or put in at once as a paste is."""
    page = chat(f"chatwoot.html?editor={editor}")
    box = page.locator(".reply-box .ProseMirror" if editor == "rich" else ".reply-box textarea")
    box.click()
    if delay is None:
        page.keyboard.insert_text(text)
    else:
        page.keyboard.type(text, delay=delay)
    return page, box


# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("editor", ["rich", "textarea"])
def test_chatwoot_marks_the_words_and_enter_is_held_back_on_an_error(chat, editor, tmp_path):
    page, _ = chatwoot_typed(chat, editor, REFUSAL, delay=5)
    page.evaluate("window.editorChanges = []")  # from here on, nothing but the operator changes the editor

    expect(panel(page).locator(".status")).to_contain_text("Не отправляйте")
    mark = marks(page).first
    expect(mark).to_be_visible()
    # the mark lies on the words «не получится» in the box
    word = page.evaluate("""(rich) => {
        const box = document.querySelector(rich ? '.ProseMirror' : '.reply-box textarea');
        return rich ? (() => { const t = box.querySelector('p').firstChild; const i = t.data.indexOf('не получится');
                               const r = document.createRange(); r.setStart(t, i); r.setEnd(t, i + 12);
                               const b = r.getBoundingClientRect(); return {x: b.x, y: b.y, width: b.width}; })()
                    : null; }""", editor == "rich")
    box_rect = mark.bounding_box()
    if word:
        assert abs(box_rect["x"] - word["x"]) < 2 and abs(box_rect["width"] - word["width"]) < 2
    expect(panel(page).locator("li.error").first).to_contain_text("не получится")
    expect(panel(page)).to_contain_text("Отказ без альтернативы")

    page.keyboard.press("Enter")
    expect(panel(page).locator(".notice.blocked")).to_contain_text("Не отправлено")
    expect(sent(page)).to_have_count(0)
    assert page.evaluate("window.editorChanges") == []  # the check, the marks and the held-back Enter left the editor alone
    page.screenshot(path=str(tmp_path / f"chatwoot-{editor}-blocked.png"))

    # The caret is where it was: typing goes on at the end of the draft, then Enter sends a good reply.
    page.keyboard.type(REASON, delay=2)
    expect(panel(page).locator(".status")).to_contain_text("Можно отправлять")
    expect(marks(page)).to_have_count(0)
    page.keyboard.press("Enter")
    expect(sent(page)).to_have_count(1)
    expect(sent(page)).to_have_text(REFUSAL + REASON)


def test_chatwoot_asks_to_confirm_warnings_and_a_good_draft_goes(chat, tmp_path):
    page = chat("chatwoot.html?editor=textarea")
    page.locator(".reply-box textarea").fill(WARN)
    expect(panel(page).locator(".status")).to_contain_text("Проверьте перед отправкой")
    expect(marks(page, "warning").first).to_be_visible()
    page.click(".send-button")
    confirm = panel(page).locator(".notice.confirm")
    expect(confirm).to_contain_text("Отправить всё равно?")
    expect(sent(page)).to_have_count(0)
    page.screenshot(path=str(tmp_path / "chatwoot-confirm.png"))
    confirm.locator(".confirm-send").click()
    expect(sent(page)).to_have_count(1)
    expect(sent(page)).to_have_text(WARN)

    # A clean draft goes at once, by the button or by Enter, with no question.
    page.locator(".reply-box textarea").fill(GOOD)
    expect(panel(page).locator(".status")).to_contain_text("Можно отправлять")
    page.click(".send-button")
    expect(sent(page)).to_have_count(2)
    expect(sent(page).nth(1)).to_have_text(GOOD)
    expect(panel(page).locator(".notice")).to_be_hidden()


def test_a_send_before_the_answer_waits_for_it(chat):
    """Enter pressed right after typing, before the debounced check: the send waits for the answer."""
    page = chat("chatwoot.html?editor=rich")
    page.locator(".ProseMirror").click()
    page.keyboard.insert_text(BAD)
    page.keyboard.press("Enter")
    expect(panel(page).locator(".notice.blocked")).to_be_visible()
    expect(sent(page)).to_have_count(0)


def test_osticket_form_is_held_back_and_the_client_comes_from_the_page(chat, tmp_path):
    page = chat("osticket.html")
    response = page.locator("#response")
    # «Елена» is not the client the page names (Анна Сергеевна): the custom selector made it the context.
    response.fill("Елена, здравствуйте! Подберём Мише другого преподавателя и пришлём варианты сегодня до 18:00.")
    expect(panel(page).locator("li.error")).to_contain_text("Елена")
    # the panel, below the box here, leaves the form's button free for the operator's click
    assert page.evaluate("""() => { const b = document.querySelector('input[type=submit]').getBoundingClientRect();
        return document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2).type; }""") == "submit"
    page.click("input[type=submit]")
    expect(panel(page).locator(".notice.blocked")).to_be_visible()
    expect(page.locator(".thread-entry.response")).to_have_count(0)
    page.screenshot(path=str(tmp_path / "osticket-blocked.png"))
    response.fill(GOOD)
    expect(panel(page).locator(".status")).to_contain_text("Можно отправлять")
    page.click("input[type=submit]")
    expect(page.locator(".thread-entry.response .thread-body")).to_have_text(GOOD)


# «Елена» is not the client the page names (Анна Сергеевна): the service's safe fix is «Анна»;
# «!!!» after the emoji is shouting, fixed to «!» at offsets that count the emoji as two.
COPIED = "Елена, добрый день! Подберём Мише другого преподавателя 🙂 и пришлём варианты сегодня до 18:00!!!"
FIXED = COPIED.replace("Елена", "Анна").replace("!!!", "!")


@pytest.mark.parametrize("editor", ["rich", "textarea"])
def test_a_fix_is_applied_in_one_click_and_undone_with_ctrl_z(chat, editor, tmp_path):
    page, box = chatwoot_typed(chat, editor, COPIED)
    name_fix = panel(page).locator("li.error button.fix")
    expect(name_fix).to_have_text("Исправить: «Анна»")  # worded as on the service's page
    expect(name_fix).to_have_class("fix")  # a safe fix: not marked
    expect(panel(page).locator("li.error .suggestions")).to_have_text("Или: Анна Сергеевна")  # what the fix does not write
    page.screenshot(path=str(tmp_path / f"fix-{editor}-before.png"))

    def read():
        return box.inner_text().strip() if editor == "rich" else box.input_value()

    panel(page).locator("li.warning button.fix").click()  # «Исправить: «!»», after the emoji
    expect(panel(page).locator("button.fix")).to_have_count(1)  # answered again: the name is left
    assert read() == COPIED.replace("!!!", "!")
    name_fix.click()
    assert read() == FIXED
    expect(panel(page).locator(".status")).to_contain_text("Можно отправлять")
    expect(marks(page)).to_have_count(0)
    page.screenshot(path=str(tmp_path / f"fix-{editor}-after.png"))

    # the chat's editor saw an ordinary edit: its own undo takes the last fix back
    page.keyboard.press("Control+z")
    assert read() == COPIED.replace("!!!", "!")
    expect(panel(page).locator(".status")).to_contain_text("Не отправляйте")
    # and the chat's own model of the message followed the fix
    page.keyboard.press("Control+Shift+z")
    expect(panel(page).locator(".status")).to_contain_text("Можно отправлять")
    page.keyboard.press("Enter")
    expect(sent(page)).to_have_text(FIXED)


@pytest.mark.parametrize("editor", ["rich", "textarea"])
def test_every_safe_fix_is_applied_at_once(chat, editor, tmp_path):
    page, box = chatwoot_typed(chat, editor, COPIED)
    fix_all = panel(page).locator("button.fix-all")
    expect(fix_all).to_have_text("Исправить всё (2)")  # the name and the marks, as on the service's page
    fix_all.click()
    read = (lambda: box.inner_text().strip()) if editor == "rich" else box.input_value
    assert read() == FIXED
    expect(panel(page).locator(".status")).to_contain_text("Можно отправлять")
    expect(fix_all).to_have_count(0)
    page.screenshot(path=str(tmp_path / f"fix-all-{editor}.png"))


def test_an_unsafe_fix_is_marked_and_offered_as_a_likely_replacement(chat):
    """«Анна» is already named in the draft, so «Елена» may be someone else: the service's fix is
    unsafe, and the list says so as the service's page does."""
    page = chat("chatwoot.html?editor=textarea")
    page.locator(".reply-box textarea").fill("Елена, добрый день! Для Анны подберём другого преподавателя и пришлём варианты сегодня до 18:00.")
    fix = panel(page).locator("li.error button.fix")
    expect(fix).to_have_text("Заменить на «Анна»")
    expect(fix).to_have_class("fix unsafe")
    expect(fix).to_have_attribute("title", "Проверьте: это лишь вероятная замена")
    fix.click()
    expect(page.locator(".reply-box textarea")).to_have_value(re.compile("^Анна, добрый день! Для Анны"))


def test_a_service_that_does_not_answer_lets_the_reply_go_unchecked(chat, configured, tmp_path):
    set_service(configured, configured["silent"])
    try:
        page, _ = chatwoot_typed(chat, "rich", BAD, delay=2)
        page.keyboard.press("Enter")
        expect(sent(page)).to_have_count(1, timeout=5_000)
        expect(sent(page)).to_have_text(BAD)
        expect(panel(page).locator(".notice.unchecked")).to_contain_text("не проверено")
        page.screenshot(path=str(tmp_path / "unchecked.png"))
    finally:
        set_service(configured, configured["service"])


def test_a_stopped_service_fails_open_too(chat, configured):
    """The service process gone (connection refused), not hanging."""
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()
    set_service(configured, closed)
    try:
        page = chat("chatwoot.html?editor=textarea")
        page.locator(".reply-box textarea").fill(BAD)
        expect(panel(page).locator(".status")).to_contain_text("не проверено")
        page.click(".send-button")
        expect(sent(page)).to_have_text(BAD)
        expect(panel(page).locator(".notice.unchecked")).to_contain_text("сервис проверки недоступен")
    finally:
        set_service(configured, configured["service"])


def test_a_service_elsewhere_lets_the_extension_in_by_cors(chat, configured):
    """A service the extension has no host permission for: the worker's request is a CORS request from
    chrome-extension://ID, which `--cors-origin chrome-extension://ID` allows."""
    worker = configured["worker"]
    set_service(configured, configured["cors_service"])
    try:
        assert not worker.evaluate("(url) => chrome.permissions.contains({ origins: [url + '/*'] })", configured["cors_service"])
        page = chat("chatwoot.html?editor=textarea")
        page.locator(".reply-box textarea").fill(BAD)
        expect(panel(page).locator(".status")).to_contain_text("Не отправляйте")
    finally:
        set_service(configured, configured["service"])


def test_a_check_reaches_the_operator_soon_after_the_last_keystroke(chat, tmp_path):
    """Not a timed assertion: the figure is printed (and kept in the tmp folder); bench/extension.py
    measures it over many runs."""
    page = chat("chatwoot.html?editor=rich")
    times = measure_latency(page, runs=3)
    line = f"check shown after the last keystroke, 1,000-character draft: {', '.join(f'{t:.0f} ms' for t in times)}"
    (tmp_path / "latency.txt").write_text(line + "\n", encoding="utf-8")
    print(line)
    assert len(times) == 3
