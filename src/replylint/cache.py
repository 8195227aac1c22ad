"""A cache of compiled rules, keyed by the rule files' contents.

Compiling rules means parsing YAML and looking every pattern word up in the dictionary; a pre-send
hook that runs once per message should not pay that each time. The cache lives in
``$REPLYLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/replylint``, else ``~/.cache/replylint``. Any change
to a rule file, a word list, replylint's own modules or the dictionary gives a new key. The cache is best effort:
if it cannot be read or written, rules are compiled as usual. ``REPLYLINT_NO_CACHE=1`` turns it off.
Writing a new file removes all but the newest few of its kind, so edits do not pile up files.

A cache folder may be shared or restored from elsewhere (a CI cache), so what is in it is not
trusted: a pickle can run code when loaded, and a planted one could also switch every rule off.
Each entry therefore carries an HMAC-SHA256 of its name and contents, keyed by a random key of this
user's that lives outside the cache folder (``$XDG_STATE_HOME/replylint/cache-key``, else
``~/.local/state/replylint/cache-key``, mode 0600; ``$REPLYLINT_CACHE_KEY_FILE`` names another;
keyfile.py).
An entry whose HMAC does not verify is never unpickled: it is ignored and rebuilt. A key file that
others can read or write, or that belongs to another user, is not used (and then nothing is cached).
HMAC over pickle rather than a data format such as JSON: the compiled rules are a graph of objects
that pickle loads in a few milliseconds, and a pre-send hook pays for loading on every message.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, TypeVar

from .keyfile import _secret  # this user's key, outside the cache folder

T = TypeVar("T")
_MAGIC = b"replylint-cache-1\n"
_MAC_SIZE = 32  # HMAC-SHA256


def cache_dir() -> Path:
    if os.environ.get("REPLYLINT_CACHE_DIR"):
        return Path(os.environ["REPLYLINT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "replylint"


def key_for(files: list[Path]) -> str:
    digest = hashlib.sha256()
    digest.update(_engine_key().encode())
    for file in files:
        digest.update(str(file.resolve()).encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
        digest.update(file.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:32]


@lru_cache(maxsize=1)
def _engine_key() -> str:
    """replylint's, Python's and the dictionary's versions, and the engine's own modules: the engine
    compiles the rules, so a changed engine (a developer's checkout) is a new key too. Its modules'
    sizes and times are cheap to read and change with every edit; read once per process."""
    from . import __version__

    parts = [f"{__version__}|{sys.version_info[:2]}|{_dictionary_version()}"]
    package = os.path.dirname(os.path.abspath(__file__))
    for root, dirs, names in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(n for n in names if n.endswith(".py")):
            stat = os.stat(os.path.join(root, name))
            parts.append(f"{root}/{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)


def _dictionary_version() -> str:
    try:  # module attributes: cheaper than importlib.metadata's search of site-packages
        import pymorphy3
        import pymorphy3_dicts_ru

        return f"{pymorphy3_dicts_ru.__version__}/{pymorphy3.__version__}"
    except Exception:  # noqa: BLE001 - an unknown version only makes the key less stable
        return "unknown"


def _mac(secret: bytes, label: str, payload: bytes) -> bytes:
    return hmac.new(secret, label.encode("utf-8", "surrogateescape") + b"\0" + payload, hashlib.sha256).digest()


def _load(path: Path, secret: bytes) -> Any:
    """The value stored at ``path`` if its HMAC verifies; raises otherwise (never unpickles then)."""
    with open(path, "rb") as f:
        data = f.read()
    mac, payload = data[len(_MAGIC) : len(_MAGIC) + _MAC_SIZE], data[len(_MAGIC) + _MAC_SIZE :]
    if not data.startswith(_MAGIC) or not hmac.compare_digest(mac, _mac(secret, path.name, payload)):
        raise ValueError("not a cache entry written by this user")
    return pickle.loads(payload)


def cached(name: str, files: list[Path], build: Callable[[], T], valid: Callable[[Any], bool] = lambda v: True) -> T:
    """``build()``'s result, from the cache when ``files`` are unchanged since it was stored.
    ``valid(value)`` checks the shape of what was loaded; an entry that fails it is rebuilt."""
    if os.environ.get("REPLYLINT_NO_CACHE"):
        return build()
    secret = _secret()
    if secret is None:
        return build()
    try:
        path = cache_dir() / f"{name}-{key_for(files)}.pickle"
    except OSError:
        return build()
    try:
        value = _load(path, secret)
        if valid(value):
            return value
    except Exception:  # noqa: BLE001 - a missing, stale, broken or planted entry is rebuilt
        pass
    value = build()
    try:
        import tempfile  # only when writing, which most runs do not

        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(_MAGIC + _mac(secret, path.name, payload) + payload)
        os.replace(tmp, path)
        _prune(path.parent, name)
    except Exception:  # noqa: BLE001 - a read-only home must not break a check
        pass
    return value


KEEP = 32  # cache files kept per kind: every edit of a rule file writes a new one


def _prune(folder: Path, name: str) -> None:
    """Remove all but the KEEP newest cache files of this kind (stale keys are never read again)."""
    files = sorted(folder.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in files[KEEP:]:
        try:
            stale.unlink()
        except OSError:
            pass
