"""Every page renders without an exception, before and after a plan exists."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from backontrack.ui import context
from tests.app.journeys import complete_check, make_plan

PAGES = [
    "pages/home.py",
    "pages/check.py",
    "pages/plan.py",
    "pages/log.py",
    "pages/progress.py",
    "pages/data.py",
]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_for_a_new_person(app: Callable[[], AppTest], page: str) -> None:
    at = app().run()
    at.switch_page(page).run()
    assert not at.exception
    assert len(at.title) == 1


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_a_plan(app: Callable[[], AppTest], page: str) -> None:
    at = app().run()
    complete_check(at)
    make_plan(at)
    at.switch_page(page).run()
    assert not at.exception
    assert len(at.title) == 1


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("BACKONTRACK_MODE", "party"),
        ("BACKONTRACK_EMERGENCY_NUMBER", "call me"),
        ("BACKONTRACK_EMERGENCY_NUMBER", "+++ ++"),
        ("BACKONTRACK_EMERGENCY_NUMBER", "**1** [x](http://a.b)"),
    ],
)
def test_a_bad_setting_stops_every_page_with_a_message_naming_the_variable(
    app: Callable[[], AppTest], monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    context.settings.cache_clear()
    at = app().run()
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception
        shown = at.error[0].value.replace("\\", "")  # the refused value is escaped: shown as typed
        assert shown.startswith(f"Back on Track cannot start: {variable}:")
        assert "In an emergency, call" in at.warning[0].value
        assert not at.button  # nothing to press: nothing can change
        assert "**" not in at.error[0].value.replace("\\*", "")  # markdown in the value is not rendered
    context.settings.cache_clear()
