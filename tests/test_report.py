"""`replylint report`: exports read (CSV, JSONL, Zendesk), bad rows named and skipped, each reply
checked with its conversation's context, the counts of a small hand-checked export, and the same
report from one process, from --jobs processes and from a two-worker Dask LocalCluster.

The counting test uses three team rules with every built-in rule switched off, so its expected
numbers (worked out by hand below) do not move when the built-in rules are tuned.
"""
from __future__ import annotations

import csv
import json
import os
import pty
import subprocess
from pathlib import Path

import pytest

from conftest import REPLYLINT, REPO, run_replylint

DATA = REPO / "tests" / "data" / "report"
SMALL = DATA / "small.csv"

TEAM_RULES = {
    "t-refuse": ("error", "не получится", "Это не получится.", "Это получится."),
    "t-urgent": ("warning", "срочно", "Сделайте срочно.", "Сделайте завтра."),
    "t-tip": ("info", "осуществить", "Осуществите вход.", "Войдите."),
}


@pytest.fixture(scope="module")
def team(tmp_path_factory) -> Path:
    """A folder with a config that switches every built-in rule off and adds the three team rules."""
    from replylint.engine import Linter

    folder = tmp_path_factory.mktemp("team")
    (folder / "team-rules").mkdir()
    for rule_id, (severity, pattern, bad, good) in TEAM_RULES.items():
        (folder / "team-rules" / f"{rule_id}.yaml").write_text(
            f"id: {rule_id}\nseverity: {severity}\nmessage: \"Тест: «{{match}}».\"\n"
            "principle: {name: Тест, source: test}\nexplain: Для теста.\nkind: existence\n"
            f"patterns: [{pattern}]\nexamples:\n  flag: [{bad}]\n  pass: [{good}]\n", encoding="utf-8")
    builtin = sorted(r.id for r in Linter().rules)
    (folder / ".replylint.yaml").write_text(f"rules: [team-rules/]\ndisable: [{', '.join(builtin)}]\n", encoding="utf-8")
    return folder


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def report(folder: Path, *args: str):
    proc = run_replylint("report", *args, cwd=folder)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


# ------------------------------------------------------------------------------ hand-checked counts

