"""Acting on the app as a person does, and waiting the way Streamlit's own e2e suite waits."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import Locator, Page, expect

from backontrack import content
from backontrack.ui.widgets import LIST_ANSWERS, LIST_QUESTION, NONE_OF_THESE, SOME_OF_THESE
from tests.browser.conftest import SCREENSHOTS

FLAGS = content.red_flags()
#: Page name -> (URL path, menu title, the page's h1).
PAGES = {
    "home": ("", "Home", "Back on Track"),
    "check": ("check", "Check", "Check your back pain"),
    "plan": ("plan", "Plan", "Your walking plan"),
    "log": ("log", "Daily log", "Daily log"),
    "progress": ("progress", "Progress", "Your progress"),
    "data": ("data", "Your data", "Your data"),
}
ANSWER_TEXT = {"yes": "Yes", "no": "No", "unsure": "Not sure"}


IDLE_APP = (
    "[data-testid='stApp'][data-test-connection-state='CONNECTED'][data-test-script-state='notRunning']"
)


def wait_for_app(page: Page) -> None:
    """Wait until the app is connected and its script is not running (never a fixed sleep).

    A selector wait checks on every animation frame, so it returns as soon as
    the rerun ends; skeletons are placeholders for widgets still loading. It
    can return before a just-requested rerun starts, so every action that has
    a side effect is followed by an assertion of that effect (as in
    Streamlit's own e2e suite).
    """
    page.locator(IDLE_APP).wait_for(state="attached")
    page.get_by_test_id("stSkeleton").first.wait_for(state="detached")


def page_heading(name: str) -> re.Pattern[str]:
    """The page's h1, or the emergency instruction, which takes its place on every screen."""
    emergency = FLAGS.tiers["emergency"]
    titles = {PAGES[name][2], emergency.title, emergency.stopped_title}
    return re.compile("^(" + "|".join(re.escape(t) for t in titles) + ")$")


def goto(page: Page, name: str) -> None:
    """Load a page by its URL (a full page load: a new session, like a typed address)."""
    page.goto(f"/{PAGES[name][0]}")
    wait_for_app(page)
    expect(page.locator("h1")).to_have_text(page_heading(name))


def open_page(page: Page, name: str) -> None:
    """Move to a page with the sidebar menu, as a person does (same session, no reload).

    Before the app has loaded, or when the menu is hidden (an emergency
    result), the page is loaded by its URL instead.
    """
    menu = page.get_by_test_id("stSidebar")
    if page.url == "about:blank" or not menu.get_by_role("link").first.is_visible():
        goto(page, name)
        return
    menu.get_by_role("link", name=PAGES[name][1], exact=True).click()
    wait_for_app(page)
    expect(page.locator("h1")).to_have_text(page_heading(name))


def radios(page: Page, question: str) -> Locator:
    return page.get_by_role("radiogroup", name=question, exact=True)


def choose(page: Page, question: str, option: str) -> None:
    """Tap one option of a yes/no/not sure (or number) row, unless it is already chosen.

    (Tapping a chosen mark on a list of signs again clears it; other rows keep their choice.)
    """
    option_button = radios(page, question).get_by_role("radio", name=option, exact=True)
    if option_button.get_attribute("aria-checked") == "true":
        return
    option_button.click()
    expect(option_button).to_have_attribute("aria-checked", "true")
    wait_for_app(page)


def fill_number(page: Page, label: str, value: int | str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(str(value))
    box.press("Enter")
    wait_for_app(page)


def click(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    wait_for_app(page)


def complete_check(page: Page, answers: dict[str, str] | None = None, pain_now: int = 3) -> None:
    """Answer all five steps (all no unless given) and submit."""
    chosen = {i.id: "no" for i in FLAGS.items} | (answers or {})
    open_page(page, "check")
    fill_number(page, "How old are you?", 36)
    fill_number(page, "How many weeks has this bout of back pain lasted?", 1)
    choose(page, "How bad is your back pain right now?", str(pain_now))
    click(page, "Next")
    for group in FLAGS.groups:
        answer_list(page, group.id, chosen)
        click(page, "Next")
        if group.id == "emergency" and "yes" in [chosen[i.id] for i in FLAGS.items if i.tier == "emergency"]:
            # A yes here says "call now" at once; a test going on to the result taps past it.
            expect(page.locator("h1")).to_have_text(FLAGS.tiers["emergency"].title)
            click(page, "Go on with the questions")
    answer_list(page, "feelings")
    click(page, "See my result")
    titles = "|".join(re.escape(t.title) for t in FLAGS.tiers.values())
    expect(page.get_by_text(re.compile(f"^({titles})$"))).to_be_visible()


#: Each step of the check after the numbers: its heading, and (id, question) for each sign on its list.
LISTS = {
    **{g.id: (g.title, [(i.id, i.question) for i in FLAGS.items if i.tier == g.id]) for g in FLAGS.groups},
    "feelings": ("How you feel about it", [(f.id, f.question) for f in FLAGS.yellow_flags]),
}


def answer_list(page: Page, step: str, answers: dict[str, str] | None = None) -> None:
    """Answer one step's list: 'None of these', or mark each sign (by id) that is not no.

    It first waits for the step's heading and the end of that run, so the taps reach this
    step's buttons, not the last step's, which look the same.
    """
    title, signs = LISTS[step]
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    wait_for_app(page)
    marked = {question: (answers or {}).get(sign, "no") for sign, question in signs}
    marked = {question: answer for question, answer in marked.items() if answer != "no"}
    if not marked:
        choose(page, LIST_QUESTION, LIST_ANSWERS[NONE_OF_THESE])
        return
    choose(page, LIST_QUESTION, LIST_ANSWERS[SOME_OF_THESE])
    for question, answer in marked.items():
        choose(page, question, ANSWER_TEXT[answer])


def make_plan(page: Page, minutes: int = 10, pain: int = 3, start: dt.date | None = None) -> None:
    open_page(page, "plan")
    choose(page, "Minutes you walked", str(minutes))
    choose(page, "Your pain before the walk", str(pain))
    if start is not None:
        pick_day(page, "When did you do the test walk? Your plan starts that day.", start)
    click(page, "Make my plan")
    expect(page.get_by_role("heading", name="Your plan", exact=True)).to_be_visible()


def pick_day(page: Page, label: str, date: dt.date) -> None:
    """Choose a day from a day list (the app offers only the days that may be chosen)."""
    box = page.get_by_role("combobox", name=label, exact=True)
    wanted = f"{date:%A} {date.day} {date:%B}"
    box.click()
    box.fill(wanted)  # filters the list to that day
    page.get_by_role("option", name=re.compile(re.escape(wanted))).first.click()
    expect(box).to_have_value(re.compile(re.escape(wanted)))
    wait_for_app(page)


def log_day(
    page: Page,
    date: dt.date,
    pain: int,
    minutes: int | str = 20,
    note: str = "",
    signs: list[str] | None = None,
    expect_saved: bool = True,
) -> None:
    open_page(page, "log")
    pick_day(page, "Day", date)
    expect(page.get_by_role("heading", name=f"{date:%A %-d %B}")).to_be_visible()
    # The heading shows as soon as the rerun for the new day starts; wait for the run to end
    # so the taps below reach that day's widgets, not the last day's stale ones.
    wait_for_app(page)
    choose(page, "Your usual back pain today", str(pain))
    fill_number(page, "Minutes walked today (total)", minutes)
    if signs:
        choose(page, "Since your last log, has any of these started or got worse?", "Yes, one or more")
        for sign in signs:
            page.get_by_role("button", name=FLAGS.item(sign).sign).click()
            wait_for_app(page)
    else:
        choose(page, "Since your last log, has any of these started or got worse?", "None of these")
    if note:
        page.get_by_role("textbox", name="Note (optional)").fill(note)
        page.get_by_role("textbox", name="Note (optional)").press("Tab")
        wait_for_app(page)
    click(page, "Save")
    if expect_saved:
        expect(page.get_by_text(f"Saved your log for {date:%A} {date.day} {date:%B}")).to_be_visible()


def screenshot_pages(page: Page, journey: str) -> None:
    """A picture of every page at the end of a journey, for a person to look at (git-ignored)."""
    folder = SCREENSHOTS / journey
    folder.mkdir(parents=True, exist_ok=True)
    for name in PAGES:
        open_page(page, name)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


#: Everything a person can tap or type into. A checkbox is tapped on its label, so the label is
#: measured instead of the (hidden) box inside it.
TAPPABLE = (
    "button, a[href], input:not([type=hidden]):not([type=checkbox]), textarea, select, summary, "
    "[role=radio], [role=combobox], [role=tab], [role=switch], [role=slider], label:has(input[type=checkbox])"
)
SMALL_TARGETS = """([selector, within, least]) => {
  const box = e => (e.closest("label") || e).getBoundingClientRect();
  const shown = e => {
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    // 1 px or less is a screen-reader-only element (the skip link), shown only on keyboard focus.
    return r.width > 1 && r.height > 1 && s.visibility !== "hidden" && !e.closest("[aria-hidden=true]");
  };
  const where = e => {  // the nearest three named parts, e.g. "stButton < stColumn < stForm"
    const names = [];
    for (let p = e; p && names.length < 3; p = p.parentElement) {
      if (p.dataset.testid) names.push(p.dataset.testid);
    }
    return names.join(" < ");
  };
  return [...document.querySelectorAll(within)].flatMap(root => [...root.querySelectorAll(selector)])
    .filter(shown)
    .map(e => [e, box(e)])
    .filter(([e, r]) => r.width < least || r.height < least)
    .map(([e, r]) => `${Math.round(r.width)}x${Math.round(r.height)} `
      + `${where(e)}: ${(e.getAttribute("aria-label") || e.innerText || "").slice(0, 40)}`);
}"""


def small_targets(page: Page, least: int = 44, within: str = "body") -> list[str]:
    """Visible controls under `least` CSS px in either direction (WCAG 2.5.5 asks 44)."""
    found: list[str] = page.evaluate(SMALL_TARGETS, [TAPPABLE, within, least])
    return found


def main_text(page: Page) -> str:
    return re.sub(r"\s+", " ", page.get_by_test_id("stMain").inner_text())


#: The progress chart as the page first shows it: a picture drawn on the server (issue 26).
PICTURE = "svg.bot-progress-chart"
INTERACTIVE = "Interactive chart: zoom in and see each day's numbers (loads about 1 MB)"


def progress_picture(page: Page) -> Locator:
    return page.locator(PICTURE)


def open_interactive_chart(page: Page) -> Locator:
    """Switch the progress page to Plotly's chart and wait until it is drawn; returns the chart."""
    page.get_by_text(INTERACTIVE).click()
    chart = page.get_by_test_id("stPlotlyChart")
    chart.locator(".main-svg").first.wait_for()
    return chart
