"""`replylint lsp` end to end, as an editor drives it: a real JSON-RPC client over the server's stdio
(initialize, didOpen, publishDiagnostics, hover, codeAction, didChange), on a draft and a macro
collection, with the config found as `check` finds it and read again when it changes."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the lsp extra is not installed: pip install -e '.[dev]'")

from conftest import REPLYLINT  # noqa: E402
from lsp_client import LspClient, apply_text_edits  # noqa: E402

FRONT = '---\nclient: Анна Сергеевна\nstudent: Миша\nlesson: "2026-11-24 18:30"\n---\n'
# about 1,000 characters of body, with a name copied from another chat («Пети») and the wrong time
BODY = (
    "Анна Сергеевна, добрый день! Спасибо, что написали и предупредили заранее. "
    "Напоминаем: урок Пети во вторник в 19:00, ссылка на занятие придёт на почту за 15 минут до начала. "
    "Преподаватель подготовил новые задания по дробям и хочет разобрать ошибки из прошлой контрольной, "
    "поэтому возьмите, пожалуйста, тетрадь и черновик. Если что-то изменится, напишите нам сегодня до 20:00, "
    "и мы подберём другое время на этой неделе: есть окна в среду и в четверг после обеда. "
    "Домашнее задание после урока появится в личном кабинете, проверка займёт до двух дней. "
    "Просим произвести оплату за декабрь до 30 ноября: ссылка для оплаты уже в кабинете, в разделе «Абонемент». "
    "Если удобнее оплатить частями, напишите, и мы разделим платёж на две части без переплаты. "
    "Мы следим за прогрессом каждого ученика и после пятого урока пришлём короткий отчёт с рекомендациями. "
    "Если появятся вопросы по расписанию или оплате, пишите в этот чат, мы на связи каждый день с 9:00 до 21:00. "
    "Хорошего вечера и до встречи на уроке!\n"
)


def uri(path: Path) -> str:
    return path.resolve().as_uri()


@pytest.fixture
def client(tmp_path):
    c = LspClient([str(REPLYLINT), "lsp"], cwd=tmp_path)
    c.request("initialize", {"processId": None, "rootUri": uri(tmp_path), "capabilities": {
        "general": {"positionEncodings": ["utf-16"]},
        "textDocument": {"codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source.fixAll"]}}}}}})
    c.notify("initialized", {})
    yield c
    c.close()


def by_rule(diagnostics: list[dict], rule: str) -> list[dict]:
    return [d for d in diagnostics if d["code"] == rule]


def open_document(client: LspClient, path: Path, text: str, language: str = "markdown") -> str:
    path.write_text(text, encoding="utf-8")
    u = uri(path)
    client.notify("textDocument/didOpen", {"textDocument": {"uri": u, "languageId": language, "version": 1, "text": text}})
    return u


def test_an_editor_session_shows_findings_explains_them_and_fixes_the_name(client, tmp_path):
    text = FRONT + BODY
    assert 900 <= len(BODY) <= 1200
    u = open_document(client, tmp_path / "reply.md", text)
    _, found = client.diagnostics(u, 1)
    [name] = by_rule(found, "name-mismatch")
    assert name["severity"] == 1 and name["source"] == "replylint"
    assert name["range"]["start"]["line"] == 5  # positions count the front matter, as `check` does
    line = text.split("\n")[5]
    assert line[name["range"]["start"]["character"] : name["range"]["end"]["character"]] == "Пети"
    assert by_rule(found, "time-mismatch")

    hover = client.request("textDocument/hover", {"textDocument": {"uri": u}, "position": name["range"]["start"]})
    assert "name-mismatch" in hover["contents"]["value"] and "Принцип:" in hover["contents"]["value"]

    actions = client.request("textDocument/codeAction", {"textDocument": {"uri": u}, "range": name["range"],
                                                           "context": {"diagnostics": [name]}})
    fix = next(a for a in actions if a["kind"] == "quickfix" and "Миши" in a["title"])
    assert fix["isPreferred"] is True  # safe: the student, in the genitive of «Пети»
    assert any(a["title"].startswith("Отключить name-mismatch") for a in actions)
    text = apply_text_edits(text, fix["edit"]["documentChanges"][0]["edits"])
    assert "урок Миши во вторник" in text

    sent = client.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"text": text}]})
    arrived, found = client.diagnostics(u, 2)
    assert not by_rule(found, "name-mismatch") and by_rule(found, "time-mismatch")
    # the issue asks for diagnostics within 200 ms of a change; reported here, not asserted (see bench/bench_lsp.py)
    print(f"\nlsp: diagnostics {1000 * (arrived - sent):.0f} ms after a change of a {len(BODY)}-character draft")

    # a small change typed in the middle (an incremental edit) is checked too
    at = {"line": 5, "character": 0}
    client.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": 3},
                                             "contentChanges": [{"range": {"start": at, "end": at}, "text": "СРОЧНО! "}]})
    _, found = client.diagnostics(u, 3)
    assert [d["range"]["start"] for d in by_rule(found, "shouting")] == [at]


def test_fix_all_and_disable_for_this_file(client, tmp_path):
    text = FRONT + BODY
    u = open_document(client, tmp_path / "reply.md", text)
    _, found = client.diagnostics(u, 1)
    [paid] = by_rule(found, "bureaucratese")
    actions = client.request("textDocument/codeAction", {"textDocument": {"uri": u}, "range": paid["range"], "context": {"diagnostics": [paid]}})
    fix_all = next(a for a in actions if a["kind"] == "source.fixAll")
    fixed = apply_text_edits(text, fix_all["edit"]["documentChanges"][0]["edits"])
    assert "урок Миши во вторник в 18:30" in fixed
    assert "Просим произвести оплату за декабрь" in fixed  # «оплатить за декабрь» would be wrong: no safe fix
    disable = next(a for a in actions if a["title"].startswith("Отключить bureaucratese"))
    text = apply_text_edits(text, disable["edit"]["documentChanges"][0]["edits"])
    assert text.startswith(FRONT[:-4] + "disable: [bureaucratese]\n---\n")
    client.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"text": text}]})
    _, found = client.diagnostics(u, 2)
    assert not by_rule(found, "bureaucratese") and by_rule(found, "name-mismatch")


def test_the_config_is_found_like_check_and_read_again_when_it_changes(client, tmp_path):
    folder = tmp_path / "macros"
    folder.mkdir()
    collection = 'macros:\n  - id: pay   # the team\'s payment reminder\n    text: "ВНИМАНИЕ, оплата до пятницы."\n'
    u = open_document(client, folder / "macros.yaml", collection, "yaml")
    _, found = client.diagnostics(u, 1)
    [shout] = by_rule(found, "shouting")
    assert shout["range"]["start"] == {"line": 2, "character": 11}  # inside the collection file
    actions = client.request("textDocument/codeAction", {"textDocument": {"uri": u}, "range": shout["range"], "context": {"diagnostics": [shout]}})
    fix = next(a for a in actions if a["kind"] == "quickfix")
    assert apply_text_edits(collection, fix["edit"]["documentChanges"][0]["edits"]) == collection.replace("ВНИМАНИЕ", "Внимание")

    (tmp_path / ".replylint.yaml").write_text("disable: [shouting]\n", encoding="utf-8")
    time.sleep(0.01)
    client.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"text": collection}]})
    _, found = client.diagnostics(u, 2)
    assert not by_rule(found, "shouting")

    (tmp_path / ".replylint.yaml").write_text("disabel: [shouting]\n", encoding="utf-8")
    client.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": 3}, "contentChanges": [{"text": collection}]})
    _, found = client.diagnostics(u, 3)
    [problem] = found
    assert "неизвестный ключ 'disabel'" in problem["message"] and ".replylint.yaml" in problem["message"]


def test_lsp_without_pygls_says_what_to_install(tmp_path):
    code = ("import sys; sys.modules['pygls'] = None; sys.argv = ['replylint', 'lsp']\n"
            "from replylint.console import main; main()")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == ["replylint: для lsp нужен пакет pygls, он не установлен: pip install -e '.[lsp]' в папке replylint"]