@pytest.fixture(scope="module")
def small_report(team, tmp_path_factory):
    """`replylint report small.csv --jobs 1 --csv …`, run once for the tests below."""
    out = tmp_path_factory.mktemp("one")
    proc = report(team, str(SMALL), "--out", str(out / "r.html"), "--csv", str(out / "csv"), "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    return proc, out


def test_counts_of_a_hand_checked_export(small_report):
    proc, out = small_report
    assert proc.stdout == "Отчёт: " + str(out / "r.html") + " — 7 ответов, 4 диалога, 9 замечаний; пропущено строк: 2; CSV: " + str(out / "csv") + ".\n"
    # Worked out by hand from tests/data/report/small.csv:
    #   A (week of 2 March, Ольга): "…не получится." 1 error; "Срочно осуществите оплату, срочно." 2 warnings + 1 tip
    #   B (week of 2 March, Иван):  "Добрый день! Всё готово." none; "Не получится только срочно." 1 error + 1 warning
    #   C (week of 9 March, Ольга): "Здравствуйте! Готово." none; "Не получится, не получится." 2 errors
    #   D (week of 9 March, Иван):  time "вчера" and role "робот" are bad rows; "Осуществить можно." 1 tip
    csv_dir = out / "csv"
    totals = dict(read_csv(csv_dir / "totals.csv")[1:])
    assert totals == {
        "replies": "7", "conversations": "4", "operators": "2",
        "first": "2026-03-02 09:05:00", "last": "2026-03-12 09:10:00",
        "findings": "9", "errors": "4", "warnings": "3", "infos": "2", "findings_per_100": "128.57",
        "replies_with_errors": "3", "clean_replies": "3", "clean_share": "42.86",
        "skipped_rows": "2", "unchecked_replies": "0",
    }
    assert [row[:2] + row[3:] for row in read_csv(csv_dir / "rules.csv")] == [
        ["rule", "severity", "findings", "replies", "per_100"],
        ["t-refuse", "error", "4", "3", "57.14"],
        ["t-urgent", "warning", "3", "2", "42.86"],
        ["t-tip", "info", "2", "2", "28.57"],
    ]
    # pseudonyms in the order of the first reply: Ольга answered first
    assert read_csv(csv_dir / "operators.csv") == [
        ["operator", "replies", "errors", "warnings", "infos", "findings", "per_100"],
        ["Оператор 1", "4", "3", "2", "1", "6", "150.00"],
        ["Оператор 2", "3", "1", "1", "1", "3", "100.00"],
    ]
    assert read_csv(csv_dir / "weeks.csv") == [
        ["week_start", "replies", "errors", "warnings", "infos", "findings", "per_100"],
        ["2026-03-02", "4", "2", "3", "1", "6", "150.00"],
        ["2026-03-09", "3", "2", "0", "1", "3", "100.00"],
    ]
    assert read_csv(csv_dir / "rules_by_week.csv") == [
        ["rule", "week_start", "replies", "findings", "per_100"],
        ["t-refuse", "2026-03-02", "4", "2", "50.00"], ["t-refuse", "2026-03-09", "3", "2", "66.67"],
        ["t-urgent", "2026-03-02", "4", "3", "75.00"], ["t-urgent", "2026-03-09", "3", "0", "0.00"],
        ["t-tip", "2026-03-02", "4", "1", "25.00"], ["t-tip", "2026-03-09", "3", "1", "33.33"],
    ]
    page = (out / "r.html").read_text("utf-8")
    assert "Ольга" not in page and "Иван" not in page  # no --names: pseudonyms only
    assert '<div class="card"><b>2</b><span>строк выгрузки пропущено' in page
    # t-refuse's worst: C (two of its findings), then B (one, and a warning), then A (one); its words marked
    worst = page.split('id="worst-t-refuse"', 1)[1].split("<h3", 1)[0]
    assert [worst.index(f"диалог {c}") for c in "CBA"] == sorted(worst.index(f"диалог {c}") for c in "CBA")
    assert worst.count('<mark class="error this"') == 4
    assert '<mark class="error this" title="t-refuse: Тест: «Не получится».">Не получится</mark>, ' in worst


def test_bad_rows_are_named_and_the_rest_is_reported(small_report):
    proc, _ = small_report
    assert proc.stderr.splitlines() == [  # and no progress bar: stderr is not a terminal
        f"replylint: {SMALL}:13: время 'вчера' не в формате ISO 8601 (например, 2026-11-02T10:15:00); строка пропущена",
        f"replylint: {SMALL}:15: неизвестная роль 'робот': нужна agent или client (другие значения задаются в "
        "report.roles в .replylint.yaml); строка пропущена",
    ]


def test_jobs_and_dask_give_the_same_report_as_one_process(team, small_report, tmp_path):
    """--jobs 2, and a Dask LocalCluster of two worker processes, each building its linter once from the plugin."""
    pytest.importorskip("distributed", reason="the report extra is not installed: pip install -e '.[dev]'")

    def files(html: Path, csv_dir: Path) -> list[bytes]:
        return [html.read_bytes()] + [(csv_dir / f).read_bytes() for f in sorted(os.listdir(csv_dir))]

    _, one = small_report
    expected = files(one / "r.html", one / "csv")
    ways = {"jobs": ["--jobs", "2"], "dask": ["--dask", "local", "--jobs", "2"]}  # checked, not from the cache
    for name, args in ways.items():
        args.append("--no-cache")
        proc = report(team, str(SMALL), "--out", str(tmp_path / f"{name}.html"), "--csv", str(tmp_path / name), *args)
        assert proc.returncode == 0, proc.stderr
        assert files(tmp_path / f"{name}.html", tmp_path / name) == expected, name


# --------------------------------------------------------------------------------------- formats

def messages_of(path: Path, **settings):
    from replylint.qa.exports import read_export
    from replylint.qa.settings import ReportSettings

    problems: list[tuple[str, str]] = []
    found = read_export(str(path), ReportSettings().with_options(settings.pop("columns", {}), None, None),
                        lambda where, message: problems.append((where, message)))
    return found, problems


def test_jsonl_with_mapped_columns(tmp_path):
    rows = [
        {"chat": 7, "at": "2026-03-02T09:00:00+03:00", "who": "Анна", "from": "customer", "body": "Здравствуйте!"},
        {"chat": 7, "at": "2026-03-02T09:01:00Z", "who": "Ольга", "from": "operator", "body": "Добрый день!"},
        {"chat": 7, "at": "2026-03-02T09:02:00", "from": "operator", "body": "Без автора"},
        "not an object",
    ]
    path = tmp_path / "chat.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n{broken\n", encoding="utf-8")
    columns = {"conversation": "chat", "time": "at", "author": "who", "role": "from", "text": "body"}
    found, problems = messages_of(path, columns=columns)
    assert [(m.conversation, m.role, m.author, m.text) for m in found] == [
        ("7", "client", "Анна", "Здравствуйте!"), ("7", "agent", "Ольга", "Добрый день!")]
    assert found[0].time.hour == 9 and found[0].instant.hour == 6  # the wall clock kept, UTC for ordering
    assert problems == [(f"{path}:5", "не JSON: Expecting property name enclosed in double quotes"),
                        (f"{path}:3", "пустое поле who"), (f"{path}:4", "нужен JSON-объект с полями сообщения")]


