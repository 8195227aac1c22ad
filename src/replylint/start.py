"""The console script's first module: it keeps replylint's bytecode, then hands over to console.py.

Under PYTHONDONTWRITEBYTECODE Python compiles every module of an editable install from source at
each start, and a module imported before replylint keeps its own bytecode is compiled so too: this
one, the package's ``__init__`` and keyfile.py, which finds the folder the bytecode is kept in. So
they are small, and everything else (console.py's parser, the caches, the engine) comes after.
"""
from __future__ import annotations

import os
import sys

_kept = False


def main() -> None:
    """The console script (``replylint``): exits with the status of the command."""
    keep_own_bytecode()
    from .console import main as console_main

    console_main()


def keep_own_bytecode() -> None:
    """Keep replylint's compiled modules in its cache folder where Python is told not to write them.

    Under PYTHONDONTWRITEBYTECODE (or ``python -B``), an editable install (``pip install -e .``)
    compiles every replylint module from source on every start: a pre-send hook paid about a third
    more than a bare dictionary load for it (a wheel's modules are compiled when pip installs it).
    So replylint's own modules, and only they, keep their bytecode under ``bytecode/`` in the
    folder of the user's cache key (keyfile.private_dir: no one else may write there), never beside the
    sources and never in the cache folder: compiled code is code, and a shared or restored cache
    folder must not be a way to plant some (the caches in it are authenticated data). Python writes
    each file atomically. REPLYLINT_NO_CACHE=1 turns this off as it turns off the other caches.
    """
    global _kept
    if _kept or not sys.dont_write_bytecode or sys.pycache_prefix or os.environ.get("REPLYLINT_NO_CACHE"):
        return
    _kept = True
    from .keyfile import private_dir

    folder = private_dir()
    if folder is None:
        return
    from importlib.machinery import SOURCE_SUFFIXES, FileFinder, SourceFileLoader

    prefix = str(folder / "bytecode")

    class CachedBytecodeLoader(SourceFileLoader):
        def get_code(self, fullname):  # (compiles only: no other import runs meanwhile)
            sys.pycache_prefix, sys.dont_write_bytecode = prefix, False
            try:
                return super().get_code(fullname)
            finally:
                sys.pycache_prefix, sys.dont_write_bytecode = None, True

    package = os.path.dirname(__file__)
    for folder in [package, *(e.path for e in os.scandir(package) if os.path.isfile(os.path.join(e.path, "__init__.py")))]:
        sys.path_importer_cache[folder] = FileFinder(folder, (CachedBytecodeLoader, SOURCE_SUFFIXES))
