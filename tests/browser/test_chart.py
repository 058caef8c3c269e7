"""The progress chart at a phone, a desktop and a portrait kiosk (issue 19, part 2): pain on its own
0-10 scale in its own panel, the chart inside the screen, and a picture of each for a person."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import AppServer
from tests.browser.helpers import goto
from tests.conftest import REPO, log

TODAY = dt.date.today()
PICTURES = REPO / "artifacts" / "screenshots" / "chart"  # git-ignored; docs/screenshots keeps a copy
TEXTS = "elements => elements.map(e => e.textContent)"  # SVG text has no inner text
SIZES = {"phone-390": (390, 844), "desktop-1280": (1280, 800), "kiosk-1080x1920": (1080, 1920)}


@pytest.mark.parametrize("size", list(SIZES))
def test_issue_19_the_chart_reads_at_a_glance_at_every_size(
    browser: Browser, app_server: AppServer, size: str
) -> None:
    start = TODAY - dt.timedelta(days=13)
    pains = [6, 6, 5, 7, 8, 6, 5, 5, 4, 4, 3, 4, 3, 3]
    app_server.seed_plan(
        start, [log(d + 1, p, 8 + d, start=start, flare=d == 4) for d, p in enumerate(pains)]
    )
    width, height = SIZES[size]
    context = browser.new_context(base_url=app_server.url, viewport={"width": width, "height": height})
    page = context.new_page()
    goto(page, "progress")
    chart = page.get_by_test_id("stPlotlyChart")
    chart.locator(".main-svg").first.wait_for()
    ticks = chart.locator(".yaxislayer-above .y2tick text").evaluate_all(TEXTS)
    assert ticks == ["0", "2", "4", "6", "8", "10"]  # pain's own scale, whole numbers
    box = chart.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= width  # inside the screen, never cut off
    legend = chart.locator(".legend text.legendtext").evaluate_all(TEXTS)
    assert "Much better: pain 4 or less" in legend or any(t.startswith("Much better") for t in legend)
    assert "Flare day (shaded)" in legend
    expect(page.get_by_text("shaded days were flare days", exact=False)).to_be_visible()
    PICTURES.mkdir(parents=True, exist_ok=True)
    chart.screenshot(path=str(PICTURES / f"progress-chart-{size}.png"))
    context.close()
