"""The QA report opened in a real browser: headless Chromium (the Debian package) driven by Playwright.

`replylint report examples/report/export.csv` is made as the README says, then opened from a
file:// URL with every request recorded (and any that would leave the file aborted): the page must
show its charts and load nothing but itself. A full-page screenshot goes to the test's temporary
folder. Skipped, saying why, when /usr/bin/chromium is missing (`.ci/run` installs it).
"""
from __future__ import annotations

import pytest

from browser_support import ARGS, CHROMIUM
from conftest import REPO, run_replylint

if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium: install the Debian package (apt-get install chromium) for the browser test",
                allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[dev]'")
pytest.importorskip("matplotlib", reason="the report extra is not installed: pip install -e '.[dev]'")

from playwright.sync_api import sync_playwright  # noqa: E402


def test_the_report_opens_offline_with_its_charts(tmp_path):
    out = tmp_path / "r.html"
    proc = run_replylint("report", "examples/report/export.csv", "--out", str(out), cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    requests: list[str] = []

    def record(route):
        url = route.request.url
        requests.append(url)
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            route.abort()  # a page that opens offline never asks for this

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="ru-RU", offline=True)
            context.route("**/*", record)
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
            page.goto(out.as_uri(), wait_until="load")
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)

            assert page.title().startswith("Отчёт о качестве ответов")
            for heading in ("Итоги", "Замечания по правилам", "По операторам", "По неделям",
                            "Как менялись показатели", "Худшие ответы по правилам"):
                assert page.get_by_role("heading", name=heading, exact=True).is_visible(), heading
            charts = page.locator("img.chart")
            assert charts.count() == 4  # by rule, by operator, by week, rule × week
            for i in range(4):
                chart = charts.nth(i)
                size = chart.evaluate("img => [img.complete, img.naturalWidth, img.naturalHeight, img.getBoundingClientRect().width]")
                assert size[0] and size[1] > 300 and size[2] > 100 and size[3] > 500, (chart.get_attribute("alt"), size)
            assert page.locator("#worst mark.error").count() > 0  # the marked words of the worst replies
            assert page.locator("text=Оператор 1").first.is_visible()
        finally:
            browser.close()
    assert not errors, errors
    assert requests and all(url.startswith(("file:", "data:")) for url in requests), requests
    assert (tmp_path / "report.png").stat().st_size > 50_000
