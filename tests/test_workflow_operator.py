"""The operator's pre-send hook: the chat tool pipes the draft to `replylint check -`, names it with
--stdin-filename, reads JSON, blocks on exit 1 and shows warnings (README: "For operators")."""
from __future__ import annotations

import json

from test_workflow_helpers import CLEAN, REFUSAL, digest, one_line_error, write, write_team_rules


def test_stdin_draft_with_errors_blocks_and_is_named(replylint, tmp_path):
    proc = replylint("check", "-", "--stdin-filename", "chat/4711.txt", cwd=tmp_path, stdin=REFUSAL)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == ""
    first = proc.stdout.splitlines()[0]
    assert first.startswith("chat/4711.txt:1:23: error refusal-no-")
    assert "refusal-no-reason" in proc.stdout and "refusal-no-alternative" in proc.stdout
    assert proc.stdout.rstrip().splitlines()[-1].startswith("Проверено: 1 файл; 2 ошибки")


def test_stdin_without_a_name_is_reported_as_dash(replylint, tmp_path):
    proc = replylint("check", "-", cwd=tmp_path, stdin=REFUSAL)
    assert proc.returncode == 1
    assert proc.stdout.startswith("-:1:23: error ")


def test_clean_stdin_draft_passes(replylint, tmp_path):
    proc = replylint("check", "-", cwd=tmp_path, stdin=CLEAN)
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.strip() == "Проверено: 1 файл, замечаний нет."


def test_json_for_the_chat_tool(replylint, tmp_path):
    draft = "---\nclient: Анна Сергеевна\n---\nАнна Сергеевна, " + REFUSAL
    proc = replylint("check", "-", "--stdin-filename", "draft", "--format", "json", cwd=tmp_path, stdin=draft)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["version"] == 1
    assert report["files"][0]["path"] == "draft"
    d = next(d for d in report["files"][0]["diagnostics"] if d["rule"] == "refusal-no-reason")
    assert (d["severity"], d["line"], d["match"]) == ("error", 4, "не получится")
    # offsets count code points of the text as piped in, front matter included
    assert draft[d["start"] : d["end"]] == "не получится"
    assert report["summary"]["files"] == 1 and report["summary"]["errors"] >= 2


def test_fail_on_levels(replylint, tmp_path):
    """A hook blocks on errors (default), or on warnings with --fail-on warning; never only reports."""
    rules = write_team_rules(tmp_path / "team")
    warning_only = "Купите банан.\n"  # team-banana: warning
    info_only = "Купите дыню.\n"  # team-melon: info

    def status(text, *args):
        return replylint("check", "-", "--rules", str(rules), *args, cwd=tmp_path, stdin=text).returncode

    assert status(warning_only) == 0
    assert status(warning_only, "--fail-on", "warning") == 1
    assert status(warning_only, "--fail-on", "error") == 0
    assert status(info_only, "--fail-on", "warning") == 0
    assert status(info_only, "--fail-on", "info") == 1
    assert status(REFUSAL, "--fail-on", "never") == 0
    assert status(REFUSAL) == 1


def test_bad_fail_on_value_is_a_usage_error(replylint, tmp_path):
    proc = replylint("check", "-", "--fail-on", "sometimes", cwd=tmp_path, stdin=CLEAN)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "sometimes" in proc.stderr


def test_context_options_win_over_front_matter(replylint, tmp_path):
    draft = "---\nclient: Пётр\n---\nЗдравствуйте!\n"
    ctx = write(tmp_path / "ctx.yaml", "client: Анна\nlesson: \"2026-11-24 18:30\"\n")
    proc = replylint("check", "-", "--context", str(ctx), "--client", "Мария", "--format", "json", cwd=tmp_path, stdin=draft)
    assert proc.returncode in (0, 1), proc.stderr
    json.loads(proc.stdout)


def test_bad_stdin_stops_with_the_name(replylint, tmp_path):
    proc = replylint("check", "-", "--stdin-filename", "chat/9.txt", cwd=tmp_path, stdin=b"\xff\xfe bad")
    one_line_error(proc, "chat/9.txt", "не текст UTF-8")
    proc = replylint("check", "-", "--stdin-filename", "chat/9.txt", cwd=tmp_path, stdin="---\nclient: [\n---\nТекст\n")
    one_line_error(proc, "chat/9.txt:", "YAML не читается")


def test_a_checked_file_is_never_modified(replylint, tmp_path):
    write(tmp_path / "draft.txt", "---\nclient: Анна\n---\n" + REFUSAL)
    before = digest(tmp_path)
    for fmt in ("text", "json", "sarif", "github"):
        assert replylint("check", "draft.txt", "--format", fmt, "--statistics", cwd=tmp_path).returncode == 1
    assert digest(tmp_path) == before


def test_hook_script_from_the_readme(tmp_path):
    """The README's chat-tool hook script, run as written: blocks (1) on errors, passes (0) clean drafts."""
    import re
    import subprocess
    from pathlib import Path

    from conftest import REPLYLINT

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## For operators", 1)[1].split("\n## ", 1)[0]
    script = re.search(r"```sh\n(#!/bin/sh\n.*?)```", section, re.S).group(1)
    hook = tmp_path / "pre-send.sh"
    hook.write_text(script, encoding="utf-8")
    env = {"PATH": f"{REPLYLINT.parent}:/usr/bin:/bin"}
    blocked = subprocess.run(["sh", str(hook), "chat-17"], input=REFUSAL.encode(), capture_output=True, env=env, cwd=tmp_path)
    assert blocked.returncode == 1, blocked.stderr
    assert b"refusal-no-reason" in blocked.stdout + blocked.stderr
    passed = subprocess.run(["sh", str(hook), "chat-18"], input=CLEAN.encode(), capture_output=True, env=env, cwd=tmp_path)
    assert passed.returncode == 0, passed.stdout + passed.stderr


def test_stdin_filename_selects_the_config_mode(replylint, tmp_path):
    write(tmp_path / ".replylint.yaml", 'modes:\n  - files: "macros/**"\n    mode: template\n')
    template = "Здравствуйте, {{name}}!\n"
    as_template = replylint("check", "-", "--stdin-filename", "macros/new.txt", "--format", "json", cwd=tmp_path, stdin=template)
    as_draft = replylint("check", "-", "--stdin-filename", "drafts/new.txt", "--format", "json", cwd=tmp_path, stdin=template)
    rules = lambda proc: [d["rule"] for d in json.loads(proc.stdout)["files"][0]["diagnostics"]]  # noqa: E731
    assert "unfilled-placeholder" not in rules(as_template)
    assert "unfilled-placeholder" in rules(as_draft)
