"""SARIF 2.1.0, valid against the OASIS schema (tests/data/sarif-schema-2.1.0.json checks it).

One run: ``tool.driver`` lists every rule in force (id, CamelCase name, short and full description,
help, default level); each finding is a result with ``ruleId``/``ruleIndex``, ``level`` (error,
warning, note for info), the message, and a physical location: the file's path as a relative URI
and a region whose columns count Unicode code points (``columnKind``), endColumn exclusive. A template
of a macro collection is located in its collection file, its id in the result's logical location
and properties.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO
from urllib.parse import quote

from . import FileResult

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/replylint/"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    # the bytes of the name, percent-encoded: a name that is not UTF-8 (its bytes kept as
    # surrogates by Python) is written as it is on disk
    return quote(os.fsencode(p.as_posix()) if path not in ("-", "") else "stdin", safe="/")


def _rule(rule) -> dict:
    short = rule.description or rule.message
    full = (rule.explain or short).strip()
    help_text = f"{full}\n\nПринцип: {rule.cited}."
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": LEVEL.get(rule.severity, "warning")},
        "properties": {"kind": rule.kind, "principle": rule.principle.get("name", "")},
    }


def sarif_log(results: list[FileResult], rules) -> dict:
    from .. import __version__

    rules = list(rules)
    index = {r.id: i for i, r in enumerate(rules)}
    out = []
    for r in results:
        uri = artifact_uri(r.disk_path)
        for d in r.diagnostics:
            location = {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {
                        "startLine": d.line,
                        "startColumn": d.column,
                        "endLine": d.end_line,
                        "endColumn": max(d.end_column, d.column + 1 if d.end_line == d.line else d.end_column),
                        "charOffset": d.start,
                        "charLength": max(0, d.end - d.start),
                    },
                }
            }
            if r.template is not None:
                location["logicalLocations"] = [{"name": r.template, "fullyQualifiedName": r.path, "kind": "template"}]
            text = d.message
            if d.suggestions:
                text += " Замена: " + ", ".join(d.suggestions)
            result = {
                "ruleId": d.rule,
                "level": LEVEL[d.severity],
                "message": {"text": text},
                "locations": [location],
            }
            if d.rule in index:
                result["ruleIndex"] = index[d.rule]
            if d.fix is not None:
                result["fixes"] = [_fix(d, uri)]
            if r.template is not None:
                result["properties"] = {"template": r.template}
            out.append(result)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "replylint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(rule) for rule in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": out,
            }
        ],
    }


def _fix(d, uri: str) -> dict:
    """A finding's fix as SARIF: the replacements in the file, and whether `check --fix` applies it."""
    safe = "безопасное" if d.fix.safe else "небезопасное: применяется с --unsafe-fixes"
    return {
        "description": {"text": f"Исправление ({safe}): " + "; ".join(repr(e.text) for e in d.fix.edits)},
        "artifactChanges": [{
            "artifactLocation": {"uri": uri},
            "replacements": [
                {"deletedRegion": {"charOffset": e.start, "charLength": e.end - e.start}, "insertedContent": {"text": e.text}}
                for e in d.fix.edits
            ],
        }],
        "properties": {"safe": d.fix.safe},
    }


def render(results: list[FileResult], rules, stream: IO[str], **_: object) -> None:
    json.dump(sarif_log(results, rules), stream, ensure_ascii=False, indent=2)
    stream.write("\n")
