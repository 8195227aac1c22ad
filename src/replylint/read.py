"""Read stage: files, folders and stdin into :class:`Source` objects (text, front matter, body).

Only UTF-8 text is read. A missing file, a folder that cannot be read, a binary or non-UTF-8 file, or
broken front matter stops the run with an :class:`InputError` naming the file and line.
"""
from __future__ import annotations

import fnmatch
import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .context import Context, context_from_mapping
from .errors import InputError
from .yamlio import load_yaml

DEFAULT_GLOBS = ("*.txt", "*.md")
# The largest file read: a draft or a template is a few kilobytes, and checking takes ~5 ms per KB
# of prose (up to ~50 µs per character of text that is all marks and letters in turn), so 1 MiB is
# checked in seconds. A macro collection holds many templates and may be ten times that.
MAX_FILE_BYTES = 1 << 20  # 1 MiB
MAX_COLLECTION_BYTES = 10 << 20
# The QA report's exports (qa/exports.py) are archives, not drafts: a year of a school's chats is
# hundreds of megabytes. One is held in memory while it is read, so it is bounded all the same; a
# larger archive is given as several files (or a folder), which --dask spreads over its workers.
MAX_EXPORT_BYTES = 2 << 30  # 2 GiB
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
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) and _is_utf16(data):
        raise InputError("текст в UTF-16, а нужен UTF-8: сохраните файл в UTF-8", path)
    if b"\x00" in data[:8192]:
        raise InputError("двоичный файл, а не текст UTF-8", path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        likely = _likely_encoding(data)
        hint = f"; похоже на {likely}: перекодируйте в UTF-8" if likely else ""
        raise InputError(f"не текст UTF-8 (байт 0x{data[exc.start]:02x}){hint}", path, line) from None
    return text[1:] if text.startswith("\ufeff") else text


def _is_utf16(data: bytes) -> bool:
    """Text saved as UTF-16 (Notepad's "Unicode"): it reads as Latin and Cyrillic text in it."""
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError:
        return False
    plain = sum(1 for c in text if c.isascii() or "\u0400" <= c <= "\u04ff")
    return plain >= 0.9 * len(text)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _likely_encoding(data: bytes) -> str | None:
    """The Russian 8-bit encoding ``data`` reads as, if it reads as Russian text in it: cp1251
    (Windows), else KOI8-R. Only its lines that are not UTF-8 are read (a file may be both)."""
    data = b"\n".join(line for line in data.split(b"\n") if not _is_utf8(line))
    for encoding in ("cp1251", "koi8-r"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        letters = [c for c in text if c.isalpha()]
        cyrillic = [c for c in letters if "\u0400" <= c <= "\u04ff"]
        # KOI8-R decodes cp1251 text as Cyrillic too, in the wrong case: most letters capitals
        lower = sum(1 for c in cyrillic if c.islower())
        if cyrillic and len(cyrillic) * 2 >= len(letters) and lower * 2 >= len(cyrillic):
            return encoding
    return None


def _too_big(size: int, limit: int) -> str:
    if limit >= MAX_EXPORT_BYTES:
        return f"файл больше {limit:,} байт ({size:,} или больше): разделите выгрузку на несколько файлов"
    return f"файл больше {limit:,} байт ({size:,} или больше): это предел для одного файла, черновик занимает несколько килобайт"


def read_text(path: str, limit: int = MAX_FILE_BYTES) -> str:
    """A file's text; at most ``limit`` bytes are read, whatever the file is (/dev/zero included)."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > limit:
                raise InputError(_too_big(size, limit), path)
            data = f.read(limit + 1)
        if len(data) > limit:
            raise InputError(_too_big(len(data), limit), path)
    except FileNotFoundError:
        raise InputError("нет такого файла", path) from None
    except IsADirectoryError:
        raise InputError("это папка, а не файл", path) from None
    except PermissionError:
        raise InputError("нет прав на чтение", path) from None
    except OSError as exc:
        raise InputError(f"не удаётся прочитать: {exc.strerror or exc}", path) from None
    return decode(data, path)


def parse_source(text: str, path: str) -> Source:
    """Split off YAML front matter ("---" on the first line, closed by "---" or "...").

    A leading byte order mark is not part of the draft: files lose it when read (:func:`decode`),
    and a text given to ``lint()`` or the service keeps it, its offsets unchanged, but it is
    passed over like front matter, so every way in finds the same."""
    bom = 1 if text.startswith("\ufeff") else 0
    if not (text.startswith("---\n", bom) or text.startswith("---\r\n", bom)):
        return Source(path, text, bom)
    lines = text[bom:].splitlines(keepends=True)
    offset = bom + len(lines[0])
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip("\r\n").rstrip() in _FRONT_MATTER_END:
            front = "".join(lines[1 : number - 1])
            data = load_yaml(front, path, line_offset=1, error=InputError)
            if data is not None and not isinstance(data, dict):
                raise InputError("front matter должен быть словарём с ключами client, lesson…", path, 2)
            context = context_from_mapping(data, path, 2, error=InputError)
            return Source(path, text, offset + len(line), context)
        offset += len(line)
    raise InputError("front matter открыт строкой '---' и не закрыт второй строкой '---'", path, 1)


def read_stdin(name: str = "-") -> Source:
    data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise InputError(_too_big(len(data), MAX_FILE_BYTES), name)
    return parse_source(decode(data, name), name)


def expand_paths(paths: list[str], globs: tuple[str, ...] = DEFAULT_GLOBS, warn=None, exclude=None, on_error=None) -> list[str]:
    """Files to check, in a stable order: files as given, folders searched recursively for ``globs``.

    ``warn(message)`` is told of a folder with nothing to check (a CI job should not pass silently
    because of a wrong path or ``include:``). ``exclude(path)`` leaves files and folders out, and
    in a git work tree so are the files git ignores (exclude.py). With ``on_error(InputError)``, a
    path or folder that cannot be read is handed to it and the others are still searched."""
    result: list[str] = []
    for raw in paths:
        try:
            if raw == "-":
                result.append(raw)
                continue
            path = Path(raw)
            if exclude is not None and not path.is_dir() and exclude(raw):
                continue  # a file named one by one (pre-commit); a folder named is searched, its excluded parts not
            if path.is_dir():
                from .exclude import git_ignored

                found = _walk(path, globs, exclude, on_error, warn)
                ignored = git_ignored(path, found, warn)
                found = [f for f in found if f not in ignored]
                if not found and warn is not None:
                    warn(f"{raw}: в папке нет файлов {', '.join(globs)}" + (" (кроме исключённых)" if exclude or ignored else ""))
                result.extend(found)
            elif path.exists() or path.is_symlink():
                result.append(raw)
            else:
                raise InputError("нет такого файла или папки", raw)
        except InputError as exc:
            if on_error is None:
                raise
            on_error(exc)
    return result


def _walk(folder: Path, globs: tuple[str, ...], exclude=None, on_error=None, warn=None) -> list[str]:
    """The files under ``folder`` matching ``globs``: regular files only. A FIFO would block the
    run and a device (or a link to /dev/zero, which git can commit) would read forever, so they
    are skipped, with a note through ``warn``."""
    found: list[str] = []

    def fail(exc: OSError) -> None:
        error = InputError(f"не удаётся прочитать папку: {exc.strerror or exc}", exc.filename or str(folder))
        if on_error is None:
            raise error
        on_error(error)

    for root, dirs, files in os.walk(folder, onerror=fail):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (exclude and exclude(os.path.join(root, d))))
        for name in sorted(files):
            if name.startswith("."):  # .replylint.yaml and other hidden files are not drafts
                continue
            relative = (Path(root) / name).relative_to(folder).as_posix()
            if any(fnmatch.fnmatch(name, g) or ("/" in g and fnmatch.fnmatch(relative, g)) for g in globs):
                if exclude and exclude(os.path.join(root, name)):
                    continue
                file = str(Path(root) / name)
                try:
                    regular = stat.S_ISREG(os.stat(file).st_mode)
                except OSError:  # a broken link: reading it says so
                    regular = True
                if not regular:
                    if warn is not None:
                        warn(f"{file}: пропущен — не обычный файл (FIFO, устройство или ссылка на них)")
                    continue
                found.append(file)
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

        text = read_text(path, MAX_COLLECTION_BYTES)
        return [Source(shown, template, entry=entry) for shown, template, entry in read_collection(path, text)]
    return [parse_source(read_text(path), path)]