def test_an_export_larger_than_a_draft_is_read(tmp_path):
    """An archive is not a draft: the drafts' 1 MiB limit does not refuse a real export."""
    from replylint.read import MAX_FILE_BYTES

    path = tmp_path / "year.csv"
    n = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["conversation", "time", "author", "role", "text"])
        while f.tell() < MAX_FILE_BYTES * 1.5:
            out.writerow([f"c{n}", "2026-03-02T09:00:00", "Ольга", "agent", f"Добрый день! Урок перенесли на пятницу, 18:00. Ответ {n}."])
            n += 1
    assert path.stat().st_size > MAX_FILE_BYTES
    found, problems = messages_of(path)
    assert len(found) == n and problems == []


def test_a_mapping_that_misses_a_column_names_the_file(tmp_path, team):
    bad = tmp_path / "bad.csv"
    bad.write_text("chat;when;who;role;body\n1;2026-03-02T09:00:00;Ольга;agent;Привет\n", encoding="utf-8")
    proc = report(team, str(bad), str(SMALL), "--out", str(tmp_path / "r.html"))
    assert proc.returncode == 2  # as check does with a file it cannot read: the rest is still reported
    assert (f"replylint: {bad}:1: нет столбцов conversation, time, text, author (есть: chat, when, who, role, body); "
            "сопоставьте их: --column ПОЛЕ=СТОЛБЕЦ или report.columns в .replylint.yaml") in proc.stderr
    assert "7 ответов" in proc.stdout and (tmp_path / "r.html").exists()
    proc = report(team, str(bad), "--out", str(tmp_path / "r2.html"), "--column", "conversation=chat",
                  "--column", "time=when", "--column", "author=who", "--column", "text=body", "--names")
    assert proc.returncode == 0, proc.stderr  # ";" guessed from the header
    assert "1 ответ, 1 диалог" in proc.stdout
    assert "<td>Ольга</td>" in (tmp_path / "r2.html").read_text("utf-8")  # --names


ZENDESK = {
    "tickets": [
        {"id": 101, "requester_id": 1, "assignee_id": 2, "comments": [
            {"id": 1, "author_id": 1, "public": True, "created_at": "2026-03-02T09:00:00Z",
             "body": "Здравствуйте! Не приходит письмо."},
            {"id": 2, "author_id": 2, "public": False, "created_at": "2026-03-02T09:01:00Z",
             "body": "Внутренняя заметка: проверить почту."},
            {"id": 3, "author_id": 2, "public": True, "created_at": "2026-03-02T09:02:00Z",
             "body": "Мария, добрый день! Отправили письмо ещё раз."},
            {"id": 4, "author_id": 2, "public": True, "created_at": "вчера", "body": "Потерянный ответ"},
        ]},
        {"id": 102, "requester_id": 3, "comments": [
            {"id": 5, "author_id": 3, "public": True, "created_at": "2026-03-03T10:00:00Z", "body": "Привет"},
            {"id": 6, "author_id": 4, "public": True, "created_at": "2026-03-03T10:05:00Z",
             "html_body": "<p>Здравствуйте!</p>"},
        ]},
    ],
    "users": [
        {"id": 1, "name": "Мария Иванова", "role": "end-user"},
        {"id": 2, "name": "Ольга Петрова", "role": "agent"},
        {"id": 3, "name": "user4711@example.com", "role": "end-user"},
        {"id": 4, "name": "Иван Смирнов", "role": "admin"},
    ],
}


