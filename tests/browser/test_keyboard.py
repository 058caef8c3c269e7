"""The whole self-care journey with the keyboard alone, with a visible focus ring all the way."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from backontrack import content
from backontrack.ui.widgets import LIST_ANSWERS, LIST_QUESTION, NONE_OF_THESE
from tests.browser.helpers import FLAGS, goto, progress_picture, radios, wait_for_app

MAX_TABS = 150


def focused(target: Locator) -> bool:
    return bool(target.evaluate("e => e === document.activeElement || e.contains(document.activeElement)"))


def tab_to(page: Page, target: Locator, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the target has focus; its focus ring must show."""
    expect(target).to_be_visible()
    for _ in range(MAX_TABS):
        if focused(target):
            outline = page.evaluate(
                "() => { const s = getComputedStyle(document.activeElement);"
                " return [s.outlineStyle, parseFloat(s.outlineWidth)] }"
            )
            assert outline[0] != "none", f"no visible focus ring: {outline}"
            assert outline[1] >= 2, f"focus ring too thin: {outline}"
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"could not reach {target} with the keyboard")


def press_button(page: Page, name: str) -> None:
    tab_to(page, page.get_by_role("button", name=name, exact=True))
    page.keyboard.press("Enter")
    wait_for_app(page)


def follow_link(page: Page, name: str, backwards: bool = False) -> None:
    tab_to(page, page.get_by_role("link", name=name, exact=True).first, backwards=backwards)
    page.keyboard.press("Enter")
    wait_for_app(page)


def type_into(page: Page, label: str, text: str) -> None:
    tab_to(page, page.get_by_label(label, exact=True))
    page.keyboard.type(text)
    page.keyboard.press("Tab")  # leaving the field commits the value
    wait_for_app(page)


def pick(page: Page, question: str, option: str) -> None:
    """Tab into the row of buttons, arrow to the option, Space to choose it."""
    group = radios(page, question)
    target = group.get_by_role("radio", name=option, exact=True)
    tab_to(page, group)
    options = group.get_by_role("radio").count()
    for _ in range(options):
        if focused(target):
            break
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    expect(target).to_have_attribute("aria-checked", "true")
    wait_for_app(page)


def test_self_care_journey_with_the_keyboard_alone(page: Page) -> None:
    goto(page, "home")
    follow_link(page, "Start the check")
    expect(page.locator("h1")).to_have_text("Check your back pain")
    type_into(page, "How old are you?", "36")
    type_into(page, "How many weeks has this bout of back pain lasted?", "1")
    pick(page, "How bad is your back pain right now?", "3")
    press_button(page, "Next")
    for group in FLAGS.groups:
        expect(page.get_by_role("heading", name=group.title)).to_be_visible()
        pick(page, LIST_QUESTION, LIST_ANSWERS[NONE_OF_THESE])
        press_button(page, "Next")
    pick(page, LIST_QUESTION, LIST_ANSWERS[NONE_OF_THESE])
    press_button(page, "See my result")
    expect(page.get_by_text(content.red_flags().tiers["self_care"].title)).to_be_visible()

    follow_link(page, "Go to your walking plan")
    pick(page, "Minutes you walked", "10")
    pick(page, "Your pain before the walk", "3")
    press_button(page, "Make my plan")
    expect(page.get_by_role("heading", name="Your plan", exact=True)).to_be_visible()

    follow_link(page, "Log today")
    expect(page.locator("h1")).to_have_text("Daily log")
    pick(page, "Your usual back pain today", "2")
    type_into(page, "Minutes walked today (total)", "20")
    pick(page, "Since your last log, has any of these started or got worse?", "None of these")
    press_button(page, "Save")
    expect(page.get_by_text("Saved your log for", exact=False)).to_be_visible()

    follow_link(page, "Progress", backwards=True)  # back up to the menu
    expect(page.locator("h1")).to_have_text("Your progress")
    expect(progress_picture(page)).to_be_visible()
    # What must NOT happen, checked at every stop in tab_to: focus without a visible ring.
