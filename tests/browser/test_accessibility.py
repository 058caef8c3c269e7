"""axe-core on every page and result screen: no serious or critical violation from our content.

Violations whose every node sits in Streamlit's own chrome (menu, header,
toolbar) are reported separately, with the rule id, and do not fail the test.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from backontrack import content
from backontrack.ui.widgets import LIST_ANSWERS, LIST_QUESTION, SOME_OF_THESE
from tests.browser.conftest import AppServer
from tests.browser.helpers import (
    PAGES,
    choose,
    click,
    fill_number,
    goto,
    open_interactive_chart,
    open_page,
    progress_picture,
)
from tests.conftest import log

TODAY = dt.date.today()
SERIOUS = {"serious", "critical"}
STREAMLIT_CHROME = ("stSidebar", "stHeader", "stToolbar", "stDecoration", "stStatusWidget", "stMainMenu")
AXE = Axe()
RESULTS = {"emergency": {"chest_pain": "yes"}, "urgent": {"fever": "yes"}, "soon": {"below_knee": "yes"}}
RESULTS["self_care"] = {}


def streamlit_owned(node: dict[str, Any]) -> bool:
    html = node.get("html", "") + " ".join(str(t) for t in node.get("target", []))
    return any(name in html for name in STREAMLIT_CHROME)


def audit(page: Page, screen: str) -> None:
    """Run axe; fail on our serious/critical violations; print Streamlit's own separately."""
    violations = AXE.run(page).response["violations"]
    ours, theirs = [], []
    for violation in (v for v in violations if v["impact"] in SERIOUS):
        if all(streamlit_owned(n) for n in violation["nodes"]):
            theirs.append(violation["id"])
        else:
            ours.append(f"{violation['id']}: {violation['nodes'][0]['html'][:160]}")
    if theirs:
        print(f"[axe] {screen}: from Streamlit itself: {sorted(set(theirs))}")
    assert ours == [], f"{screen}: {ours}"
    expect(page.locator("h1")).to_have_count(1)
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=stMain] input, [data-testid=stMain] textarea')]
               .filter(e => e.tabIndex >= 0 && e.type !== 'hidden')
               .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
               .map(e => e.outerHTML.slice(0, 120))"""
    )
    assert unlabelled == [], f"{screen}: inputs without a label: {unlabelled}"


def test_every_page_for_a_new_person(page: Page) -> None:
    goto(page, "home")
    for name in PAGES:
        open_page(page, name)
        audit(page, f"{name} (new person)")


def test_questionnaire_steps(page: Page) -> None:
    goto(page, "check")
    fill_number(page, "How old are you?", 40)
    fill_number(page, "How many weeks has this bout of back pain lasted?", 2)
    choose(page, "How bad is your back pain right now?", "4")
    click(page, "Next")
    expect(page.get_by_text("Step 2 of 5")).to_be_visible()
    audit(page, "check step 2")
    click(page, "Next")  # nothing answered: the missing questions are pointed out
    expect(page.get_by_text("Please answer every question")).to_be_visible()
    audit(page, "check step 2 with missing answers")
    choose(page, LIST_QUESTION, LIST_ANSWERS[SOME_OF_THESE])
    expect(page.get_by_text("Any you leave unmarked count as no.")).to_be_visible()
    audit(page, "check step 2, marking signs")


def test_every_result_screen(page: Page, app_server: AppServer) -> None:
    for tier, answers in RESULTS.items():
        app_server.seed_check(**answers)  # a new check replaces the current result
        goto(page, "check")
        expect(page.get_by_text(content.red_flags().tiers[tier].title)).to_be_visible()
        audit(page, f"{tier} result")


def test_every_page_with_a_plan_and_logs(page: Page, app_server: AppServer) -> None:
    start = TODAY - dt.timedelta(days=4)
    logs = [log(day, pain, start=start, flare=day == 3) for day, pain in enumerate([3, 6, 6, 2], 1)]
    app_server.seed_plan(start, logs)
    goto(page, "home")
    for name in PAGES:
        open_page(page, name)
        if name == "progress":
            expect(progress_picture(page)).to_be_visible()
            # The chart's text alternative is the caption right after it.
            expect(page.get_by_text("Chart of", exact=False)).to_be_visible()
            audit(page, "progress, the picture")
            open_interactive_chart(page)  # and the interactive chart, one tap away
        audit(page, f"{name} (with a plan)")
