"""Applying fixes: the one module that writes them, for every surface.

A finding may carry a :class:`~replylint.rule.Fix` (its rule decided the replacement and whether it
is safe). This module only applies them: ``check --fix``/``--unsafe-fixes``/``--diff`` (drafts and
macro collections), the service's ``POST /v1/fix``, and the language server's "fix all" action.

- In one round, the fixes to apply are taken in order and a fix that overlaps one already taken
  waits; after each round the text is checked again, so a fix that waited is applied (or dropped)
  on what the text has become. Rounds stop when nothing is left to apply, when a text comes back
  (fixes that undo each other), or after :data:`MAX_ROUNDS`.
- A draft's front matter is never edited.
- In a macro collection, each template's edits are written where its characters are in the file,
  as that string writes them (collections.file_edits: JSON and YAML escapes, quotes, HTML); every
  other byte stays as it was. The collection is read again after the edits, and a fix whose
  templates do not come out as intended (or that would change another template) is not written.
- A file is written only if it is still what was read (its bytes compared just before writing),
  through a temporary file in the same folder and ``os.replace``, keeping its permissions and a
  byte-order mark it had.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Iterable

from .errors import InputError
from .rule import Diagnostic, Edit, Fix

MAX_ROUNDS = 10


def wanted(fix: Fix | None, unsafe: bool) -> bool:
    return fix is not None and (fix.safe or unsafe)


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with the edits made (they must not overlap; offsets refer to ``text`` as given)."""
    out = []
    at = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < at:
            raise ValueError(f"overlapping edits at {e.start}")
        out.append(text[at : e.start])
        out.append(e.text)
        at = e.end
    out.append(text[at:])
    return "".join(out)


def _span(fix: Fix) -> tuple[int, int]:
    return min(e.start for e in fix.edits), max(e.end for e in fix.edits)


def choose(diagnostics: Iterable[Diagnostic], unsafe: bool = False, floor: int = 0) -> list[Fix]:
    """The fixes to apply in one round: in the order of the text, none overlapping (or touching:
    two replacements side by side may read wrong together) one taken before it, none before ``floor``
    (a draft's front matter)."""
    taken: list[tuple[int, int]] = []
    out = []
    seen = set()
    for d in sorted(diagnostics, key=lambda d: (d.start, d.end)):
        fix = d.fix
        if not wanted(fix, unsafe) or not fix.edits or fix in seen:
            continue
        start, end = _span(fix)
        if start < floor or any(start <= b and a <= end for a, b in taken):
            continue
        seen.add(fix)
        taken.append((start, end))
        out.append(fix)
    return out


@dataclass
class Fixed:
    """What fixing one file (or text) came to."""

    path: str
    before: str
    after: str
    applied: int = 0
    results: list[Any] = field(default_factory=list)  # report.FileResult of what is left

    @property
    def changed(self) -> bool:
        return self.before != self.after


# ---------------------------------------------------------------------------------------------
# Drafts


def fix_draft(linter, text: str, path: str, overrides=None, mode: str | None = None, unsafe: bool = False) -> Fixed:
    """A draft's text (front matter and all) with its fixes applied, round by round."""
    from .read import parse_source
    from .report import FileResult

    def check(current: str):
        source = parse_source(current, path)
        return source, linter.check_source(source, overrides, mode)

    before = text
    seen = {text}
    applied = 0
    source, diagnostics = check(text)
    for _ in range(MAX_ROUNDS):
        fixes = choose(diagnostics, unsafe, floor=source.body_start)
        if not fixes:
            break
        new = apply_edits(text, [e for f in fixes for e in f.edits])
        if new in seen:
            break
        text, applied = new, applied + len(fixes)
        seen.add(new)
        source, diagnostics = check(text)
    return Fixed(path, before, text, applied, [FileResult(path, diagnostics, text)])


# ---------------------------------------------------------------------------------------------
# Macro collections


