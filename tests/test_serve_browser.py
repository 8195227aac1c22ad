"""`replylint serve` in a real browser: headless Chromium (the Debian package) driven by Playwright.

`replylint serve` runs as a process on a free loopback port. The operator's page is opened from it;
the mock chat page (examples/presend) is served from another origin by a tiny static server, as a
team's chat tool would be, and reaches the service through `--cors-origin`. Screenshots go to the
test's temporary folder.

Playwright's own browser download is not used: the test launches /usr/bin/chromium (`.ci/run`
installs it with apt-get when it is missing) and is skipped, saying why, when it is not there.
"""
from __future__ import annotations

import re
import time

import pytest

from browser_support import ARGS, CHROMIUM, REPO, silent_service, started_services, static_server

if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium: install the Debian package (apt-get install chromium) for the browser test",
                allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[dev]'")
pytest.importorskip("starlette", reason="the serve extra is not installed: pip install -e '.[dev]'")

from playwright.sync_api import expect, sync_playwright  # noqa: E402

expect.set_options(timeout=10_000)  # a loaded CI machine is slower than a desk

PRESEND = REPO / "examples" / "presend"

BAD = "Сменить преподавателя не получится."
GOOD = ("Анна Сергеевна, добрый день! Спасибо, что написали. Подберём Мише другого преподавателя "
        "и пришлём варианты сегодня до 18:00.")


@pytest.fixture(scope="module")
def servers(tmp_path_factory, request):
    folder = tmp_path_factory.mktemp("serve")
    with static_server(PRESEND) as chat, silent_service() as silent:
        with started_services(folder, ["--cors-origin", chat], ["--token", "s3cret"], fail=pytest.fail) as urls:
            request.getfixturevalue("browser")  # Chromium starts while the services warm up
            service, with_token = (url + "/" for url in urls())
            yield {"service": service, "chat": chat, "silent": silent, "with_token": with_token}


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 800}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def test_page_marks_a_refusal_as_it_is_typed(servers, page, tmp_path):
    page.goto(servers["service"])
    page.fill("#client", "Анна Сергеевна")
    page.fill("#student", "Миша")  # the good draft below names him
    page.click("#draft")
    page.keyboard.type(BAD, delay=10)  # typed, so the check is debounced as for an operator

    mark = page.locator("#backdrop mark.mark.error")
    expect(mark).to_have_count(1)
    expect(mark).to_have_text("не получится")  # the mark sits on the exact words
    expect(page.locator("#status")).to_have_class(re.compile(r"\berror\b"))
    errors = page.locator("#findings .group.error")
    expect(errors).to_contain_text("Ошибки")
    expect(errors).to_contain_text("Отказ без альтернативы")

    box = mark.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = page.locator("#tooltip")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text("Отказ без альтернативы")
    page.screenshot(path=str(tmp_path / "page-refusal.png"))

    page.fill("#draft", GOOD)
    expect(page.locator("#status")).to_have_text(re.compile("Можно отправлять"))
    expect(page.locator("#findings .all-clear")).to_be_visible()
    expect(page.locator("#backdrop mark")).to_have_count(0)
    page.screenshot(path=str(tmp_path / "page-clean.png"))


def test_marks_land_on_the_words_after_emoji(servers, page):
    """Offsets in UTF-16: an emoji before the refusal must not shift the mark."""
    page.goto(servers["service"])
    page.fill("#draft", "🙂🙂 " + BAD)
    expect(page.locator("#backdrop mark.mark.error")).to_have_text("не получится")


def test_mock_chat_blocks_a_bad_draft_and_sends_a_good_one(servers, page, tmp_path):
    page.goto(f"{servers['chat']}/?service={servers['service']}")
    page.fill("#draft", "Анна Сергеевна, " + BAD[0].lower() + BAD[1:])
    page.click("#send")
    panel = page.locator("#presend.blocked")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Не отправлено")
    expect(panel).to_contain_text("Отказ без альтернативы")
    expect(page.locator(".msg.operator")).to_have_count(0)
    expect(page.locator("#draft")).not_to_have_value("")  # the draft stays for the operator to fix
    page.screenshot(path=str(tmp_path / "chat-blocked.png"))

    page.fill("#draft", GOOD)
    page.click("#send")
    sent = page.locator(".msg.operator")
    expect(sent).to_have_count(1)
    expect(sent).to_contain_text("Подберём Мише")
    expect(sent.locator(".note")).to_have_text("проверено replylint")
    expect(page.locator("#presend")).to_be_hidden()
    page.screenshot(path=str(tmp_path / "chat-sent.png"))


def test_mock_chat_asks_to_confirm_warnings(servers, page):
    page.goto(f"{servers['chat']}/?service={servers['service']}")
    page.fill("#draft", "Анна Сергеевна, ваше обращение очень важно для нас. " + GOOD.split("! ", 1)[1])
    page.click("#send")
    panel = page.locator("#presend.confirm")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Отправить всё равно?")
    expect(page.locator(".msg.operator")).to_have_count(0)
    page.click("#confirm-send")
    expect(page.locator(".msg.operator .note")).to_have_text("отправлено с предупреждениями")


