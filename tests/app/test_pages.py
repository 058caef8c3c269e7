"""Every page renders without an exception, before and after a plan exists."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

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
