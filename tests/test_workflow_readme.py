"""The README's snippets for the three users work as written (see also the hook script test in
test_workflow_operator.py)."""
from __future__ import annotations

import re

import yaml

from conftest import REPO
from test_workflow_helpers import REFUSAL, write

README = (REPO / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    return README.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", text, re.S)


def test_sections_come_before_how_it_works():
    order = [README.index(f"## {t}") for t in ("For operators: a pre-send hook", "For team leads: config and team rules", "For CI: macro templates", "How it works")]
    assert order == sorted(order)


def test_team_lead_config_and_rule_as_written(replylint, tmp_path):
    config, rule = blocks(section("For team leads"), "yaml")[:2]
    write(tmp_path / ".replylint.yaml", config)
    write(tmp_path / "team-rules" / "no-weekend-promise.yaml", rule)
    proc = replylint("rules", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "no-weekend-promise" in proc.stdout and "emoji-mismatch" not in proc.stdout
    assert replylint("test-rules", "team-rules", cwd=tmp_path).returncode == 0
    # the rule shown is the one `replylint init` writes
    init = tmp_path / "fresh"
    init.mkdir()
    assert replylint("init", cwd=init).returncode == 0
    written = (init / "team-rules" / "no-weekend-promise.yaml").read_text(encoding="utf-8")
    assert rule in written


def test_ci_snippets_parse_and_the_collection_example_is_clean(replylint, tmp_path):
    collection, job, precommit = blocks(section("For CI"), "yaml")
    steps = yaml.safe_load(job)["jobs"]["templates"]["steps"]
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    runs = [s["run"] for s in steps if "run" in s]
    assert any("--format github" in r for r in runs) and any("--format sarif" in r for r in runs)
    hooks = yaml.safe_load(precommit)["repos"][0]["hooks"]
    ids = {h["id"] for h in hooks}
    ours = {h["id"] for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert ids <= ours
    write(tmp_path / "macros" / "refunds.yaml", collection)
    write(tmp_path / "macros" / "bad.txt", REFUSAL)
    proc = replylint("check", "--mode", "template", "macros/refunds.yaml", "--format", "github", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    proc = replylint("check", "--mode", "template", "macros/", "--format", "github", "--statistics", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.startswith("::error file=macros/bad.txt,line=1,col=23,")