def test_mock_chat_fails_open_when_the_service_does_not_answer(servers, page, tmp_path):
    page.goto(f"{servers['chat']}/?service={servers['silent']}")
    page.fill("#draft", BAD)
    started = time.monotonic()
    page.click("#send")
    note = page.locator(".msg.operator .note.unchecked")
    expect(note).to_contain_text("не проверено", timeout=5_000)
    assert 0.9 <= time.monotonic() - started < 6  # one second of patience, not more
    page.screenshot(path=str(tmp_path / "chat-unchecked.png"))


def test_marks_stay_on_their_words_while_typing_before_them(servers, page):
    page.goto(servers["service"])
    page.fill("#draft", BAD)
    mark = page.locator("#backdrop mark.mark.error")
    expect(mark).to_have_text("не получится")
    page.click("#draft")
    page.keyboard.press("Control+Home")
    page.keyboard.type("Ну, ")
    expect(mark).to_have_text("не получится")  # shifted at once, before the new answer
    expect(page.locator("#status")).to_have_class(re.compile(r"\berror\b"))
    expect(mark).to_have_text("не получится")


def test_a_bad_context_field_is_explained(servers, page):
    page.goto(servers["service"])
    page.fill("#lesson", "завтра вечером")
    page.fill("#draft", BAD)
    error = page.locator("#request-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Урок: укажите дату и время")
    page.fill("#lesson", "2026-11-24 18:30")
    expect(error).to_be_hidden()
    expect(page.locator("#backdrop mark.mark.error")).to_have_text("не получится")


def test_page_asks_for_the_token(servers, page):
    page.goto(servers["with_token"])
    page.fill("#draft", BAD)
    expect(page.locator("#token-box")).to_be_visible()
    expect(page.locator("#status")).to_contain_text("токен")
    page.fill("#token", "s3cret")
    expect(page.locator("#backdrop mark.mark.error")).to_have_text("не получится")


COPIED = "Анна Сергеевна, добрый день! Напоминаем: урок Пети во вторник в 19:00."


def test_page_applies_a_fix_in_one_click(servers, page, tmp_path):
    page.goto(servers["service"])
    page.fill("#client", "Анна Сергеевна")
    page.fill("#student", "Миша")
    page.fill("#lesson", "2026-11-24 18:30")
    page.fill("#draft", COPIED)
    fix = page.locator("#findings button.fix", has_text="Миши")
    expect(fix).to_have_text("Исправить: «Миши»")  # the student's name, in the genitive of «Пети»
    page.screenshot(path=str(tmp_path / "page-fix-offered.png"))
    fix.click()
    expect(page.locator("#draft")).to_have_value(COPIED.replace("Пети", "Миши"))
    expect(page.locator("#backdrop mark", has_text="Пети")).to_have_count(0)
    page.locator("#findings button.fix", has_text="18:30").click()  # the lesson's time, as the draft wrote it
    expect(page.locator("#draft")).to_have_value(COPIED.replace("Пети", "Миши").replace("19:00", "18:30"))
    expect(page.locator("#status")).to_have_text(re.compile("Можно отправлять"))
    page.screenshot(path=str(tmp_path / "page-fixed.png"))

    # A fix of two edits (the preposition agrees with the weekday) reads as the words it leaves.
    page.fill("#draft", "Анна Сергеевна, добрый день! Напоминаем: урок Миши в среду в 18:30.")
    weekday = page.locator("#findings button.fix")
    expect(weekday).to_have_text("Исправить: «во вторник»")
    # typed before it, and clicked before the new answer: the fix moves with its words
    page.click("#draft")
    page.keyboard.press("Control+Home")
    page.keyboard.type("Итак, ")
    weekday.click()
    expect(page.locator("#draft")).to_have_value("Итак, Анна Сергеевна, добрый день! Напоминаем: урок Миши во вторник в 18:30.")
    # An unsafe fix (Анна Сергеевна is named already, so «Елена» may be someone else) is marked.
    page.fill("#draft", "Елена, добрый день! Для Анны Сергеевны подберём Мише другого преподавателя сегодня до 18:00.")
    unsafe = page.locator("#findings button.fix")
    expect(unsafe).to_have_text("Заменить на «Анна»")
    expect(unsafe).to_have_class("fix unsafe")


def test_mock_chat_fix_button_applies_the_safe_fixes(servers, page, tmp_path):
    page.goto(f"{servers['chat']}/?service={servers['service']}")
    page.fill("#draft", COPIED)
    page.click("#send")
    panel = page.locator("#presend.blocked")
    expect(panel).to_contain_text("Не отправлено")
    expect(panel.locator("button.fix", has_text="Миши")).to_have_text("Исправить: «Миши»")  # each fix, one click, worded as on the page
    fix_all = page.locator("#cancel-send")
    expect(fix_all).to_have_text("Исправить (2)")
    page.screenshot(path=str(tmp_path / "chat-fix-offered.png"))
    fix_all.click()
    expect(page.locator("#draft")).to_have_value(COPIED.replace("Пети", "Миши").replace("19:00", "18:30"))
    expect(page.locator("#presend")).to_be_hidden()
    page.click("#send")
    expect(page.locator(".msg.operator .note")).to_have_text("проверено replylint")
