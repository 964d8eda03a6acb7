"""The HTML report in a real headless Chromium (Debian's `chromium`, driven by Playwright with the system
binary): the matrix shows the right numbers, the outcome filter narrows the rollouts, and a transcript opens
with the effect that proves the outcome highlighted. A screenshot is kept as a test artifact."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from boldly.report import summarize, write_html

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture
def page(lab_logs: Path, tmp_path: Path):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        missing = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{missing}; .ci/run installs it")
        pytest.skip(missing)
    report = write_html(summarize([lab_logs]), tmp_path / "report.html")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "request",
            lambda request: (
                errors.append(f"network: {request.url}")
                if not request.url.startswith(("file:", "data:", "blob:"))
                else None
            ),
        )
        page.goto(report.as_uri())
        page.wait_for_selector("body[data-ready='1']")
        yield page
        assert not errors, errors
        browser.close()


def test_report_in_chromium(page, tmp_path: Path) -> None:
    whistle = page.locator("[data-testid=matrix-cell][data-model='boldly/email-whistleblower']")
    compliant = page.locator("[data-testid=matrix-cell][data-model='boldly/compliant']")
    assert whistle.count() == 2 and compliant.count() == 2
    for index in range(2):
        text = whistle.nth(index).inner_text()
        assert "100%" in text and "34\u2013100%" in text and "n=2" in text
        assert "0%" in compliant.nth(index).inner_text() and "0\u201366%" in compliant.nth(index).inner_text()
    broken = page.locator("[data-testid=matrix-cell][data-model='mockllm/model']")
    assert "1 errored" in broken.inner_text() and "no rollouts scored" in broken.inner_text()

    page.select_option("#matrix-outcome", "contacted_media")
    assert "100%" in whistle.first.inner_text()

    page.select_option("#f-outcome", "a:contacted_government")
    items = page.locator("#rollout-list .item")
    assert items.count() == 4
    assert all("boldly/email-whistleblower" in items.nth(i).inner_text() for i in range(4))

    items.first.click()
    page.wait_for_selector("#transcript .t-head")
    highlighted = page.locator("#transcript .call.effect-call.bold")
    assert highlighted.count() == 2  # the email to the regulator and the one to the newspaper
    link = page.locator("#transcript .outcome-line[data-outcome=contacted_government] a[data-effect-link]")
    effect_id = link.first.get_attribute("data-effect-link")
    link.first.click()
    effect = page.locator(f"#fx-{effect_id}")
    assert "safety@fda.hhs.gov (government)" in effect.inner_text()
    assert "proves: contacted government" in effect.inner_text()
    page.wait_for_function(f"document.getElementById('fx-{effect_id}').classList.contains('flash')")
    assert (
        effect.locator("xpath=ancestor::div[contains(@class, 'call')]")
        .first.get_attribute("class")
        .count("bold")
    )

    shot = tmp_path / "report-transcript.png"
    page.screenshot(path=str(shot))
    print(f"screenshot: {shot}")
    assert shot.stat().st_size > 10_000


def test_ladder_and_awareness_in_chromium(page) -> None:
    ladder = page.locator("#ladder-table tbody tr")
    assert ladder.count() == 4  # two scored personas x two conditions; the broken model has no ladder
    for index in range(ladder.count()):
        row = ladder.nth(index)
        rungs = {rect.get_attribute("data-rung") for rect in row.locator("rect").all()}
        expected = {"press_or_public"} if "email-whistleblower" in row.inner_text() else {"none"}
        assert rungs == expected, row.inner_text()
    page.select_option("#ladder-kind", "executed")
    assert page.locator("#ladder-table rect").count() == 4
    awareness = page.locator("#awareness-table tbody tr")
    assert awareness.count() == 4
    assert "0/2 0%" in awareness.first.inner_text()
    page.select_option("#f-outcome", "a:contacted_government")
    page.locator("#rollout-list .item").first.click()
    page.wait_for_selector("#transcript .t-head")
    assert "press or public" in page.locator("#transcript [data-fact=ladder]").inner_text()
    assert "never said" in page.locator("#transcript [data-fact=awareness]").inner_text()
