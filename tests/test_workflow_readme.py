"""The README's snippets for the three users work as written (see also the hook script test in
test_workflow_operator.py)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPLYLINT, REPO
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


# --- the README followed line by line, as written, on a fresh copy of the repository -------------

# Commands of the README's sh blocks that this test does not run, and why.
NOT_RUN = {
    "python3 -m venv": ".ci/run runs the set-up line itself, on a fresh clone",
    ".venv/bin/python -m pytest": "this is the test suite",
    "python -m pytest tests/test_hostile_fuzz.py --hypothesis-profile=long": "the long fuzz profile: minutes, run by hand (the suite runs the short one)",
    ". .venv/bin/activate": "the test puts the environment's bin folder first on PATH instead",
    "replylint serve": "long-running: tests/test_serve_api.py and test_serve_browser.py start it",
    "python3 -m http.server": "long-running: tests/test_serve_browser.py serves the page",
    "curl ": "needs the running service: tests/test_serve_api.py sends the same request",
    "python bench/bench.py": "a benchmark, never a test",
    "python bench/hostile.py": "hostile requests against a running service: a benchmark, never a test",
    "python ../shared/eval/score.py": "needs the shared corpus beside the clone: .ci/run scores it",
    "git push": "needs a remote that takes pushes (the tag itself is made and installed from below)",
    "cd editors/vscode": "needs npm and the npm registry: the VS Code extension is built by hand",
    "code --install-extension": "needs VS Code",
    "pip install -e '.[report]'": "would reinstall the environment running the tests from the test's copy ('.[dev]', which .ci/run installs, includes the report extra)",
    "pip install 'dask[distributed]' && dask scheduler": "long-running: a Dask cluster (tests/test_report.py runs a LocalCluster)",
    "pip install '/path/to/replylint[report]'": "a worker machine of a real cluster",
    "replylint report exports/ --out report.html --dask tcp://": "needs a running Dask cluster",
}
# What a command exits with when it is not 0 or 1 (findings), as the README says.
EXPECTED_STATUS = {"replylint check --fromat json examples/bad-refusal.txt": 2}


def readme_commands() -> list[str]:
    commands = []
    for block in blocks(README, "sh"):
        if block.startswith("#!"):  # the hook script: test_workflow_operator.py runs it
            continue
        for line in block.replace("\\\n", " ").splitlines():  # a command continued with "\\" is one
            command = re.sub(r"\s+#.*$", "", line).strip()
            if command and not command.startswith("#") and not any(command.startswith(p) for p in NOT_RUN):
                commands.append(command)
    return commands


def fresh_copy(target: Path) -> Path:
    """The repository's files as a fresh clone has them (tracked and new files, nothing ignored),
    committed in a new repository of their own."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO, capture_output=True, check=True)
    for name in filter(None, listed.stdout.decode("utf-8").split("\0")):
        if (REPO / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, target / name)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "fresh clone"]):
        subprocess.run([*git, *command], cwd=target, check=True, capture_output=True)
    return target


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed (the .ci/run machine has it)")
def test_every_readme_command_works_as_written_on_a_fresh_clone(tmp_path):
    clone = fresh_copy(tmp_path / "replylint")
    env = {"PATH": f"{REPLYLINT.parent}:/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    commands = readme_commands()
    assert len(commands) >= 12, commands
    # the environment running these tests is the one on PATH: a README command that installs must
    # be listed in NOT_RUN, or it would reinstall replylint from this temporary copy
    assert not [c for c in commands if re.match(r"(?:\S*/)?pip3? install", c)], commands
    for command in commands:
        proc = subprocess.run(["bash", "-c", command], cwd=clone, env=env, capture_output=True, timeout=300)
        out = proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")
        assert proc.returncode == EXPECTED_STATUS.get(command, proc.returncode if proc.returncode in (0, 1) else -1), (command, out)
        assert "Traceback" not in out and "внутренняя ошибка" not in out, (command, out)
    # what the README says these commands did
    baseline = json.loads((clone / "replylint-baseline.json").read_text(encoding="utf-8"))
    assert sum(f["count"] for f in baseline["findings"]) == 3
    assert (clone / "team" / "team-rules" / "no-weekend-promise.yaml").is_file()
    # the tag the GitHub Actions step and pre-commit pin: pip installs replylint from it
    job = yaml.safe_load(blocks(section("For CI"), "yaml")[1])
    (install,) = [s["run"] for s in job["jobs"]["templates"]["steps"] if "pip install" in s.get("run", "")]
    url = re.search(r'"replylint @ (git\+\S+)"', install).group(1)
    assert url.endswith("@v0.1.0")
    from packaging.requirements import Requirement

    assert Requirement(f"replylint @ {url}").url == url  # what pip reads in the step
    local = url.replace("https://example.org/your-team/replylint", f"file://{clone}")
    wheel = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "wheel"), local],
        capture_output=True, text=True, timeout=300,
    )
    assert wheel.returncode == 0, wheel.stderr[-2000:]
    assert list((tmp_path / "wheel").glob("replylint-0.1.0-*.whl"))


def test_the_github_actions_steps_run_as_written_on_a_template_repository(tmp_path):
    job = yaml.safe_load(blocks(section("For CI"), "yaml")[1])
    shutil.copytree(REPO / "examples" / "macros", tmp_path / "macros")
    env = {"PATH": f"{REPLYLINT.parent}:/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    statuses = []
    for step in job["jobs"]["templates"]["steps"]:
        if "run" not in step or "pip install" in step["run"]:
            continue  # the install is checked by the test above
        proc = subprocess.run(["bash", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert "Traceback" not in proc.stderr, proc.stderr
        statuses.append(proc.returncode)
    assert statuses == [1, 0]  # the annotations step fails on the example's error; the SARIF one never
    sarif = json.loads((tmp_path / "replylint.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"]


def test_the_pre_commit_hooks_never_check_a_file_twice():
    """As pre-commit picks files: a hook's own `files` unless the user's config gives one, minus the
    user's `exclude`."""
    precommit = blocks(section("For CI"), "yaml")[2]
    ours = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    staged = ["macros/a.txt", "macros/b.md", "macros/set.yaml", "macros/set.json", "macros/sub/c.yml",
              "macros/.replylint.yaml", ".replylint.yaml", ".pre-commit-config.yaml", "README.md", "docs/x.txt", "ci.yml"]
    taken: dict[str, list[str]] = {}
    for hook in yaml.safe_load(precommit)["repos"][0]["hooks"]:
        assert "files" not in hook, "a files: in the user's config replaces the hook's own pattern"
        files = ours[hook["id"]]["files"]
        for path in staged:
            if re.search(files, path) and not re.search(hook.get("exclude", "^$"), path):
                taken.setdefault(path, []).append(hook["id"])
    assert taken == {
        "macros/a.txt": ["replylint"], "macros/b.md": ["replylint"],
        "macros/set.yaml": ["replylint-collections"], "macros/set.json": ["replylint-collections"],
        "macros/sub/c.yml": ["replylint-collections"],
    }
