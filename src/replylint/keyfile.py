"""This user's cache key, and the folder it lives in.

The caches in the cache folder (cache.py, resultcache.py) are authenticated with a random key of this
user's that lives outside it: ``$XDG_STATE_HOME/replylint/cache-key``, else
``~/.local/state/replylint/cache-key`` (mode 0600; ``$REPLYLINT_CACHE_KEY_FILE`` names another). A
key file that others can read or write, or that belongs to another user, is not used. The key's
folder is also where replylint keeps its own bytecode (start.py), which must not be planted either.

A module of its own, and a small one: the console script reads it before it can keep replylint's
bytecode, so it is compiled from source at every start (see start.py).
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


def key_file() -> Path:
    if os.environ.get("REPLYLINT_CACHE_KEY_FILE"):
        return Path(os.environ["REPLYLINT_CACHE_KEY_FILE"])
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(base) / "replylint" / "cache-key"


@lru_cache(maxsize=1)
def _secret() -> bytes | None:
    """This user's cache key, made on first use; None when there is no safe one (no cache then)."""
    path = key_file()
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return _new_secret(path)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        stat = os.fstat(f.fileno())
        mine = not hasattr(os, "getuid") or (stat.st_uid == os.getuid() and not stat.st_mode & 0o077)
        secret = f.read(64)
    return secret if mine and len(secret) >= 32 else None


def private_dir() -> Path | None:
    """The folder of this user's cache key, when it is theirs alone (no one else may write to it):
    the place for what must not be planted, such as compiled code. None when there is none."""
    if _secret() is None:
        return None
    folder = key_file().parent
    try:
        stat = folder.stat()
    except OSError:
        return None
    if hasattr(os, "getuid") and (stat.st_uid != os.getuid() or stat.st_mode & 0o022):
        return None
    return folder


def _new_secret(path: Path) -> bytes | None:
    secret = os.urandom(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use that one
        _secret.cache_clear()
        return _secret.__wrapped__()
    except OSError:
        return None
    with os.fdopen(fd, "wb") as f:
        f.write(secret)
    return secret
