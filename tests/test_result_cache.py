"""The result cache of `check`, as a user sees it: a second run over unchanged files gives the same
report without analysing them again; whatever changed is checked again; --no-cache; two runs at
once; entries that are broken or not ours are ignored.

"Not analysed again" is observed, not timed: those runs have a pymorphy3 that fails when used, so a
run that analyses a draft stops with an internal error, and one answered from the cache does not.
"""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import REPLYLINT, URGENT_RULE, run_replylint

BAD = "Здравствуйте! Сменить преподавателя не получится.\n"
FIXABLE = "Добрый день! Осуществление возврата производится в течение 10 дней.\n"
COLLECTION = 'macros:\n  - id: refund\n    text: "{{ name }}, осуществление возврата займёт 10 дней."\n'


@pytest.fixture(scope="module")
def cache_env(tmp_path_factory) -> dict:
    """One cache folder for this module's runs (the rules are compiled into it once)."""
    env = {k: v for k, v in os.environ.items() if k != "REPLYLINT_NO_CACHE"}
    env["REPLYLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    return env


@pytest.fixture(scope="module")
def unanalysed(tmp_path_factory, cache_env) -> dict:
    """The environment of a run that fails if it analyses anything: pymorphy3 is a stub whose
    every use raises (its version is the real one, so the caches' keys stay the same)."""
    import pymorphy3

    stub = tmp_path_factory.mktemp("stub")
    (stub / "pymorphy3").mkdir()
    (stub / "pymorphy3" / "__init__.py").write_text(
        f"__version__ = {pymorphy3.__version__!r}\n\n"
        "def __getattr__(name):\n    raise RuntimeError('pymorphy3 used: a draft was analysed')\n",
        encoding="utf-8",
    )
    return {**cache_env, "PYTHONPATH": str(stub)}


def check(*args, cwd: Path, env: dict):
    return run_replylint("check", "--format", "json", *args, cwd=cwd, env=env)


def entries(env: dict) -> list[Path]:
    return sorted((Path(env["REPLYLINT_CACHE_DIR"]) / "results").glob("*/*.json"))


def test_a_second_run_gives_the_same_report_without_analysing_again(tmp_path, cache_env, unanalysed):
    (tmp_path / "bad.txt").write_text(BAD, encoding="utf-8")
    (tmp_path / "fixable.txt").write_text(FIXABLE, encoding="utf-8")
    (tmp_path / "macros.yaml").write_text(COLLECTION, encoding="utf-8")
    first = check(".", "macros.yaml", cwd=tmp_path, env=cache_env)
    assert first.returncode == 1, first.stderr
    again = check(".", "macros.yaml", cwd=tmp_path, env=unanalysed)
    assert (again.returncode, again.stdout, again.stderr) == (1, first.stdout, first.stderr)
    fixes = [d.get("fix") for f in json.loads(again.stdout)["files"] for d in f["diagnostics"]]
    assert any(fixes), "fixes come back from the cache too"
    text = run_replylint("check", ".", cwd=tmp_path, env=cache_env)
    assert run_replylint("check", ".", cwd=tmp_path, env=unanalysed).stdout == text.stdout
    # without the cache the stub is reached: the runs above really were answered from it
    uncached = check("--no-cache", ".", cwd=tmp_path, env=unanalysed)
    assert uncached.returncode == 2 and "a draft was analysed" in uncached.stderr


SETUPS = {
    # name: (files before, options before, files after, options after)
    "the draft is edited": ({"d.txt": "Спасибо за ожидание.\n"}, [], {"d.txt": BAD}, []),
    "a team rule is edited": (
        {"d.txt": "Срочно оплатите.\n", "team/urgent.yaml": URGENT_RULE}, ["--rules", "team"],
        {"team/urgent.yaml": URGENT_RULE.replace("patterns: [срочно]", "patterns: [оплатить]")}, ["--rules", "team"],
    ),
    "the config changes": (
        {"d.txt": BAD, ".replylint.yaml": "disable: [emoji-mismatch]\n"}, [],
        {".replylint.yaml": "severity: {refusal-no-reason: info}\n"}, [],
    ),
    "the context file changes": (
        {"d.txt": "Анна, добрый день!\n", "ctx.yaml": "client: Анна\n"}, ["--context", "ctx.yaml"],
        {"ctx.yaml": "client: Мария\n"}, ["--context", "ctx.yaml"],
    ),
    "a context option changes": ({"d.txt": "Анна, добрый день!\n"}, ["--client", "Анна"], {}, ["--client", "Мария"]),
    "the front matter changes": (
        {"d.txt": "---\nclient: Анна\n---\nАнна, добрый день!\n"}, [],
        {"d.txt": "---\nclient: Мария\n---\nАнна, добрый день!\n"}, [],
    ),
    "a rule is disabled": ({"d.txt": BAD}, [], {}, ["--disable", "refusal-no-reason"]),
    "the mode changes": ({"d.txt": "{{ name }}, добрый день!\n"}, [], {}, ["--mode", "template"]),
}


@pytest.mark.parametrize("change", list(SETUPS))
def test_what_changed_is_checked_again(change, tmp_path, cache_env):
    before, before_options, after, after_options = SETUPS[change]

    def write(files: dict) -> None:
        for name, text in files.items():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_text(text, encoding="utf-8")

    write(before)
    first = check(*before_options, "d.txt", cwd=tmp_path, env=cache_env)
    write(after)
    second = check(*after_options, "d.txt", cwd=tmp_path, env=cache_env)
    fresh = check("--no-cache", *after_options, "d.txt", cwd=tmp_path, env=cache_env)
    assert second.stdout == fresh.stdout and second.returncode == fresh.returncode
    assert second.stdout != first.stdout, "the change shows in the report"


def test_no_cache_reads_and_writes_nothing(tmp_path, cache_env, unanalysed):
    (tmp_path / "d.txt").write_text("Добрый день! Урок перенесли на пятницу.\n", encoding="utf-8")
    before = entries(cache_env)
    assert check("--no-cache", "d.txt", cwd=tmp_path, env=cache_env).returncode == 0
    assert check("d.txt", cwd=tmp_path, env={**cache_env, "REPLYLINT_NO_CACHE": "1"}).returncode == 0
    assert entries(cache_env) == before
    # and a draft on stdin (a pre-send hook's new text each time) is not written either
    hook = run_replylint("check", "-", cwd=tmp_path, env=cache_env, stdin=BAD)
    assert hook.returncode == 1 and entries(cache_env) == before
    assert check("d.txt", cwd=tmp_path, env=cache_env).returncode == 0
    assert len(entries(cache_env)) == len(before) + 1
    assert check("--no-cache", "d.txt", cwd=tmp_path, env=unanalysed).returncode == 2


def test_two_runs_at_once_give_whole_reports_and_whole_entries(tmp_path, cache_env, unanalysed):
    folder = tmp_path / "drafts"
    folder.mkdir()
    for i in range(40):
        text = BAD if i % 3 == 0 else FIXABLE if i % 3 == 1 else "Спасибо, урок перенесли."
        (folder / f"d{i:02}.txt").write_text(f"Черновик {i}. {text}\n", encoding="utf-8")
    expected = check("--no-cache", "--jobs", "1", "drafts", cwd=tmp_path, env=cache_env).stdout
    command = [str(REPLYLINT), "check", "--format", "json", "--jobs", "1", "drafts"]
    runs = [subprocess.Popen(command, cwd=tmp_path, env=cache_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [out.decode("utf-8") for out, _ in outputs] == [expected, expected]
    again = check("--jobs", "1", "drafts", cwd=tmp_path, env=unanalysed)
    assert again.stdout == expected, again.stderr


def test_broken_foreign_and_planted_entries_are_ignored(tmp_path, cache_env, unanalysed):
    (tmp_path / "d.txt").write_text("Запись 1. " + BAD, encoding="utf-8")
    (tmp_path / "e.txt").write_text("Запись 2. " + FIXABLE, encoding="utf-8")
    before = set(entries(cache_env))
    expected = check("d.txt", "e.txt", cwd=tmp_path, env=cache_env).stdout
    ours = sorted(set(entries(cache_env)) - before)
    assert len(ours) == 2
    d_entry = next(p for p in ours if "не получится" in p.read_text(encoding="utf-8"))
    e_entry = next(p for p in ours if p != d_entry)
    d_body = d_entry.read_bytes()
    tampered = {
        "torn": d_body[: len(d_body) // 2],
        "not json": b"\x80\x04garbage",
        "another draft's entry": e_entry.read_bytes(),
        "planted: a finding that is not in the text": _planted(d_body, d_entry.stem),
        "a pickle": b"\x80\x04\x95\x0b\x00\x00\x00\x00\x00\x00\x00]\x94.",
    }
    for name, data in tampered.items():
        d_entry.write_bytes(data)
        run = check("d.txt", "e.txt", cwd=tmp_path, env=cache_env)
        assert run.stdout == expected, name
        # the bad entry was replaced by a good one: the next run needs no analysis
        assert check("d.txt", "e.txt", cwd=tmp_path, env=unanalysed).stdout == expected, name


def _planted(entry: bytes, key: str) -> bytes:
    """A well-formed entry for this key whose finding is not in the draft (and has no valid MAC)."""
    finding = {"rule": "rude-reply", "severity": "error", "message": "x", "line": 1, "column": 1, "end_line": 1,
               "end_column": 6, "start": 0, "end": 5, "match": "Дурак", "suggestions": []}
    body = json.dumps({"format": 1, "key": key, "diagnostics": [finding]}, ensure_ascii=False).encode()
    return (b"0" * 64 + b"\n" + body) if not entry.startswith(b"{") else body


def test_fix_starts_from_the_cached_findings_and_their_fixes(tmp_path, cache_env, unanalysed):
    draft = tmp_path / "d.txt"
    draft.write_text(FIXABLE, encoding="utf-8")
    preview = run_replylint("check", "--diff", "d.txt", cwd=tmp_path, env=cache_env)
    assert "+++ b/d.txt" in preview.stdout, preview.stderr
    # --diff checked the draft and what its fixes make of it: --fix needs no analysis now
    fixed = run_replylint("check", "--fix", "d.txt", cwd=tmp_path, env=unanalysed)
    assert fixed.returncode == 0, fixed.stderr
    assert "Осуществление возврата" not in draft.read_text(encoding="utf-8")
    assert fixed.stderr.startswith("Исправлено: 1")


def test_the_cache_stays_bounded(tmp_path, monkeypatch):
    from replylint import resultcache
    from replylint.engine import Linter
    from replylint.read import parse_source

    monkeypatch.setattr(resultcache, "PER_SHARD", 1)
    cache = resultcache.ResultCache(Linter(), folder=tmp_path)
    for i in range(600):
        cache.store(parse_source(f"Черновик {i}.", f"d{i}.txt"), None, None, [])
    cache.prune()
    shards = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert len(shards) > 200 and all(len(list(s.glob("*.json"))) == 1 for s in shards)


def test_a_text_with_its_context_goes_through_the_cache(tmp_path):
    """What the QA report calls for each exported reply: the same findings as the linter's."""
    from replylint import resultcache
    from replylint.engine import Linter

    linter = Linter()
    cache = resultcache.ResultCache(linter, folder=tmp_path)
    text, context = "Мария, добрый день! Сменить преподавателя не получится.", {"client": "Анна"}
    expected = linter.check_text(text, context)
    assert cache.check_text(text, context) == expected
    assert len(list(tmp_path.glob("*/*.json"))) == 1
    assert cache.check_text(text, context) == expected  # now from the entry
    assert cache.check_text(text, {"client": "Мария"}) != expected
