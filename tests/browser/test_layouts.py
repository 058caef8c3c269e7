"""Phone, laptop and portrait-kiosk layouts: no sideways scrolling, answer buttons big enough to tap."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from backontrack.ui.widgets import LIST_ANSWERS, LIST_QUESTION, SOME_OF_THESE
from tests.browser.conftest import AppServer
from tests.browser.helpers import FLAGS, PAGES, choose, click, fill_number, goto, open_page, radios
from tests.conftest import log

VIEWPORTS = {"phone": (390, 844), "laptop": (1280, 800), "kiosk": (1080, 1920)}
MIN_TARGET_PX = 44  # WCAG 2.5.5 target size
TODAY = dt.date.today()


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def sized_page(request: pytest.FixtureRequest, browser: Browser, base_url: str) -> Iterator[Page]:
    width, height = VIEWPORTS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, base_url=base_url)
    yield context.new_page()
    context.close()


def scrolls_sideways(page: Page) -> list[str]:
    return page.evaluate(
        """() => [document.scrollingElement,
                  ...document.querySelectorAll('[data-testid=stMain], [data-testid=stAppViewContainer]')]
               .filter(e => e && e.scrollWidth > e.clientWidth + 1)
               .map(e => (e.dataset.testid || e.tagName) + ' ' + e.scrollWidth + '>' + e.clientWidth)"""
    )


def small_targets(page: Page, question: str) -> list[str]:
    sizes = [r.bounding_box() for r in radios(page, question).get_by_role("radio").all()]
    return [
        f"{b['width']:.0f}x{b['height']:.0f}"
        for b in sizes
        if b and min(b["width"], b["height"]) < MIN_TARGET_PX
    ]


def test_big_answer_buttons_and_no_sideways_scrolling_on_every_viewport(
    sized_page: Page, app_server: AppServer
) -> None:
    page = sized_page
    goto(page, "check")
    assert small_targets(page, "How bad is your back pain right now?") == []
    fill_number(page, "How old are you?", 40)
    fill_number(page, "How many weeks has this bout of back pain lasted?", 2)
    choose(page, "How bad is your back pain right now?", "4")
    click(page, "Next")
    expect(page.get_by_text("Step 2 of 5")).to_be_visible()
    assert small_targets(page, LIST_QUESTION) == []
    choose(page, LIST_QUESTION, LIST_ANSWERS[SOME_OF_THESE])
    assert small_targets(page, FLAGS.item("chest_pain").question) == []
    assert scrolls_sideways(page) == []

    start = TODAY - dt.timedelta(days=3)
    app_server.seed_plan(start, [log(day, pain, start=start) for day, pain in enumerate([3, 6, 4], 1)])
    for name in PAGES:
        if page.viewport_size and page.viewport_size["width"] < 640:
            goto(page, name)  # the phone menu is folded away: load by address
        else:
            open_page(page, name)
        assert scrolls_sideways(page) == [], name
