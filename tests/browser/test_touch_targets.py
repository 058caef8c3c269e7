"""Issue 19, part 6: every control on every screen of every mode is at least 44 x 44 CSS px at
phone size (390 x 844), or hidden where a phone has no use for it.

Each screen is measured as a person reaches it, with its folded sections open, its menu open,
and the check's lists in both their states. Hosted mode's screens are measured through the
proxy in tests/hosted/test_hosted.py with the same yardstick.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, Page, expect

from backontrack import demo
from backontrack.ui.widgets import LIST_ANSWERS, LIST_QUESTION, NONE_OF_THESE
from tests.browser.conftest import AppServer, serve
from tests.browser.helpers import (
    PAGES,
    answer_list,
    choose,
    click,
    fill_number,
    small_targets,
    wait_for_app,
)
from tests.conftest import log

PHONE = {"width": 390, "height": 844}
TODAY = dt.date.today()


@contextmanager
def on_a_phone(browser: Browser, url: str) -> Iterator[Page]:
    """A touch phone (390 x 844) showing the app at `url`, its first screen loaded."""
    context = browser.new_context(base_url=url, viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto("/")
        wait_for_app(page)
        yield page
    finally:
        context.close()


@pytest.fixture
def phone(browser: Browser, base_url: str) -> Iterator[Page]:
    with on_a_phone(browser, base_url) as page:
        yield page


def measure(page: Page, screen: str, found: dict[str, list[str]]) -> None:
    """Record the screen's small controls, then again with every folded section and the menu open."""
    wait_for_app(page)
    small = small_targets(page)
    for section in page.locator("[data-testid=stExpander] summary").all():
        section.tap()
        wait_for_app(page)
    small += small_targets(page)
    menu = page.get_by_test_id("stExpandSidebarButton")
    if menu.count() and menu.is_visible():
        menu.tap()
        expect(page.get_by_test_id("stSidebar")).to_be_visible()
        small += small_targets(page)
        page.get_by_test_id("stSidebarCollapseButton").locator("button").tap()
        expect(menu).to_be_visible()
    if small:
        found[screen] = sorted(set(small))


def every_screen_in_the_menu(page: Page, found: dict[str, list[str]], arrived: Callable[[], None]) -> None:
    """Open each screen the menu offers, as a person does on a phone: open the menu, tap, close it."""
    page.get_by_test_id("stExpandSidebarButton").tap()
    menu = page.get_by_test_id("stSidebar").get_by_test_id("stPageLink-NavLink")
    screens = menu.all_inner_texts()
    page.get_by_test_id("stSidebarCollapseButton").locator("button").tap()
    assert len(screens) >= 5, screens
    for number, name in enumerate(screens):
        page.get_by_test_id("stExpandSidebarButton").tap()
        menu.nth(number).tap()
        wait_for_app(page)
        arrived()
        page.get_by_test_id("stSidebarCollapseButton").locator("button").tap()
        measure(page, name.split("\n")[-1], found)


def check_steps(page: Page, screen: str, found: dict[str, list[str]], age: int = 47) -> None:
    """The check's first two steps, its list of signs both ways, then on to a self-care result."""
    expect(page.get_by_label("How old are you?", exact=True)).to_be_visible()
    measure(page, f"{screen}: the numbers", found)
    fill_number(page, "How old are you?", age)
    fill_number(page, "How many weeks has this bout of back pain lasted?", 2)
    choose(page, "How bad is your back pain right now?", "4")
    click(page, "Next")
    answer_list(page, "emergency", {"saddle_numbness": "unsure"})
    measure(page, f"{screen}: a list, marking signs", found)
    choose(page, LIST_QUESTION, LIST_ANSWERS[NONE_OF_THESE])  # which clears the mark, and says so
    expect(page.get_by_text("cleared what you had marked")).to_be_visible()
    measure(page, f"{screen}: a list, marks cleared", found)


def test_issue_19_every_personal_screen_has_44px_targets_at_phone_size(
    phone: Page, app_server: AppServer
) -> None:
    start = TODAY - dt.timedelta(days=19)
    app_server.seed_plan(start, [log(day, pain=max(1, 6 - day // 4), start=start) for day in range(1, 21)])
    found: dict[str, list[str]] = {}
    for name, (path, _, _) in PAGES.items():  # 20 days of logs: the fullest version of each screen
        phone.goto(f"/{path}")
        measure(phone, name, found)
    phone.goto("/log")
    wait_for_app(phone)
    choose(phone, "Since your last log, has any of these started or got worse?", "Yes, one or more")
    measure(phone, "log, ticking signs", found)
    phone.goto("/check")
    wait_for_app(phone)
    click(phone, "Start a new check")
    check_steps(phone, "check", found)
    assert found == {}


@pytest.fixture(scope="module")
def kiosk_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("kiosk-touch")
    with serve(root, BACKONTRACK_MODE="kiosk", BACKONTRACK_DATA_DIR=str(root / "data")) as url:
        yield url


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("demo-touch")
    with serve(root, BACKONTRACK_MODE="demo", BACKONTRACK_DATA_DIR=str(root / "data")) as url:
        yield url


def test_issue_19_every_kiosk_screen_has_44px_targets_at_phone_size(browser: Browser, kiosk_url: str) -> None:
    with on_a_phone(browser, kiosk_url) as page:
        found = kiosk_screens(page)
    assert found == {}


def kiosk_screens(page: Page) -> dict[str, list[str]]:
    """A kiosk visit from Start to "Take it with you", measuring each screen on the way."""
    found: dict[str, list[str]] = {}
    measure(page, "start", found)
    click(page, "Start")
    check_steps(page, "check", found, age=60)
    click(page, "Next")
    for step in ("urgent", "soon", "feelings"):
        answer_list(page, step)
        click(page, "See my result" if step == "feelings" else "Next")
    measure(page, "result", found)
    page.get_by_role("link", name="Go to your walking plan").tap()
    expect(page.get_by_role("radiogroup", name="Minutes you walked")).to_be_visible()
    measure(page, "test walk", found)
    choose(page, "Minutes you walked", "6")
    choose(page, "Your pain before the walk", "4")
    click(page, "Make my plan")
    measure(page, "plan", found)
    page.get_by_role("link", name="Take your plan with you").tap()
    expect(
        page.get_by_role("img", name="QR code holding your result and what to do, and your plan as text")
    ).to_be_visible()
    measure(page, "take it with you", found)
    return found


def test_issue_19_every_demo_screen_has_44px_targets_at_phone_size(browser: Browser, demo_url: str) -> None:
    found: dict[str, list[str]] = {}
    with on_a_phone(browser, demo_url) as page:
        measure(page, "choose a person", found)
        jo = demo.persona("jo")
        click(page, f"Show {jo.name.split(',')[0]}")
        expect(page.get_by_text(f"Showing {jo.name}, day 1 of the story.")).to_be_visible()
        story = page.get_by_text(re.compile(r"day \d+ of the story")).first
        every_screen_in_the_menu(page, found, lambda: expect(story).to_be_visible())
    assert found == {}
