"""`replylint extension`: the Chromium extension (the top-level extension/ folder, shipped inside
the wheel as replylint/extension) packed as a zip for operators, optionally with the team's service
address and token as its defaults (defaults.json, read when the operator has saved no settings).

The zip is what a team hands out: unzip it and "Load unpacked" in chrome://extensions, or upload it
to the Chrome Web Store or an internal extension host. Its files are stored in a fixed order with a
fixed date, so the same sources give the same zip.
"""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from .errors import ReplylintError

# The extension's ID, fixed by the public key in its manifest ("key"), so a team can allow it once
# with `replylint serve --cors-origin chrome-extension://ID` whatever folder it is loaded from.
EXTENSION_ID = "jefeckccalpjdcimndcikoifmbneckee"
EXTENSION_ORIGIN = f"chrome-extension://{EXTENSION_ID}"
FILES = ("manifest.json", "background.js", "content.js", "findings.js", "presets.js", "options.html", "options.js",
         "options.css")
_EPOCH = (1980, 1, 1, 0, 0, 0)


def extension_dir() -> Path:
    """The extension's sources: inside the installed package, or the checkout's top-level extension/."""
    from .loader import shipped_dir

    return shipped_dir("extension", "extension")


def build_zip(out: Path, service: str | None = None, token: str | None = None) -> list[str]:
    """Write the extension to ``out`` (a zip) and return the names it holds."""
    source = extension_dir()
    missing = [name for name in FILES if not (source / name).is_file()]
    if missing:
        raise ReplylintError(f"{source}: у расширения нет {', '.join(missing)}; переустановите replylint")
    defaults: dict[str, str] = {}
    if service is not None:
        if not re.fullmatch(r"https?://[^/\s]+/?", service):
            raise ReplylintError(f"--service {service!r}: нужен адрес сервиса вида https://replylint.example.com:8765")
        defaults["service"] = service.rstrip("/")
    if token is not None:
        if not token.strip():
            raise ReplylintError("--token пустой")
        defaults["token"] = token.strip()
    entries = [(name, (source / name).read_bytes()) for name in FILES]
    if defaults:
        entries.append(("defaults.json", json.dumps(defaults, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"))
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    partial.replace(out)  # never a half-written zip under the real name
    return [name for name, _ in entries]
