"""Unknown addresses land on the mode's first screen (issue 19, part 5): the rule, without a server."""

from __future__ import annotations

import pytest

from backontrack.ui.addresses import addresses, landing
from backontrack.ui.context import SCREENS, SIGNED_OUT_SCREENS

PAGE_LOAD = "text/html,application/xhtml+xml,*/*;q=0.8"
PERSONAL = addresses(SCREENS, "personal")


@pytest.mark.parametrize("path", ["/home", "/a/b", "/pages/plan.py", "/nonsense", "/log/extra", "/start"])
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
    hosted = addresses(SCREENS, "hosted", SIGNED_OUT_SCREENS)
    assert {"welcome", "log", "data"} <= hosted
