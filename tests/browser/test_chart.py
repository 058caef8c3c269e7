"""The progress chart at a phone, a desktop and a portrait kiosk: the picture the page opens with
(issue 26) and the interactive chart one tap away (issue 19, part 2). Pain on its own 0-10 scale in
its own panel, the chart inside the screen, and a picture of each for a person."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import AppServer
from tests.browser.helpers import goto, open_interactive_chart, progress_picture
from tests.conftest import REPO, log

TODAY = dt.date.today()
PICTURES = REPO / "artifacts" / "screenshots" / "chart"  # git-ignored; docs/screenshots keeps a copy
TEXTS = "elements => elements.map(e => e.textContent)"  # SVG text has no inner text
SIZES = {"phone-390": (390, 844), "desktop-1280": (1280, 800), "kiosk-1080x1920": (1080, 1920)}


def progress_at(browser: Browser, app_server: AppServer, size: str) -> tuple[BrowserContext, Page]:
    start = TODAY - dt.timedelta(days=13)
    pains = [6, 6, 5, 7, 8, 6, 5, 5, 4, 4, 3, 4, 3, 3]
    app_server.seed_plan(
        start, [log(d + 1, p, 8 + d, start=start, flare=d == 4) for d, p in enumerate(pains)]
    )
    width, height = SIZES[size]
    context = browser.new_context(base_url=app_server.url, viewport={"width": width, "height": height})
    page = context.new_page()
    goto(page, "progress")
    return context, page


def inside_the_screen(page: Page, box: dict[str, float] | None) -> None:
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= page.viewport_size["width"]  # type: ignore[index]  # never cut off


@pytest.mark.parametrize("size", list(SIZES))
def test_issue_26_the_picture_reads_at_a_glance_at_every_size(
    browser: Browser, app_server: AppServer, size: str
) -> None:
    context, page = progress_at(browser, app_server, size)
    picture = progress_picture(page)
    expect(picture).to_be_visible()
    assert page.get_by_test_id("stPlotlyChart").count() == 0  # Plotly only when asked for
    labels = picture.locator("text").evaluate_all(TEXTS)
    assert all(str(tick) in labels for tick in range(0, 11, 2))  # pain's own scale, whole numbers
    inside_the_screen(page, picture.bounding_box())
    key = page.locator("ul.bot-chart-key li").evaluate_all(TEXTS)
    assert any(name.startswith("Much better") for name in key)
    assert "Flare day (shaded)" in key
    # Words a person can read: never smaller than 10 CSS px, whatever the screen.
    smallest = picture.evaluate("svg => Math.min(...[...svg.querySelectorAll('text')].map(t => "
                                "t.getBoundingClientRect().height))")  # fmt: skip
    assert smallest >= 10
    expect(page.get_by_text("shaded days were flare days", exact=False)).to_be_visible()
    PICTURES.mkdir(parents=True, exist_ok=True)
    page.locator("figure").filter(has=picture).screenshot(path=str(PICTURES / f"progress-picture-{size}.png"))
    context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_issue_19_the_interactive_chart_reads_at_a_glance_at_every_size(
    browser: Browser, app_server: AppServer, size: str
) -> None:
    context, page = progress_at(browser, app_server, size)
    chart = open_interactive_chart(page)
    expect(progress_picture(page)).to_have_count(0)  # one chart at a time
    ticks = chart.locator(".yaxislayer-above .y2tick text").evaluate_all(TEXTS)
    assert ticks == ["0", "2", "4", "6", "8", "10"]  # pain's own scale, whole numbers
    inside_the_screen(page, chart.bounding_box())
    legend = chart.locator(".legend text.legendtext").evaluate_all(TEXTS)
    assert "Much better: pain 4 or less" in legend or any(t.startswith("Much better") for t in legend)
    assert "Flare day (shaded)" in legend
    expect(page.get_by_text("shaded days were flare days", exact=False)).to_be_visible()
    PICTURES.mkdir(parents=True, exist_ok=True)
    chart.screenshot(path=str(PICTURES / f"progress-chart-{size}.png"))
    context.close()
