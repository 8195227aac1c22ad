"""GitHub Actions workflow commands, one per finding, which GitHub shows as annotations:

    ::error file=macros/refund.txt,line=3,col=14,endLine=3,endColumn=26,title=refusal-no-reason::Объясните…

``error`` for errors, ``warning`` for warnings, ``notice`` for infos. A template of a macro
collection is annotated in its collection file, its id in front of the message. Values are escaped
as GitHub's runner unescapes them: ``%``, ``\\r``, ``\\n`` everywhere, and ``:`` and ``,`` in properties.
A finding over several lines has no ``col``/``endColumn`` (GitHub takes columns on one line only).
"""
from __future__ import annotations

from typing import IO

from . import FileResult

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(results: list[FileResult], rules, stream: IO[str], **_: object) -> None:
    for r in results:
        file = r.disk_path.replace("\\", "/")
        for d in r.diagnostics:
            props = {"file": file, "line": d.line, "col": d.column, "endLine": d.end_line, "endColumn": d.end_column, "title": d.rule}
            if d.end_line != d.line:
                # GitHub takes columns only for a one-line annotation
                del props["col"], props["endColumn"]
            head = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
            message = d.message
            if r.template is not None:
                message = f"[{r.path}] {message}"
            if d.suggestions:
                message += " Замена: " + ", ".join(d.suggestions)
            stream.write(f"::{COMMAND[d.severity]} {head}::{escape_data(message)}\n")
