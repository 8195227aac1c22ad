"""Shared test helpers: run the real CLI as a user would, in a temporary folder."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
REPLYLINT = Path(sys.executable).parent / "replylint"


# A small team rule for tests that need one (the built-in rules may be retuned at any time).
URGENT_RULE = """\
id: urgent
severity: warning
message: "Без «{match}»."
principle: {name: Прозрачность, source: 000_a60251a68827976a.txt}
explain: Потому что.
kind: existence
patterns: [срочно]
examples:
  flag: [Срочно оплатите.]
  pass: [Оплатите до пятницы.]
"""


def run_replylint(*args: str, cwd: Path | None = None, stdin: str | bytes | None = None, env: dict | None = None):
    """Run the installed `replylint` console script; returns the CompletedProcess (text)."""
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    proc = subprocess.run(
        [str(REPLYLINT), *args], cwd=cwd, input=data, capture_output=True, env=env, timeout=120
    )
    proc.stdout = proc.stdout.decode("utf-8", "replace")
    proc.stderr = proc.stderr.decode("utf-8", "replace")
    return proc


@pytest.fixture
def replylint():
    return run_replylint


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory) -> Path:
    """The project's wheel, built once per test session (offline: hatchling is in the dev extra)."""
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(REPO)],
        capture_output=True, text=True, timeout=300,
    )
    if proc.returncode != 0:
        pytest.skip(f"cannot build the wheel here: {proc.stderr[-300:]}")
    (wheel,) = out.glob("replylint-*.whl")
    return wheel


# Hypothesis (tests/test_hostile_fuzz.py): a short profile for the suite, a long one for a fuzzing
# session (`pytest tests/test_hostile_fuzz.py --hypothesis-profile=long`, see the README).
try:
    from hypothesis import HealthCheck, settings

    settings.register_profile("default", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile("long", max_examples=5_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    settings.load_profile("default")
except ImportError:  # pragma: no cover - hypothesis is in the dev extra
    pass
