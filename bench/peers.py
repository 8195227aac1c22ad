"""The tools replylint is measured against, installed by the bench when missing (never project
dependencies): textlint with textlint-rule-prh from npm, and proselint from PyPI, into
``bench/.peers/`` (ignored by git; delete it to install them again).

textlint's prh rule needs a dictionary: it is written from replylint's own bureaucratese swaps
(rules/bureaucratese.yaml), one prh rule per swap, its phrases as written ("a|b" alternatives
spelled out, grammeme marks dropped). That makes textlint+prh a fair surface-pattern peer: the same
phrases, matched as strings, with no lemmas (so it finds fewer of them: «произведём оплату» is not
«произвести оплату» to it).
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PEERS = REPO / "bench" / ".peers"
TEXTLINT_PACKAGES = ["textlint@15.8.0", "textlint-rule-prh@6.1.0"]
PROSELINT_PACKAGE = "proselint==0.16.0"


def textlint() -> list[str] | None:
    """The textlint+prh command line (paths go after it), or None when npm cannot install it."""
    folder = PEERS / "textlint"
    binary = folder / "node_modules" / ".bin" / "textlint"
    if not binary.exists():
        if shutil.which("npm") is None:
            return None
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "package.json").write_text('{"private": true}\n', encoding="utf-8")
        done = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent", *TEXTLINT_PACKAGES],
                              cwd=folder, capture_output=True, text=True)
        if done.returncode != 0 or not binary.exists():
            sys.stderr.write(f"bench: could not install textlint: {done.stderr[-300:]}\n")
            return None
    dictionary = folder / "prh.yml"
    dictionary.write_text(prh_dictionary(), encoding="utf-8")
    config = folder / "textlintrc.json"
    config.write_text(json.dumps({"rules": {"prh": {"rulePaths": [str(dictionary)]}}}), encoding="utf-8")
    return [str(binary), "--config", str(config), "--format", "json"]


def proselint() -> list[str] | None:
    """The proselint command line (paths go after it), or None when pip cannot install it."""
    folder = PEERS / "proselint"
    binary = folder / "bin" / "proselint"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=False, capture_output=True)
        done = subprocess.run([str(folder / "bin" / "pip"), "install", "-q", PROSELINT_PACKAGE], capture_output=True, text=True)
        if done.returncode != 0 or not binary.exists():
            sys.stderr.write(f"bench: could not install proselint: {done.stderr[-300:]}\n")
            return None
    return [str(binary), "check", "--output-format", "json"]


def prh_dictionary() -> str:
    """prh's YAML: one rule per bureaucratese swap, from rules/bureaucratese.yaml."""
    import yaml

    swaps = yaml.safe_load((REPO / "rules" / "bureaucratese.yaml").read_text(encoding="utf-8"))["swap"]
    rules = []
    for phrase, replacement in swaps.items():
        expected = replacement if isinstance(replacement, str) else replacement[0]
        spelled = [""]
        for word in phrase.split():
            options = [re.sub(r"<[^>]*>", "", w) for w in word.split("|")]
            spelled = [f"{s} {o}".strip() for s in spelled for o in options]
        rules.append({"expected": expected, "patterns": spelled})
    return yaml.safe_dump({"version": 1, "rules": rules}, allow_unicode=True, sort_keys=False)
