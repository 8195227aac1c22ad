"""Read stage: files, folders and stdin into :class:`Source` objects (text, front matter, body).

Only UTF-8 text is read. A missing file, a folder that cannot be read, a binary or non-UTF-8 file, or
broken front matter stops the run with an :class:`InputError` naming the file and line.
"""
from __future__ import annotations

import fnmatch
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .context import Context, context_from_mapping
from .errors import InputError
from .yamlio import load_yaml

DEFAULT_GLOBS = ("*.txt", "*.md")
COLLECTION_SUFFIXES = (".yaml", ".yml", ".json")  # macro collections (see collections.py)
_FRONT_MATTER_END = ("---", "...")


@dataclass
class Source:
    """One draft as read: the whole text (offsets count from its start) and where the body begins."""

    path: str  # as shown in reports
    text: str
    body_start: int = 0  # character offset of the body (after the front matter)
    context: Context = field(default_factory=Context)  # from the front matter
    entry: Any = None  # a template of a macro collection: a collections.Entry (positions in its file)

    @property
    def body(self) -> str:
        return self.text[self.body_start :]


def decode(data: bytes, path: str) -> str:
    if b"\x00" in data[:8192]:
        raise InputError("binary file, not UTF-8 text", path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte 0x{data[exc.start]:02x})", path, line) from None
    return text[1:] if text.startswith("\ufeff") else text


def read_text(path: str) -> str:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path) from None
    except PermissionError:
        raise InputError("permission denied", path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path) from None
    return decode(data, path)


def parse_source(text: str, path: str) -> Source:
    """Split off YAML front matter ("---" on the first line, closed by "---" or "...")."""
    if not (text.startswith("---\n") or text.startswith("---\r\n")):
        return Source(path, text)
    lines = text.splitlines(keepends=True)
    offset = len(lines[0])
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip("\r\n").rstrip() in _FRONT_MATTER_END:
            front = "".join(lines[1 : number - 1])
            data = load_yaml(front, path, line_offset=1, error=InputError)
            if data is not None and not isinstance(data, dict):
                raise InputError("front matter must be a mapping of keys such as client, lesson", path, 2)
            context = context_from_mapping(data, path, 2, error=InputError)
            return Source(path, text, offset + len(line), context)
        offset += len(line)
    raise InputError("front matter opened with '---' on line 1 is never closed with '---'", path, 1)


def read_stdin(name: str = "-") -> Source:
    data = sys.stdin.buffer.read()
    return parse_source(decode(data, name), name)


def expand_paths(paths: list[str], globs: tuple[str, ...] = DEFAULT_GLOBS, warn=None) -> list[str]:
    """Files to check, in a stable order: files as given, folders searched recursively for ``globs``.

    ``warn(message)`` is told of a folder with nothing to check (a CI job should not pass silently
    because of a wrong path or ``include:``)."""
    result: list[str] = []
    for raw in paths:
        if raw == "-":
            result.append(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            found = _walk(path, globs)
            if not found and warn is not None:
                warn(f"{raw}: no files matching {', '.join(globs)} in this folder")
            result.extend(found)
        elif path.exists() or path.is_symlink():
            result.append(raw)
        else:
            raise InputError("no such file or folder", raw)
    return result


def _walk(folder: Path, globs: tuple[str, ...]) -> list[str]:
    found: list[str] = []

    def fail(exc: OSError) -> None:
        raise InputError(f"cannot read folder: {exc.strerror or exc}", exc.filename or str(folder))

    for root, dirs, files in os.walk(folder, onerror=fail):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):  # .replylint.yaml and other hidden files are not drafts
                continue
            relative = (Path(root) / name).relative_to(folder).as_posix()
            if any(fnmatch.fnmatch(name, g) or ("/" in g and fnmatch.fnmatch(relative, g)) for g in globs):
                found.append(str(Path(root) / name))
    # one order everywhere: by path, folder by folder (a/z.txt before b.txt), as `find | sort` gives
    return sorted(found, key=lambda p: Path(p).relative_to(folder).parts)


def read_path(path: str, stdin_name: str = "-") -> Source:
    if path == "-":
        return read_stdin(stdin_name)
    return parse_source(read_text(path), path)


def read_sources(path: str, stdin_name: str = "-") -> list[Source]:
    """One draft, or every template of a macro collection (``.yaml``, ``.yml``, ``.json``)."""
    if path == "-":
        return [read_stdin(stdin_name)]
    if path.lower().endswith(COLLECTION_SUFFIXES):
        from .collections import read_collection

        text = read_text(path)
        return [Source(shown, template, entry=entry) for shown, template, entry in read_collection(path, text)]
    return [parse_source(read_text(path), path)]
