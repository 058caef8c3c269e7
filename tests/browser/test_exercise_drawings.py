"""Issue 19, part 4: today's exercises on the plan page, each drawing beside its steps with words for it."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import Page, expect

from backontrack import content
from backontrack.plan import build_plan
from tests.browser.conftest import AppServer
from tests.browser.helpers import goto
from tests.conftest import make_profile

TODAY = dt.date.today()


def test_issue_19_each_of_todays_exercises_shows_its_drawing_beside_its_steps(
    page: Page, app_server: AppServer
) -> None:
    app_server.seed_plan(start=TODAY)
    today = build_plan(make_profile(), TODAY).days[0]
    exercises = [e for e in content.guidance().exercises if e.id in today.guidance]
    assert len(exercises) == 3
    page.set_viewport_size({"width": 1280, "height": 900})
    goto(page, "plan")
    page.get_by_text("Today's stretches and core exercises").click()
    for exercise in exercises:
        drawing = page.get_by_role("img", name=exercise.alt, exact=True)
        expect(drawing).to_be_visible()
        assert drawing.evaluate("img => img.complete && img.naturalWidth > 0"), f"{exercise.id} did not load"
        name = page.get_by_text(exercise.name, exact=True)
        picture, words = drawing.bounding_box(), name.bounding_box()
        assert picture is not None
        assert words is not None
        assert picture["x"] + picture["width"] <= words["x"], f"{exercise.id}: not beside its steps"
        assert picture["y"] < words["y"] + words["height"], f"{exercise.id}: not level with its steps"
        assert picture["y"] + picture["height"] > words["y"]
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the drawing sits above its steps
    for exercise in exercises:
        drawing = page.get_by_role("img", name=exercise.alt, exact=True)
        drawing.scroll_into_view_if_needed()
        picture = drawing.bounding_box()
        words = page.get_by_text(exercise.name, exact=True).bounding_box()
        assert picture is not None
        assert words is not None
        assert picture["y"] + picture["height"] <= words["y"] + 1, f"{exercise.id}: not above its steps"
        assert picture["width"] >= 150, f"{exercise.id}: drawn too small to read on a phone"
