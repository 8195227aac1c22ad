"""Which files a check leaves out: ``--exclude`` and the config's ``exclude:`` globs, and, when a
folder inside a git work tree is searched, the files git ignores.

A glob without "/" matches a file or folder name at any depth (``build``, ``*.bak.txt``); a glob
with "/" matches the path from its base folder: the current folder for ``--exclude``, the config's
folder for ``exclude:`` (``macros/old/**``, ``macros/old``). A matching folder is not searched at all.
Files named on the command line are left out too (pre-commit and editors name files one by one);
stdin never is. Only folders are asked about git: a file named on the command line is checked even
when git ignores it.
"""
from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable


@dataclass
class Excludes:
    """Globs, each with the folder it is relative to, and exact files (the report, the baselines)."""

    globs: list[tuple[str, str]] = field(default_factory=list)  # (glob, base folder, absolute)
    files: set[str] = field(default_factory=set)  # absolute paths

    @classmethod
    def build(cls, cli_globs: Iterable[str], config_globs: Iterable[str], config_base: str | None, files: Iterable[str | None]) -> "Excludes":
        here = os.getcwd()
        globs = [(_clean(g), here) for g in cli_globs]
        globs += [(_clean(g), config_base or here) for g in config_globs]
        return cls([(g, b) for g, b in globs if g], {os.path.abspath(f) for f in files if f and f != "-"})

    def __bool__(self) -> bool:
        return bool(self.globs or self.files)

    def __call__(self, path: str) -> bool:
        """Is ``path`` (a file or a folder) left out?"""
        if path == "-":
            return False
        absolute = os.path.abspath(path)
        if absolute in self.files:
            return True
        name = os.path.basename(absolute)
        for glob, base in self.globs:
            if "/" not in glob:
                if fnmatch.fnmatchcase(name, glob):
                    return True
                continue
            relative = os.path.relpath(absolute, base).replace(os.sep, "/")
            if relative.startswith("../"):
                continue
            if fnmatch.fnmatchcase(relative, glob) or fnmatch.fnmatchcase(relative + "/", glob):
                return True
        return False


def _clean(glob: str) -> str:
    glob = glob.strip().replace("\\", "/")
    while glob.startswith("./"):
        glob = glob[2:]
    return glob.rstrip("/")


def git_ignored(folder: Path, files: list[str], warn: Callable[[str], None] | None) -> set[str]:
    """Those of ``files`` (found under ``folder``) that git ignores, when ``folder`` is in a git work
    tree; none otherwise. Without git installed, or when git cannot answer, nothing is left out and
    ``warn`` says so."""
    if not files or not _in_work_tree(folder):
        return set()
    import subprocess  # only a folder in a work tree pays for it

    relative = [os.path.relpath(f, folder) for f in files]
    try:
        proc = subprocess.run(
            ["git", "check-ignore", "--stdin", "-z"],
            cwd=folder, input="\0".join(relative).encode("utf-8"), capture_output=True, timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        if warn is not None:
            reason = "git не установлен" if isinstance(exc, FileNotFoundError) else f"git не ответил ({exc})"
            warn(f"{folder}: папка в рабочей копии git, но {reason}: файлы из .gitignore проверяются")
        return set()
    if proc.returncode not in (0, 1):  # 1: nothing ignored
        if warn is not None:
            reason = (proc.stderr.decode("utf-8", "replace").strip().splitlines() or ["?"])[0]
            warn(f"{folder}: git check-ignore не ответил ({reason}): файлы из .gitignore проверяются")
        return set()
    ignored = {p for p in proc.stdout.decode("utf-8", "surrogateescape").split("\0") if p}
    return {f for f, r in zip(files, relative) if r in ignored}


def _in_work_tree(folder: Path) -> bool:
    """A .git (folder, or file of a worktree or submodule) here or above: asked without starting git."""
    here = folder.resolve()
    return any((p / ".git").exists() for p in (here, *here.parents))
