"""The wheel carries the built-in rules, and an installed replylint finds and uses them."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import REPO, URGENT_RULE


def test_the_wheel_ships_every_built_in_rule_and_word_list(built_wheel):
    names = set(zipfile.ZipFile(built_wheel).namelist())
    for rule in (REPO / "rules").rglob("*.yaml"):
        assert f"replylint/builtin_rules/{rule.relative_to(REPO / 'rules').as_posix()}" in names


def test_an_installed_package_finds_its_rules_outside_the_checkout(built_wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(built_wheel).extractall(site)
    script = (
        "from replylint.loader import builtin_rules_dir; import replylint;"
        "print(builtin_rules_dir());"
        "print(sorted({d.rule for d in replylint.lint('Сменить тариф не получится.')}))"
    )
    env = {**os.environ, "PYTHONPATH": str(site), "REPLYLINT_NO_CACHE": "1"}
    proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    rules_dir, found = proc.stdout.splitlines()
    assert Path(rules_dir) == site / "replylint" / "builtin_rules"
    assert "refusal-no-reason" in found


def test_compiled_rules_are_cached_and_a_changed_rule_file_is_seen(replylint, tmp_path):
    team = tmp_path / "team"
    team.mkdir()
    rule = team / "urgent.yaml"
    text = URGENT_RULE
    rule.write_text(text, encoding="utf-8")
    (tmp_path / "d.txt").write_text("Срочно оплатите немедленно.\n", encoding="utf-8")
    env = {**os.environ, "REPLYLINT_CACHE_DIR": str(tmp_path / "cache")}
    first = replylint("check", "--rules", "team", "--format", "json", "d.txt", cwd=tmp_path, env=env)
    assert '"match": "Срочно"' in first.stdout
    assert list((tmp_path / "cache").glob("rules-*.pickle"))
    rule.write_text(text.replace("patterns: [срочно]", "patterns: [немедленно]").replace("Срочно оплатите.]", "Оплатите немедленно.]"), encoding="utf-8")
    second = replylint("check", "--rules", "team", "--format", "json", "d.txt", cwd=tmp_path, env=env)
    assert '"match": "немедленно"' in second.stdout and '"match": "Срочно"' not in second.stdout


def test_an_unwritable_cache_does_not_break_a_check(replylint, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    (tmp_path / "d.txt").write_text("Сменить тариф не получится.\n", encoding="utf-8")
    env = {**os.environ, "REPLYLINT_CACHE_DIR": str(blocker / "cache")}
    proc = replylint("check", "d.txt", cwd=tmp_path, env=env)
    assert proc.returncode == 1 and "refusal-no-reason" in proc.stdout and proc.stderr == ""


def test_the_cache_keeps_only_its_newest_files(tmp_path, monkeypatch):
    from replylint import cache

    monkeypatch.setenv("REPLYLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("REPLYLINT_NO_CACHE", raising=False)
    source = tmp_path / "rule.yaml"
    for version in range(cache.KEEP + 5):  # every edit of the file is a new key, and a new file
        source.write_text(f"version {version}\n", encoding="utf-8")
        assert cache.cached("rules", [source], lambda: version) == version
    kept = list((tmp_path / "cache").glob("rules-*.pickle"))
    assert len(kept) == cache.KEEP
    source.write_text(f"version {cache.KEEP + 4}\n", encoding="utf-8")
    assert cache.cached("rules", [source], lambda: "rebuilt") == cache.KEEP + 4  # the newest is still there
