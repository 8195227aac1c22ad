"""The console script's fast path for `check` must understand exactly what the typer command does."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
import typer
import typer.main

from replylint import cli
from replylint.console import CHECK_OPTIONS, parse_check
from replylint.run import CheckOptions

SAMPLES = [
    ["draft.txt"],
    ["-"],
    ["a.txt", "b.txt", "--format", "json"],
    ["-f", "sarif", "macros/"],
    ["--format=github", "--fail-on", "warning", "x.txt"],
    ["--mode", "template", "--context", "ctx.yaml", "--client", "Анна", "--student", "Миша", "d.txt"],
    ["--lesson", "2026-11-24 18:30", "--lesson", "18:30", "d.txt"],
    ["--rules", "team/", "--rules", "more.yaml", "--config", "c.yaml", "d.txt"],
    ["--disable", "long-sentence", "--enable", "bureaucratese", "--disable", "shouting", "d.txt"],
    ["-", "--stdin-filename", "macros/new.txt", "--no-color", "--statistics"],
    ["--color", "d.txt", "--", "-odd-name.txt"],
    ["-j", "2", "macros/", "--jobs=0"],
    ["--min-severity", "warning", "-q", "--exclude", "build/**", "--exclude=*.bak.txt", "d/"],
    ["--baseline", "b.json", "--write-baseline", "new.json", "-o", "report.txt", "--quiet", "d.txt"],
    ["--output-file=r.sarif", "--format", "sarif", "--min-severity=error", "d.txt"],
    ["--no-cache", "--fix", "d.txt"],
]


def typer_options(args: list[str], monkeypatch) -> CheckOptions:
    seen: list[CheckOptions] = []
    monkeypatch.setattr("replylint.run.run_check", lambda options: seen.append(options) or 0)
    try:
        cli.app(args=["check", *args], prog_name="replylint", standalone_mode=False)
    except typer.Exit:
        pass
    (options,) = seen
    return options


@pytest.mark.parametrize("args", SAMPLES, ids=[" ".join(a) for a in SAMPLES])
def test_the_fast_parser_reads_a_command_line_as_typer_does(args, monkeypatch):
    assert parse_check(args) == typer_options(args, monkeypatch)


def test_the_fast_parser_knows_every_option_of_the_typer_command():
    command = typer.main.get_command(cli.app).commands["check"]
    typer_names = {name for p in command.params for name in (*p.opts, *p.secondary_opts) if name.startswith("-")}
    typer_names -= {"--help", "-h"}
    assert typer_names == set(CHECK_OPTIONS)


@pytest.mark.parametrize(
    "args",
    [["--help"], ["-h"], [], ["--format", "xml", "d.txt"], ["--colour", "d.txt"], ["--format"], ["--statistics=yes", "d.txt"], ["--jobs", "two", "d.txt"], ["--min-severity", "warn", "d.txt"], ["--quiet=yes", "d.txt"]],
)
def test_anything_unusual_is_left_to_typer(args):
    assert parse_check(args) is None


def test_check_does_not_import_typer():
    code = (
        "import sys\n"
        "from replylint.console import parse_check, run_fast_check\n"
        "assert run_fast_check(parse_check(['examples/bad-refusal.txt'])) == 1\n"
        "sys.stderr.write('LOADED=' + ','.join(sorted(m for m in ('typer', 'click', 'pydantic', 'rich') if m in sys.modules)) + '\\n')\n"
    )
    from conftest import REPO

    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert "refusal-no-alternative" in proc.stdout, proc.stderr
    assert "LOADED=\n" in proc.stderr


USAGE_ERRORS = [
    # (command line, what the one line must say)
    (["check", "--fromat", "json", "d.txt"], ["replylint check:", "--fromat", "может быть, --format?"]),
    (["check", "--format", "xml", "d.txt"], ["--format", "'xml'", "text, json, sarif, github"]),
    (["check", "--format=jsn", "d.txt"], ["'jsn'", "может быть, json?"]),
    (["check", "--format"], ["после --format нужно значение", "text, json"]),
    (["check", "--min-severity", "warn", "d.txt"], ["--min-severity", "может быть, warning?"]),
    (["check", "--fail-on", "sometimes", "d.txt"], ["--fail-on", "'sometimes'", "never"]),
    (["check", "--jobs", "two", "d.txt"], ["--jobs", "'two'"]),
    (["check", "--color=yes", "d.txt"], ["--color", "не принимает значения"]),
    (["check"], ["replylint check:", "PATH"]),
    (["chek", "d.txt"], ["нет команды 'chek'", "может быть, check?"]),
    (["frobnicate", "d.txt"], ["нет команды 'frobnicate'", "check, rules, explain"]),
    (["explain"], ["replylint explain:", "ID"]),
    (["explain", "a", "b"], ["лишний аргумент: b"]),
    (["rules", "--al"], ["replylint rules:", "--all"]),
    (["--verison"], ["может быть, --version?"]),
    (["serve", "--port", "http"], ["--port", "'http'"]),
]


@pytest.mark.parametrize("args, fragments", USAGE_ERRORS, ids=[" ".join(a) for a, _ in USAGE_ERRORS])
def test_a_usage_mistake_is_one_line_with_what_was_meant(replylint, tmp_path, args, fragments):
    """Through the installed console script: whatever typer's version, a mistyped command line is
    one line naming the option or command and the close valid ones, exit 2, never an internal error."""
    proc = replylint(*args, cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and proc.stdout == "", proc.stderr
    assert "internal error" not in lines[0] and "Traceback" not in lines[0]
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


@pytest.mark.parametrize("command", ["", "check", "rules", "explain", "test-rules", "init", "serve"])
def test_help_is_clean_for_every_command(replylint, tmp_path, command):
    proc = replylint(*([command] if command else []), "--help", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout.startswith(f"Usage: replylint {command}".rstrip() + " ")
    for noise in ("<list", "<bool>", "<str>", "<int", "<path>", "[required]", "TEXT", "╭"):
        assert noise not in proc.stdout, noise
    if command == "check":
        assert "--format FORMAT" in proc.stdout and "--exclude GLOB" in proc.stdout and "-q, --quiet" in proc.stdout
        assert "[default: text]" in proc.stdout


def test_a_bare_replylint_shows_the_commands_and_exits_2(replylint, tmp_path):
    proc = replylint(cwd=tmp_path)
    assert proc.returncode == 2 and "Commands:" in proc.stdout and "check" in proc.stdout
    assert "internal error" not in proc.stderr


def test_version(replylint, tmp_path):
    from replylint import __version__

    for flag in ("--version", "-V"):
        proc = replylint(flag, cwd=tmp_path)
        assert proc.returncode == 0 and proc.stdout == f"replylint {__version__}\n"


def test_the_console_knows_every_command_of_the_typer_app():
    from replylint.console import COMMANDS

    assert set(typer.main.get_command(cli.app).commands) == set(COMMANDS)


def test_jobs_give_the_same_report_in_the_same_order(replylint, tmp_path):
    drafts = [
        "Сменить преподавателя не получится.",
        "Спасибо, деньги вернутся за 5 дней.",
        "Просим произвести оплату до пятницы.",
        "СРОЧНО оплатите урок!!!",
        "Выясню всё у преподавателя и отпишусь.",
    ]
    for i in range(40):
        (tmp_path / f"d{i:02}.txt").write_text(drafts[i % len(drafts)] + "\n", encoding="utf-8")
    one = replylint("check", "--format", "json", ".", cwd=tmp_path)
    two = replylint("check", "--format", "json", "--jobs", "2", ".", cwd=tmp_path)
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    assert one.stdout.count('"path"') == 40
    # the text report quotes each finding's line, from the text the parent read
    one_text = replylint("check", "--no-color", ".", cwd=tmp_path)
    two_text = replylint("check", "--no-color", "--jobs", "2", ".", cwd=tmp_path)
    assert one_text.stdout == two_text.stdout and "Сменить преподавателя не получится." in two_text.stdout


def test_an_error_in_a_worker_is_still_one_line_with_its_file(replylint, tmp_path):
    for i in range(6):
        (tmp_path / f"d{i}.txt").write_text("Текст.\n", encoding="utf-8")
    (tmp_path / "d3.txt").write_text("---\ndisable: [no-such-rule]\n---\nТекст.\n", encoding="utf-8")
    for jobs in ("1", "2"):
        proc = replylint("check", "--jobs", jobs, ".", cwd=tmp_path)
        assert proc.returncode == 2 and proc.stdout.strip() == "Проверено: 5 файлов, замечаний нет (не проверено: 1 файл)."
        assert proc.stderr.strip().count("\n") == 0 and "d3.txt:2:" in proc.stderr and "no-such-rule" in proc.stderr


def test_a_large_folder_is_checked_in_parallel_by_default_with_the_same_report(tmp_path, monkeypatch, capsys):
    from replylint import run

    assert run._jobs(None, run.AUTO_PARALLEL_FROM) == (os.cpu_count() or 1)
    assert run._jobs(None, run.AUTO_PARALLEL_FROM - 1) == 1 and run._jobs(1, 10_000) == 1 and run._jobs(3, 5) == 3
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    monkeypatch.setattr(os, "getloadavg", lambda: (3.6, 3.0, 2.0), raising=False)  # cores busy: still one per core
    assert run._jobs(None, 10_000) == 4 and run._jobs(0, 10_000) == 4
    for i in range(8):
        (tmp_path / f"d{i}.txt").write_text(("Сменить преподавателя не получится.", "Спасибо!")[i % 2] + "\n", encoding="utf-8")
    assert run.run_check(run.CheckOptions(paths=[str(tmp_path)], format="json", jobs=1)) == 1
    one = capsys.readouterr().out
    monkeypatch.setattr(run, "AUTO_PARALLEL_FROM", 4)  # the real threshold, on a small folder
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    parallel_runs = []
    in_parallel = run._check_in_parallel
    monkeypatch.setattr(run, "_check_in_parallel", lambda *a: parallel_runs.append(a[-1]) or in_parallel(*a))
    assert run.run_check(run.CheckOptions(paths=[str(tmp_path)], format="json", cache=False)) == 1
    assert parallel_runs == [2] and capsys.readouterr().out == one


def test_spawned_workers_give_the_same_report(tmp_path, monkeypatch, capsys):
    """Where fork is not used (macOS, Windows), each worker builds its own linter."""
    from replylint import run

    for i in range(6):
        (tmp_path / f"d{i}.txt").write_text(("Сменить преподавателя не получится.", "Спасибо!")[i % 2] + "\n", encoding="utf-8")
    options = run.CheckOptions(paths=[str(tmp_path)], format="json", jobs=1)
    assert run.run_check(options) == 1
    one = capsys.readouterr().out
    monkeypatch.setattr(run.sys, "platform", "darwin")
    options.jobs, options.cache = 2, False  # (with the cache, the files would not be checked again)
    assert run.run_check(options) == 1
    assert capsys.readouterr().out == one