def test_zendesk_tickets_with_side_loaded_users(tmp_path):
    path = tmp_path / "tickets.json"
    path.write_text(json.dumps(ZENDESK, ensure_ascii=False), encoding="utf-8")
    found, problems = messages_of(path)
    assert [(m.conversation, m.role, m.author, m.client_name, m.text) for m in found] == [
        ("101", "client", "Мария Иванова", "Мария Иванова", "Здравствуйте! Не приходит письмо."),
        ("101", "agent", "Ольга Петрова", "Мария Иванова", "Мария, добрый день! Отправили письмо ещё раз."),
        ("102", "client", "user4711@example.com", "", "Привет"),  # an e-mail address is no name
        ("102", "agent", "Иван Смирнов", "", " Здравствуйте! "),
    ]
    assert problems == [(f"{path} (тикет 101, комментарий 4)",
                         "время 'вчера' не в формате ISO 8601 (например, 2026-11-02T10:15:00)")]


def test_zendesk_full_json_export_one_ticket_a_line(tmp_path):
    """Admin Center's export: no users side-loaded; the requester is the client, other authors agents."""
    tickets = [
        {"id": 7, "requester": {"id": 10, "name": "Павел Орлов"}, "requester_id": 10, "assignee": {"id": 20, "name": "Ольга Петрова"},
         "comments": [{"author_id": 10, "public": True, "created_at": "2026-03-02T09:00:00Z", "body": "Где урок?"},
                      {"author_id": 20, "public": True, "created_at": "2026-03-02T09:03:00Z", "plain_body": "Павел, урок в 18:00."}]},
        {"id": 8, "requester_id": 11, "comments": "broken"},
    ]
    path = tmp_path / "export.json"
    path.write_text("\n".join(json.dumps(t, ensure_ascii=False) for t in tickets) + "\n", encoding="utf-8")
    found, problems = messages_of(path)
    assert [(m.role, m.author, m.client_name, m.where) for m in found] == [
        ("client", "Павел Орлов", "Павел Орлов", f"{path}:1 (тикет 7, комментарий 1)"),
        ("agent", "Ольга Петрова", "Павел Орлов", f"{path}:1 (тикет 7, комментарий 2)"),
    ]
    assert problems == [(f"{path}:2 (тикет № 2)", "тикет без списка comments")]


# ---------------------------------------------------------------------------------------- context

def test_each_reply_is_checked_with_its_conversation(tmp_path):
    """The client's last run of messages is client_message; the client's name makes name-mismatch speak."""
    from replylint.engine import Linter
    from replylint.qa.exports import Message, parse_time
    from replylint.qa.replies import build_replies
    from replylint.qa.tally import check_partition

    def message(conversation, minute, role, author, text, client=""):
        wall, instant = parse_time(f"2026-03-02T09:{minute:02}:00")
        return Message(conversation, wall, instant, author, role, text, client, f"x.csv:{minute}")

    messages = [
        message("1", 0, "client", "Татьяна", "Здравствуйте.", "Татьяна"),
        message("1", 1, "client", "Татьяна", "Урок завтра в силе?", "Татьяна"),
        message("1", 2, "agent", "Ольга Петрова", "Елена, здравствуйте! Да, урок в силе.", "Татьяна"),
        message("1", 3, "agent", "Ольга Петрова", "Ольга Петрова на связи, если что.", "Татьяна"),
        message("2", 4, "client", "Клиент", "Урок завтра в силе?"),
        message("2", 5, "agent", "Ольга Петрова", "Елена, здравствуйте! Да, урок в силе."),
    ]
    replies = build_replies(messages, names=False).replies
    assert [r.context.client_message for r in replies] == [
        "Здравствуйте.\nУрок завтра в силе?", "Здравствуйте.\nУрок завтра в силе?", "Урок завтра в силе?"]
    assert [r.context.client for r in replies] == [("Татьяна",), ("Татьяна",), ()]
    assert {r.operator for r in replies} == {"Оператор 1"}
    tally = check_partition(Linter(), replies)
    # the wrong name is found where the export names the client, and only there; the operator's own name is no mismatch
    assert tally.rules["name-mismatch"] == 1
    (_, shown), = tally.worst["name-mismatch"]
    assert shown.where == "x.csv:2" and any(m.rule == "name-mismatch" and shown.text[m.start:m.end] == "Елена" for m in shown.marks)


# ------------------------------------------------------------------------------- config, terminal

