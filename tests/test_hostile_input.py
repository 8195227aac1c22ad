"""Hostile input (issue 17): no draft, request, rule, config, folder or cache file can hang, crash
or subvert replylint. Each reproducer of the audit is here, bounded by a time limit (the
``time_limit`` fixture, or a subprocess timeout), never by a timed assertion: a regression shows
as a test stopped at its limit. How fast they are is bench/hostile.py's business."""
from __future__ import annotations

import faulthandler
import json
import os
import pickle
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import replylint
from replylint.engine import Linter

REPLYLINT = Path(sys.executable).parent / "replylint"
HEADER = """\
severity: warning
principle: {name: Прозрачность, source: 000_a60251a68827976a.txt}
explain: Потому что.
kind: existence
"""
EXAMPLES = "examples:\n  flag: [Срочно оплатите.]\n  pass: [Оплатите до пятницы.]\n"


@pytest.fixture
def time_limit():
    """Fails the test after 60 s (SIGALRM), and as a last resort dumps every thread's stack and
    stops the run after 120 s, should a C call hold the interpreter past the alarm."""
    def expired(*_):
        pytest.fail("took over 60 s: hostile input is no longer bounded")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(60)
    faulthandler.dump_traceback_later(120, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def run(*args, cwd=None, stdin: bytes | None = None, env=None):
    """The console script, bounded by a timeout; (exit status, stdout, stderr)."""
    proc = subprocess.run([str(REPLYLINT), *map(str, args)], cwd=cwd, input=stdin, capture_output=True,
                          timeout=60, env={**os.environ, **(env or {})})
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def one_line_error(status: int, err: str, *needles: str) -> None:
    assert status == 2, err
    assert len(err.strip().splitlines()) == 1 and "internal error" not in err, err
    for needle in needles:
        assert needle in err, err


def clear_result(status: int, err: str) -> None:
    assert status in (0, 1), err
    assert "internal error" not in err and "Traceback" not in err, err


# ---------------------------------------------------------------------------------------------
# Linear time on any draft


@pytest.mark.parametrize("text", ["{{" * 49_000, "!" * 100_000, "." * 1_000_000], ids=["braces", "bangs", "dots"])
def test_long_runs_of_marks_end_with_a_clear_result(tmp_path, text):
    draft = tmp_path / "draft.txt"
    draft.write_text(text, encoding="utf-8")
    status, out, err = run("check", draft, "--format", "json")
    clear_result(status, err)
    json.loads(out)

def test_many_matches_in_one_long_sentence_stay_linear(time_limit):
    """60,000 bare «нет» lines with no full stop make one sentence of 60,000 refusals (a rule's
    regular expression matching over and over in it): checked in seconds, not minutes."""
    assert replylint.lint("нет\n" * 60_000)
    assert replylint.lint("Привет", {"client_message": "\n" * 98_000}) is not None  # the register's look at a message



def test_every_builtin_regex_is_linear_on_runs_of_its_own_characters(time_limit):
    """The engine's, the checks' and the built-in rules' regular expressions stay on ``re``: each
    is run on 30,000 characters of each of its marks and a few letters (and pairs); a quadratic one
    takes minutes there and is stopped by the time limit."""
    import importlib
    import itertools
    import pkgutil
    import re

    from replylint.checks import placeholders
    from replylint.lazyre import LazyRegex
    from replylint.patterns import patterns_in

    found: dict[str, re.Pattern] = {}
    for module in pkgutil.walk_packages(replylint.__path__, "replylint."):
        # (yamlio's are only matched against one line or value, which the property test covers)
        if ".serve" in module.name or module.name.endswith(("__main__", "yamlio")):
            continue
        try:
            loaded = importlib.import_module(module.name)
        except ImportError:  # an extra that is not installed (or a module broken elsewhere: its own tests say so)
            continue
        for name, value in vars(loaded).items():
            if isinstance(value, (re.Pattern, LazyRegex)):
                found[f"{module.name}.{name}"] = re.compile(value.pattern, value.flags)
    found["placeholders"] = placeholders._compiled(tuple(range(len(placeholders.BUILTIN))))
    for rule in Linter().rules:
        for pattern in patterns_in(rule.matcher):
            for p in (pattern, *pattern.unless):
                regexes = [p.regex] + [a.regex for s in p.slots for a in s.alternatives]
                for regex in filter(None, regexes):
                    found[f"{rule.id}: {regex.pattern}"] = regex
    assert len(found) > 50
    for name, regex in found.items():
        # its marks (letters stand in for the letters of its words) and a few pairs
        marks = {c for c in regex.pattern if not c.isalnum()}
        units = sorted(marks | set(" \n.aяЁ1_-")) + ["\n ", "-_", "а ", "{{", "%{", "#{", "!?"]
        for unit in units:
            text = unit * (30_000 // len(unit))
            for _ in regex.finditer(text):
                pass


def test_a_draft_of_unnamed_letters_and_lone_surrogates_is_checked(time_limit):
    assert replylint.lint("Здравствуйте, \U00017000\U00018d00 ok") == []
    assert [d.rule for d in replylint.lint("a\ud800b, сменить преподавателя не получится.")] == [
        "refusal-no-alternative", "refusal-no-reason"]


def test_an_80_kb_word_is_checked_and_not_kept(time_limit):
    from replylint import morph
    from replylint.analyse import _word

    assert "refusal-no-reason" in {d.rule for d in replylint.lint("ж" * 40_000 + ". Сменить не получится.")}
    sizes = (morph.raw_parses.cache_info().currsize, _word.cache_info().currsize)
    replylint.lint("б" * 40_000)
    assert (morph.raw_parses.cache_info().currsize, _word.cache_info().currsize) == sizes


def test_the_bom_gives_the_same_findings_through_the_cli_and_lint(tmp_path):
    text = "\ufeff---\nclient: Анна\n---\nМария, сменить преподавателя не получится.\n"
    (tmp_path / "d.txt").write_text(text, encoding="utf-8")
    status, out, err = run("check", tmp_path / "d.txt", "--format", "json")
    cli = sorted(d["rule"] for d in json.loads(out)["files"][0]["diagnostics"])
    assert "name-mismatch" in cli
    assert sorted(d.rule for d in replylint.lint(text)) == cli
    first = replylint.lint(text)[0]
    assert text[first.start : first.end] == first.match  # offsets into the text as given, BOM included


def test_a_long_one_line_draft_gives_a_bounded_text_report(tmp_path):
    (tmp_path / "line.txt").write_text("СРОЧНО оплатите, " * 6_000, encoding="utf-8")
    status, out, err = run("check", tmp_path / "line.txt")
    clear_result(status, err)
    assert len(out) < 1_000 * out.count(" shouting ") + 10_000  # each finding's excerpt is a window


# ---------------------------------------------------------------------------------------------
# Front matter


def test_a_yaml_bomb_in_front_matter_is_one_line_and_exit_2(tmp_path):
    lines = ["---", 'a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    (tmp_path / "bomb.txt").write_text("\n".join(lines + ["names: *a9", "---", "Привет"]), encoding="utf-8")
    status, out, err = run("check", tmp_path / "bomb.txt")
    one_line_error(status, err, "bomb.txt:", "ссылки (*a")


def test_a_few_aliases_still_work():
    assert replylint.lint("---\nclient: &c Анна\nnames: [*c]\n---\nАнна, добрый день!") == []


def test_an_unquoted_lesson_time_says_to_quote_it(tmp_path):
    (tmp_path / "d.txt").write_text("---\nlesson: 18:30\n---\nУрок в 18:30.\n", encoding="utf-8")
    status, out, err = run("check", tmp_path / "d.txt")
    one_line_error(status, err, "d.txt:2:", 'lesson: "18:30"')


def test_empty_lists_in_the_config_are_lists(tmp_path):
    (tmp_path / ".replylint.yaml").write_text("disable: []\nrules: []\n", encoding="utf-8")
    status, out, err = run("check", "-", cwd=tmp_path, stdin="Добрый день!".encode())
    assert status == 0, err


# ---------------------------------------------------------------------------------------------
# Team rules and config


def write_rule(folder: Path, body: str, message: str = "'Не пишите «{match}».'") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "team.yaml"
    path.write_text(f"id: team\nmessage: {message}\n{HEADER}{body}{EXAMPLES}", encoding="utf-8")
    return path


@pytest.mark.parametrize("body", [
    "patterns:\n  - regex: '(a|aa)+$'\n",
    "patterns:\n  - phrase: срочно\n    unless: [{regex: '(a|aa)+$'}]\n",
    "patterns:\n  - 'срочно /(a|aa)+$/'\n",
], ids=["regex", "unless", "slot"])
def test_a_catastrophic_team_regex_is_refused_at_load_with_its_line(tmp_path, body):
    write_rule(tmp_path / "team", body)
    status, out, err = run("check", "--rules", tmp_path / "team", "-", stdin=b"a" * 40 + b"!")
    one_line_error(status, err, "team.yaml:", "катастрофические возвраты")


def test_a_team_regex_slow_on_one_draft_stops_the_run_naming_its_rule(tmp_path):
    # the probe at load runs the pattern on runs of single characters; this one needs "в" first
    write_rule(tmp_path / "team", "patterns:\n  - regex: 'в(a|aa)+$'\n")
    status, out, err = run("check", "--rules", tmp_path / "team", "-", stdin=b"\xd0\xb2" + b"a" * 60 + b"!")
    one_line_error(status, err, "team.yaml:", "дольше 1 с")


def test_a_catastrophic_config_placeholder_is_refused_with_its_line(tmp_path):
    (tmp_path / ".replylint.yaml").write_text("placeholders:\n  - '(a|aa)+$'\n", encoding="utf-8")
    status, out, err = run("check", "-", cwd=tmp_path, stdin=b"a" * 40 + b"!")
    one_line_error(status, err, ".replylint.yaml:2:", "катастрофические возвраты")


def test_nested_skips_on_a_long_sentence_end(tmp_path):
    write_rule(tmp_path / "team", "patterns:\n  - 'не " + "... " * 16 + "получится'\n")
    draft = " ".join(["не"] * 3_000) + " получилось"
    status, out, err = run("check", "--rules", tmp_path / "team", "--format", "json", "-", stdin=draft.encode())
    clear_result(status, err)
    assert "team" in {d["rule"] for d in json.loads(out)["files"][0]["diagnostics"]}


def test_a_1500_slot_phrase_is_refused_at_load(tmp_path):
    write_rule(tmp_path / "team", "patterns:\n  - '" + " ".join(["урок"] * 1_500) + "'\n")
    status, out, err = run("check", "--rules", tmp_path / "team", "-", stdin=" ".join(["урок"] * 2_000).encode())
    one_line_error(status, err, "team.yaml:", "не больше 60")


@pytest.mark.parametrize("message, needle", [
    ("'bad {0}'", "не подстановка"),
    ("'{match.nope}'", "не подстановка"),
    ("'{match:>300000000}'", "ширину"),
    ("'{match:d}'", "не подставляется"),
])
def test_a_bad_message_template_is_refused_at_load(tmp_path, message, needle):
    write_rule(tmp_path / "team", "patterns: [срочно]\n", message)
    status, out, err = run("check", "--rules", tmp_path / "team", "-", stdin="Срочно оплатите.".encode())
    one_line_error(status, err, "team.yaml:2:", needle)


@pytest.mark.parametrize("extra, needle", [("severity: loud", "severity 'loud'"), ("message: 'x {0}'", "не подстановка")])
def test_a_patterns_own_severity_and_message_are_checked_at_load(tmp_path, extra, needle):
    write_rule(tmp_path / "team", f"patterns:\n  - phrase: срочно\n    {extra}\n")
    status, out, err = run("check", "--rules", tmp_path / "team", "-", stdin="Оплатите.".encode())
    one_line_error(status, err, "team.yaml:", needle)


# ---------------------------------------------------------------------------------------------
# The rules cache


def test_a_planted_cache_neither_runs_code_nor_switches_rules_off(tmp_path):
    cache, marker = tmp_path / "cache", tmp_path / "pwned"
    env = {"REPLYLINT_CACHE_DIR": str(cache), "REPLYLINT_CACHE_KEY_FILE": str(tmp_path / "key")}
    draft = "Сменить преподавателя не получится.".encode()
    status, out, err = run("check", "-", stdin=draft, env=env)
    assert status == 1 and list(cache.glob("rules-*"))

    class Planted:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    for payload in (pickle.dumps(([], {})), pickle.dumps(Planted())):
        for entry in (e for e in cache.rglob("*") if e.is_file()):
            entry.write_bytes(payload)
        status, out, err = run("check", "-", stdin=draft, env=env)
        assert status == 1 and "refusal-no-alternative" in out, err
        assert not marker.exists()


def test_a_key_file_others_can_read_is_not_used(tmp_path):
    key = tmp_path / "key"
    key.write_bytes(os.urandom(32))
    key.chmod(0o644)
    env = {"REPLYLINT_CACHE_DIR": str(tmp_path / "cache"), "REPLYLINT_CACHE_KEY_FILE": str(key)}
    status, out, err = run("check", "-", stdin="Сменить преподавателя не получится.".encode(), env=env)
    assert status == 1 and not (tmp_path / "cache").exists() and not (tmp_path / "bytecode").exists()


# ---------------------------------------------------------------------------------------------
# Folders, files and the working folder


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifos_and_links_to_devices_in_a_folder_are_skipped_with_a_note(tmp_path):
    (tmp_path / "a.txt").write_text("Сменить преподавателя не получится.", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    status, out, err = run("check", tmp_path)
    assert status == 1 and "a.txt" in out
    assert "pipe.txt: пропущен — не обычный файл" in err and "zero.txt: пропущен" in err


def test_a_file_over_the_size_limit_is_named_and_the_run_stops(tmp_path):
    (tmp_path / "big.txt").write_text("Привет. " * 200_000, encoding="utf-8")
    status, out, err = run("check", tmp_path / "big.txt")
    one_line_error(status, err, "big.txt:", "1,048,576 байт")


def test_a_deleted_working_folder_is_one_line(tmp_path):
    gone = tmp_path / "gone"
    gone.mkdir()
    proc = subprocess.run(f"cd {gone} && rmdir {gone} && {REPLYLINT} check -", shell=True, input=b"x",
                          capture_output=True, timeout=60)
    one_line_error(proc.returncode, proc.stderr.decode(), "текущей папки больше нет")


@pytest.mark.skipif(sys.platform != "linux", reason="file names that are not UTF-8 are a Linux matter")
def test_sarif_with_a_file_name_that_is_not_utf8(tmp_path):
    name = os.fsdecode(b"a\xff.txt")
    (tmp_path / name).write_text("Сменить преподавателя не получится.", encoding="utf-8")
    status, out, err = run("check", name, "--format", "sarif", cwd=tmp_path)
    assert status == 1, err
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(out)["runs"][0]["results"] for loc in r["locations"]}
    assert uris == {"a%FF.txt"}
