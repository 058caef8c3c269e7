"""Unknown addresses land on the mode's first screen (issue 19, part 5): the rule, without a server."""

from __future__ import annotations

import pytest

from backontrack.ui.addresses import addresses, landing, under_streamlit
from backontrack.ui.context import SCREENS

PAGE_LOAD = "text/html,application/xhtml+xml,*/*;q=0.8"
PERSONAL = addresses(SCREENS, "personal")


@pytest.mark.parametrize(
    "path",
    ["/home", "/a/b", "/pages/plan.py", "/nonsense", "/log/extra", "/start", "/_x", "/__init__.py", "/_x/y"],
)
def test_an_address_the_app_does_not_have_goes_to_the_first_screen(path: str) -> None:
    assert landing(path, PAGE_LOAD, PERSONAL) == "/"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/log",
        "/data",
        "/progress",
        "/_stcore/health",
        "/_stcore/stream",
        "/oauth2callback",
        "/auth/login",
        "/media/abc.png",
        "/static/js/index.js",
    ],
)
def test_screens_and_streamlits_own_routes_pass_through(path: str) -> None:
    assert landing(path, PAGE_LOAD, PERSONAL) is None


def test_only_page_loads_are_redirected_never_scripts_or_data() -> None:
    assert landing("/a/static/js/index.js", "*/*", PERSONAL) is None


def test_each_mode_answers_its_own_screens_and_its_first_one_at_the_root() -> None:
    assert addresses(SCREENS, "kiosk") == {"check", "plan", "handoff"}
    assert landing("/log", PAGE_LOAD, addresses(SCREENS, "kiosk")) == "/"
    hosted = addresses(SCREENS, "hosted")
    assert {"log", "data"} <= hosted
    # Issue 25: a signed-out visitor at /welcome got "page not found" (the welcome page is served at
    # "/" alone then): its address goes to "/", the welcome page signed out, home signed in.
    assert landing("/welcome", PAGE_LOAD, hosted) == "/"


@pytest.mark.parametrize(
    "path", ["/_stcore/x", "/static/x", "/app/x", "/auth/x", "/oauth2callback/x", "/media/x", "/component/x"]
)
def test_issue_25_a_page_load_under_streamlits_own_routes_is_left_to_the_404_rewrite(path: str) -> None:
    """Not redirected (a real route may live there): the middleware turns Streamlit's blank app page
    into a real 404 page instead (tests/browser/test_reliability.py proves it on a server)."""
    assert landing(path, PAGE_LOAD, PERSONAL) is None
    assert under_streamlit(path)