def test_the_config_report_section(tmp_path):
    export = tmp_path / "e.csv"
    export.write_text("chat,time,author,role,body\n1,2026-03-02T09:00:00,Ольга,оператор,Сменить преподавателя не получится.\n",
                      encoding="utf-8")
    config = tmp_path / ".replylint.yaml"
    config.write_text("report:\n  columns: {conversation: chat, text: body}\n  roles: {agent: [оператор]}\n  names: true\n",
                      encoding="utf-8")
    proc = report(tmp_path, "e.csv", "--csv", "csv")
    assert proc.returncode == 0, proc.stderr
    assert read_csv(tmp_path / "csv" / "operators.csv")[1][0] == "Ольга"
    (tmp_path / "report.html").unlink()  # --out's default
    config.write_text("fail_on: error\nreport:\n  colums: {text: body}\n", encoding="utf-8")
    proc = report(tmp_path, "e.csv")
    assert proc.returncode == 2
    assert proc.stderr == "replylint: .replylint.yaml:3: report: неизвестный ключ 'colums' (может быть, 'columns'?)\n"
    config.write_text("report:\n  columns:\n    txt: body\n", encoding="utf-8")
    proc = report(tmp_path, "e.csv")
    assert proc.stderr == "replylint: .replylint.yaml:3: report.columns: неизвестное поле 'txt' (может быть, 'text'?)\n"
    assert not (tmp_path / "report.html").exists()  # nothing written by a run that could not be done


def test_nothing_to_report_writes_nothing(tmp_path):
    export = tmp_path / "clients-only.csv"
    export.write_text("conversation,time,author,role,text\n1,2026-03-02T09:00:00,Анна,client,Здравствуйте\n", encoding="utf-8")
    proc = report(tmp_path, str(export))
    assert proc.returncode == 2
    assert proc.stderr == "replylint: отчёт не сделан: в выгрузках нет ответов операторов (role agent)\n"
    assert not (tmp_path / "report.html").exists()


def test_progress_bar_on_a_terminal(team, tmp_path):
    """(Without a terminal there is none: test_bad_rows_are_named_and_the_rest_is_reported.)"""
    leader, follower = pty.openpty()
    with open(os.devnull, "rb") as stdin:
        proc = subprocess.run([str(REPLYLINT), "report", str(SMALL), "--out", str(tmp_path / "b.html")], cwd=team,
                              stdin=stdin, stdout=subprocess.PIPE, stderr=follower, timeout=120,
                              env={**os.environ, "COLUMNS": "100", "TERM": "xterm"})
    os.close(follower)
    seen = b""
    try:
        while chunk := os.read(leader, 65536):
            seen += chunk
    except OSError:  # the terminal is closed once the child has gone
        pass
    os.close(leader)
    assert proc.returncode == 0
    assert "Проверка ответов" in seen.decode("utf-8", "replace")


def test_the_readme_config_section_as_written(tmp_path):
    from replylint.config import load_config

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## For team leads: the QA report", 1)[1].split("\n## ", 1)[0]
    (snippet,) = [b for b in section.split("```yaml\n")[1:]]
    (tmp_path / ".replylint.yaml").write_text(snippet.split("```", 1)[0], encoding="utf-8")
    settings = load_config(str(tmp_path / ".replylint.yaml")).report
    assert settings.columns["text"] == "message" and settings.columns["client_name"] == "customer"
    assert settings.role_of("Менеджер") == "agent" and settings.role_of("робот") == "ignore"
    assert settings.delimiter == ";" and settings.names is False


def test_operators_names_are_masked_in_quoted_replies():
    """Without --names a signature must not give the operator away; the marks stay on their words."""
    from replylint.qa.html import _masker, marked
    from replylint.qa.tally import Mark

    mask = _masker(["Валерия Котова", "Иван Смирнов"])
    assert mask("Валерия на связи. Передам Валерии и Ивану. С уважением, В. Котова") == \
        "[оператор] на связи. Передам [оператор] и [оператор]. С уважением, В. [оператор]"
    assert mask("Вера из Ивановки") == "Вера из Ивановки"  # other words are left alone
    text = "Не получится. Валерия"
    html = marked(text, [Mark(0, 12, "t-refuse", "error", "Отказ <без> причины")], "t-refuse", mask)
    assert html == ('<mark class="error this" title="t-refuse: Отказ &lt;без&gt; причины">Не получится</mark>. '
                    "[оператор]")