def fix_collection(linter, text: str, path: str, overrides=None, mode: str | None = None, unsafe: bool = False) -> Fixed:
    """A collection file's text with its templates' fixes written in place."""
    from .collections import file_edits, read_collection
    from .read import Source
    from .run import check_template, check_one

    before = text
    applied = 0
    seen = {text}
    for _ in range(MAX_ROUNDS):
        templates = read_collection(path, text)
        # (template index, its edits, the file's edits) per fix
        candidates: list[tuple[int, tuple[Edit, ...], list[Edit]]] = []
        taken: list[tuple[int, int]] = []
        for index, (shown, template, entry) in enumerate(templates):
            diagnostics = check_template(linter, Source(shown, template, entry=entry), overrides, mode)
            for fix in choose(diagnostics, unsafe):
                edits = file_edits(entry, fix.edits)
                if edits is None:
                    continue  # a string that cannot be traced or written back: left as it is
                a, b = min(e.start for e in edits), max(e.end for e in edits)
                if any(a <= y and x <= b for x, y in taken):
                    continue
                taken.append((a, b))
                candidates.append((index, fix.edits, edits))
        new, written = _write_back(path, text, templates, candidates)
        if new is None or new in seen:
            break
        text = new
        seen.add(new)
        applied += written
    results = [check_one(linter, Source(shown, template, entry=entry), overrides, mode) for shown, template, entry in read_collection(path, text)]
    return Fixed(path, before, text, applied, results)


def _write_back(path: str, text: str, templates, candidates) -> tuple[str | None, int]:
    """The file with the candidates' edits, all at once if the collection then reads as intended,
    otherwise one by one, keeping those that do; and how many were written."""
    if not candidates:
        return None, 0
    new = _try(path, text, templates, candidates)
    if new is not None:
        return new, len(candidates)
    kept: list = []
    for candidate in candidates:
        if _try(path, text, templates, [*kept, candidate]) is not None:
            kept.append(candidate)
    return (_try(path, text, templates, kept), len(kept)) if kept else (None, 0)


def _try(path: str, text: str, templates, candidates) -> str | None:
    from .collections import read_collection

    expected = [template for _, template, _ in templates]
    by_template: dict[int, list[Edit]] = {}
    for index, template_edits, _ in candidates:
        by_template.setdefault(index, []).extend(template_edits)
    for index, edits in by_template.items():
        expected[index] = apply_edits(expected[index], edits)
    new = apply_edits(text, [e for _, _, edits in candidates for e in edits])
    try:
        again = read_collection(path, new)
    except InputError:
        return None
    if [t for _, t, _ in again] != expected or [s for s, _, _ in again] != [s for s, _, _ in templates]:
        return None
    return new


# ---------------------------------------------------------------------------------------------
# Files


def fix_file(linter, path: str, overrides=None, mode: str | None = None, unsafe: bool = False, write: bool = True) -> Fixed:
    """Fix one file on disk (a draft or a macro collection); with ``write``, save it if it changed."""
    from .read import COLLECTION_SUFFIXES, decode

    data = _read_bytes(path)
    bom = data.startswith(b"\xef\xbb\xbf")
    text = decode(data, path)
    if path.lower().endswith(COLLECTION_SUFFIXES):
        fixed = fix_collection(linter, text, path, overrides, mode, unsafe)
    else:
        fixed = fix_draft(linter, text, path, overrides, mode, unsafe)
    if write and fixed.changed:
        write_if_unchanged(path, data, (b"\xef\xbb\xbf" if bom else b"") + fixed.after.encode("utf-8"))
    return fixed


def _read_bytes(path: str) -> bytes:
    from .read import read_text

    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        read_text(path)  # raises the usual one-line error
        raise


def write_if_unchanged(path: str, read: bytes, new: bytes) -> None:
    """Replace the file with ``new`` unless it is no longer ``read`` (someone saved it meanwhile)."""
    target = os.path.realpath(path)  # a symbolic link keeps pointing at the fixed file
    try:
        with open(target, "rb") as f:
            now = f.read()
    except OSError as exc:
        raise InputError(f"не удаётся прочитать его снова перед записью: {exc.strerror or exc}", path) from None
    if now != read:
        raise InputError("изменился на диске после чтения; не записан (запустите ещё раз)", path)
    folder = os.path.dirname(target) or "."
    import tempfile

    fd, temp = tempfile.mkstemp(prefix=".replylint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(new)
            f.flush()
            os.fsync(f.fileno())
        mode = os.stat(target).st_mode
        os.chmod(temp, mode & 0o7777)
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def unified_diff(path: str, before: str, after: str) -> str:
    """What --diff prints for one file: a unified diff that `git apply` and `patch -p1` take."""
    import difflib

    shown = path.replace(os.sep, "/")
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{shown}", f"b/{shown}"
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
