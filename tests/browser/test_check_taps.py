"""Issue 19, part 1: with no warning signs, the check takes at most 16 taps, at the kiosk and on a phone.

The page itself counts what a person does: every click or tap, and every field
typed into (one count per field, however many keys). The test acts only
through that counted path, so a check that needed more would fail here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from backontrack.ui.widgets import LIST_ANSWERS, LIST_QUESTION, NONE_OF_THESE
from tests.browser.conftest import SCREENSHOTS, serve
from tests.browser.helpers import FLAGS, radios, wait_for_app

MOST_TAPS = 16
PHONE: ViewportSize = {"width": 390, "height": 844}
KIOSK: ViewportSize = {"width": 1080, "height": 1920}
PICTURES = SCREENSHOTS / "check"

#: Counts, in the page, each trusted click and each field typed into (a new field after any other act).
COUNTER = """
window.__acts = 0;
let typingIn = null;
document.addEventListener('click', e => { if (e.isTrusted) { window.__acts += 1; typingIn = null; } }, true);
document.addEventListener('input', e => {
  if (e.isTrusted && e.target !== typingIn) { window.__acts += 1; typingIn = e.target; }
}, true);
"""


@pytest.fixture(scope="module")
def kiosk_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("kiosk-taps")
    with serve(root, BACKONTRACK_MODE="kiosk", BACKONTRACK_DATA_DIR=str(root / "data")) as url:
        yield url


def tap(page: Page, role: Literal["button", "link", "radio"], name: str, within: str | None = None) -> None:
    """Tap a control by its role and name (a radio within the row of buttons labelled `within`)."""
    scope = radios(page, within) if within else page
    scope.get_by_role(role, name=name, exact=True).tap()
    wait_for_app(page)


def type_in(page: Page, label: str, text: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.press_sequentially(text)
    box.press("Enter")
    wait_for_app(page)


def picture(page: Page, name: str) -> None:
    """The whole screen as it stands, for the README (git-ignored; docs/screenshots keeps a copy)."""
    size = page.viewport_size
    assert size is not None
    page.set_viewport_size({"width": size["width"], "height": 2000})  # Streamlit scrolls inside the page
    PICTURES.mkdir(parents=True, exist_ok=True)
    box = page.get_by_test_id("stMainBlockContainer").bounding_box()
    assert box is not None
    clip = {"x": 0, "y": 0, "width": size["width"], "height": min(2000, box["y"] + box["height"])}
    page.screenshot(path=str(PICTURES / f"{name}-{size['width']}.png"), clip=clip)  # type: ignore[arg-type]
    page.set_viewport_size(size)


def no_sign_check(page: Page) -> int:
    """From the first screen's way in to the result, answering 'None of these' to every list."""
    type_in(page, "How old are you?", "47")
    type_in(page, "How many weeks has this bout of back pain lasted?", "2")
    tap(page, "radio", "4", "How bad is your back pain right now?")
    tap(page, "button", "Next")
    for group in FLAGS.groups:
        expect(page.get_by_role("heading", name=group.title)).to_be_visible()
        wait_for_app(page)  # this step's run has ended: the buttons below are this step's
        if group.id == "emergency":
            picture(page, "check-step-2")
        for item in (i for i in FLAGS.items if i.tier == group.id):
            sign = page.get_by_role("listitem").filter(has_text=item.question)
            expect(sign).to_be_visible()  # each sign on its own line
        tap(page, "radio", LIST_ANSWERS[NONE_OF_THESE], LIST_QUESTION)
        tap(page, "button", "Next")
    expect(page.get_by_role("heading", name="How you feel about it")).to_be_visible()
    wait_for_app(page)
    tap(page, "radio", LIST_ANSWERS[NONE_OF_THESE], LIST_QUESTION)
    tap(page, "button", "See my result")
    expect(page.get_by_text(FLAGS.tiers["self_care"].title, exact=True)).to_be_visible()
    acts: int = page.evaluate("window.__acts")
    return acts


@contextmanager
def counted(browser: Browser, url: str, viewport: ViewportSize, path: str = "/") -> Iterator[Page]:
    """A touch screen of this size showing `path`, with the page counting every act (COUNTER)."""
    context = browser.new_context(
        base_url=url, viewport=viewport, has_touch=True, is_mobile=viewport == PHONE
    )
    try:
        context.add_init_script(COUNTER)
        page = context.new_page()
        page.goto(path)
        wait_for_app(page)
        yield page
    finally:
        context.close()


def test_issue_19_with_no_signs_the_check_takes_at_most_16_taps_at_the_kiosk(
    browser: Browser, kiosk_url: str
) -> None:
    with counted(browser, kiosk_url, KIOSK) as page:
        tap(page, "button", "Start")
        expect(page.locator("h1")).to_have_text("Check your back pain")
        acts = no_sign_check(page)
    assert acts <= MOST_TAPS, f"{acts} taps from Start to the result"


def test_issue_19_with_no_signs_the_check_takes_at_most_16_taps_on_a_phone(
    browser: Browser, base_url: str
) -> None:
    with counted(browser, base_url, PHONE) as page:
        tap(page, "link", "Start the check")
        expect(page.locator("h1")).to_have_text("Check your back pain")
        acts = no_sign_check(page)
    assert acts <= MOST_TAPS, f"{acts} taps from Start to the result"


def test_issue_19_the_counter_counts_each_tap_and_each_field_once(browser: Browser, base_url: str) -> None:
    """The yardstick itself: two fields typed and three taps count as five."""
    with counted(browser, base_url, PHONE, "/check") as page:
        type_in(page, "How old are you?", "47")
        type_in(page, "How many weeks has this bout of back pain lasted?", "12")
        tap(page, "radio", "4", "How bad is your back pain right now?")
        tap(page, "radio", "5", "How bad is your back pain right now?")
        tap(page, "button", "Next")
        expect(page.get_by_text(re.compile("^Step 2 of 5"))).to_be_visible()
        acts = page.evaluate("window.__acts")
    assert acts == 5
