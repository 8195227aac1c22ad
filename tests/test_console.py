"""The console script's fast path for `check` must understand exactly what the typer command does."""
from __future__ import annotations

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
    [["--help"], ["-h"], [], ["--format", "xml", "d.txt"], ["--colour", "d.txt"], ["--format"], ["--statistics=yes", "d.txt"]],
)
def test_anything_unusual_is_left_to_typer(args):
    assert parse_check(args) is None


def test_check_does_not_import_typer():
    code = (
        "import sys\n"
        "from replylint.console import main\n"
        "sys.argv = ['replylint', 'check', 'examples/bad-refusal.txt']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('LOADED=' + ','.join(sorted(m for m in ('typer', 'click', 'pydantic', 'rich') if m in sys.modules)) + '\\n')\n"
    )
    from conftest import REPO

    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert "refusal-no-alternative" in proc.stdout, proc.stderr
    assert "LOADED=\n" in proc.stderr


def test_help_and_usage_errors_still_come_from_typer(replylint, tmp_path):
    help_text = replylint("check", "--help", cwd=tmp_path)
    assert help_text.returncode == 0 and "--stdin-filename" in help_text.stdout
    bad = replylint("check", "--format", "xml", "d.txt", cwd=tmp_path)
    assert bad.returncode == 2 and "xml" in bad.stderr and "Traceback" not in bad.stderr
