"""The extension as a team gets it, without a browser: the zip `replylint extension` builds, the
fixed extension ID the README gives for `--cors-origin`, and the presets the README lists (the
browser itself is in test_extension_browser.py)."""
from __future__ import annotations

import base64
import hashlib
import json
import re
import zipfile

from conftest import REPO

from replylint.extension import EXTENSION_ID, FILES

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_the_zip_holds_the_extension_and_the_teams_defaults(replylint, tmp_path):
    args = ["extension", "--out", "team.zip", "--service", "https://replylint.example.com:8765/", "--token", "s3cret"]
    done = replylint(*args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"chrome-extension://{EXTENSION_ID}" in done.stdout
    archive = zipfile.ZipFile(tmp_path / "team.zip")
    assert archive.namelist() == [*FILES, "defaults.json"]
    assert set(FILES) == {p.name for p in (REPO / "extension").iterdir()}  # nothing of the folder left out
    assert json.loads(archive.read("manifest.json"))["manifest_version"] == 3
    assert json.loads(archive.read("defaults.json")) == {"service": "https://replylint.example.com:8765", "token": "s3cret"}
    first = (tmp_path / "team.zip").read_bytes()
    assert replylint(*args, cwd=tmp_path).returncode == 0
    assert (tmp_path / "team.zip").read_bytes() == first  # the same sources give the same zip


def test_a_zip_without_options_has_no_defaults(replylint, tmp_path):
    assert replylint("extension", cwd=tmp_path).returncode == 0
    assert "defaults.json" not in zipfile.ZipFile(tmp_path / "replylint-extension.zip").namelist()


def test_a_bad_service_address_is_refused_and_nothing_is_written(replylint, tmp_path):
    done = replylint("extension", "--out", "x.zip", "--service", "replylint.example.com", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("replylint: --service 'replylint.example.com': нужен адрес сервиса")
    assert list(tmp_path.iterdir()) == []


def test_the_extension_id_comes_from_the_manifest_key_and_the_readme_names_it():
    key = json.loads((REPO / "extension" / "manifest.json").read_text(encoding="utf-8"))["key"]
    digest = hashlib.sha256(base64.b64decode(key)).hexdigest()[:32]
    assert "".join(chr(ord("a") + int(c, 16)) for c in digest) == EXTENSION_ID
    assert f"--cors-origin chrome-extension://{EXTENSION_ID}" in README


def test_serve_takes_the_extension_origin_and_refuses_a_malformed_one(replylint, tmp_path):
    bad = replylint("serve", "--port", "0", "--cors-origin", "chrome-extension://not-an-id", cwd=tmp_path)
    assert bad.returncode == 2
    assert "chrome-extension://ID (32 буквы a-p)" in bad.stderr


def test_the_readme_lists_the_presets_as_the_extension_has_them():
    presets = (REPO / "extension" / "presets.js").read_text(encoding="utf-8")
    replies = re.findall(r'^    reply: "([^"]+)"', presets, re.M)
    assert len(replies) == 4  # chatwoot, zammad, osticket, custom
    for reply in replies[:3]:
        assert f"`{reply}`" in README


def test_an_installed_package_packs_the_extension_it_ships(built_wheel, tmp_path):
    import os
    import subprocess
    import sys

    site = tmp_path / "site"
    zipfile.ZipFile(built_wheel).extractall(site)
    script = "from pathlib import Path; from replylint.extension import build_zip; print(len(build_zip(Path('out.zip'))))"
    proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(site)},
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(len(FILES))
    assert (site / "replylint" / "extension" / "manifest.json").is_file()
