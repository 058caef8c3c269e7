"""Issue 25 on real servers: sessions that start together, a tab left open after a stop, a person's
files after Finish, and addresses that are not screens. Chromium where a person is needed; the
bench's websocket client (Streamlit's own protocol) where twenty sessions must start at once."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypdf
import pytest
from icalendar import Calendar
from playwright.sync_api import Browser, Page, expect

from bench.client import RunTimeout, Session
from tests.browser.conftest import AppServer, serve
from tests.browser.helpers import click, log_day, open_page, radios, small_targets, wait_for_app
from tests.browser.test_kiosk import PORTRAIT, check, plan
from tests.conftest import log

TODAY = dt.date.today()
SESSIONS_AT_ONCE = 20


def start_together(port: int, count: int, cookies: list[dict[str, str]] | None = None) -> list[list[str]]:
    """`count` tabs open and ask for their first screen at the same moment; each tab's problems.
    `cookies`: one browser's cookies per tab (a signed-in person each, in hosted mode)."""

    async def one(barrier: asyncio.Barrier, jar: dict[str, str]) -> list[str]:
        tab = Session(port, "", timeout=90, cookies=jar)
        try:
            await tab.open()
            await barrier.wait()
            return (await tab.run()).problems
        except (RunTimeout, OSError) as exc:
            return [f"{type(exc).__name__}: {exc}"]
        finally:
            await tab.close()

    async def all_of_them() -> list[list[str]]:
        barrier = asyncio.Barrier(count)
        jars = cookies or [{} for _ in range(count)]
        return list(await asyncio.gather(*(one(barrier, jar) for jar in jars)))

    # A thread of its own: Playwright's sync API may hold an event loop in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, all_of_them()).result()


@pytest.mark.parametrize("mode", ["kiosk", "demo", "personal"])
def test_issue_25_twenty_sessions_started_at_once_each_draw_their_first_screen(
    tmp_path: Path, mode: str
) -> None:
    """Eight kiosk screens opened at once left 3 to 10 with "KeyError" or an OperationalError and no
    emergency number (each session migrated its own database, and Alembic is not thread-safe)."""
    data = tmp_path / "data"
    data.mkdir()
    with serve(tmp_path, BACKONTRACK_MODE=mode, BACKONTRACK_DATA_DIR=str(data)) as url:
        port = int(url.rsplit(":", 1)[1])
        problems = start_together(port, SESSIONS_AT_ONCE)
        assert [p for p in problems if p] == []
        assert len(problems) == SESSIONS_AT_ONCE
    logged = (tmp_path / "server.log").read_text(encoding="utf-8", errors="replace")
    for trouble in ("Traceback", "KeyError", "OperationalError", "already exists", "SystemError"):
        assert trouble not in logged, logged[-3000:]


# -- A tab left open -------------------------------------------------------------------------------
def downloaded_from(page: Page, button: str) -> bytes:
    with page.expect_download() as event:
        page.get_by_role("button", name=button).click()
    return Path(event.value.path()).read_bytes()


@pytest.mark.parametrize("screen", ["data", "plan"])
def test_issue_25_a_calendar_pressed_in_a_tab_left_open_after_a_stop_has_no_walks(
    browser: Browser, app_server: AppServer, screen: str
) -> None:
    """Tab A on Your data (or Plan); tab B logs chest pain; tab A's calendar button, pressed with no
    other action, gave 38 walk events saying walking was a good place to start."""
    start = TODAY - dt.timedelta(days=3)
    app_server.seed_plan(start, [log(d, 3, start=start) for d in (1, 2, 3)])
    context = browser.new_context(base_url=app_server.url, accept_downloads=True)
    left_open, other = context.new_page(), context.new_page()
    try:
        left_open.goto(f"/{screen}")
        wait_for_app(left_open)
        before = Calendar.from_ical(downloaded_from(left_open, "Save the reminders (.ics)"))
        assert [e for e in before.walk("VEVENT") if "-walk-" in str(e["uid"])]  # walks while walking is safe
        other.goto("/")
        wait_for_app(other)
        log_day(other, TODAY, pain=4, signs=["chest_pain"], expect_saved=False)
        expect(other.get_by_text("Get emergency help now").first).to_be_visible()
        after = Calendar.from_ical(downloaded_from(left_open, "Save the reminders (.ics)"))
        events = list(after.walk("VEVENT"))
        assert [e for e in events if "-walk-" in str(e["uid"])] == []
        assert len(events) == 1
        described = str(events[0]["description"])
        assert "Get emergency help now" in described
        assert "Walking is a good place to start" not in described
        if screen == "data":  # every file on the page follows the latest truth
            summary = pypdf.PdfReader(io.BytesIO(downloaded_from(left_open, "Save the summary (PDF)")))
            text = " ".join(" ".join(p.extract_text().split()) for p in summary.pages)
            assert "What to do now: Get emergency help now" in text
            exported = json.loads(downloaded_from(left_open, "Save all my data (JSON)"))
            assert [e["red_flags"] for e in exported["logs"]][-1] == ["chest_pain"]
            rows = downloaded_from(left_open, "Save my daily logs (CSV)").decode()
            assert TODAY.isoformat() in rows
    finally:
        context.close()


# -- A person's files ------------------------------------------------------------------------------
@pytest.fixture
def kiosk_url(tmp_path: Path) -> Iterator[str]:
    data = tmp_path / "data"
    data.mkdir()
    with serve(tmp_path, BACKONTRACK_MODE="kiosk", BACKONTRACK_DATA_DIR=str(data)) as url:
        yield url


def test_issue_25_a_kiosk_printout_address_dies_with_finish_and_never_serves_another_client(
    browser: Browser, kiosk_url: str
) -> None:
    """A file address from the previous person's session still answered after Finish."""
    context = browser.new_context(base_url=kiosk_url, viewport=PORTRAIT, accept_downloads=True)
    stranger = browser.new_context(base_url=kiosk_url)
    try:
        page = context.new_page()
        page.goto("/")
        wait_for_app(page)
        check(page, {"below_knee": "yes"})
        plan(page)
        page.get_by_role("link", name="Take your plan with you").click()
        # The whole hand-off page, drawn and idle: a button pressed while a run is still under way
        # can hold a file id that the run replaces, and Streamlit then hands out nothing.
        expect(page.locator("h1")).to_have_text("Take it with you")
        expect(page.get_by_role("img", name=re.compile("^QR code holding"))).to_be_visible()
        wait_for_app(page)
        with page.expect_download() as event:
            page.get_by_role("button", name=re.compile("Print my page")).click()
        address = event.value.url
        assert "/media/" in address
        assert context.request.get(address).status == 200  # the person's own browser, during the visit
        assert stranger.request.get(address).status == 404  # anyone else: never
        click(page, "Finish and clear the screen")
        expect(page.locator("h1")).to_have_text("Back on Track")
        assert context.request.get(address).status == 404  # gone with Finish, even in the same browser
    finally:
        context.close()
        stranger.close()


# -- Addresses -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    ["/_x", "/__init__.py", "/_x/y", "/_stcore/x", "/static/x", "/app/x", "/auth/x", "/oauth2callback/x"],
)
def test_issue_25_every_address_lands_on_a_screen_or_a_real_404_page_never_a_blank_one(
    page: Page, app_server: AppServer, path: str
) -> None:
    response = page.goto(path)
    assert response is not None
    if response.status == 404:
        expect(page.get_by_role("heading", name="This page does not exist")).to_be_visible()
        page.get_by_role("link", name="Go to Back on Track").click()
    wait_for_app(page)
    expect(page.locator("h1")).to_have_text("Back on Track")
    expect(page.get_by_role("dialog")).to_have_count(0)  # no "page not found" dialog


# -- The plan page's pictures ----------------------------------------------------------------------
@pytest.mark.parametrize("size", [{"width": 1280, "height": 800}, PORTRAIT], ids=["laptop", "kiosk"])
def test_issue_25_the_plan_page_has_no_small_or_unnamed_buttons_at_laptop_and_kiosk_sizes(
    page: Page, app_server: AppServer, size: dict[str, int]
) -> None:
    """Three 24 x 24 px buttons with no name: the exercise drawings' image toolbar."""
    app_server.seed_plan(TODAY)
    page.set_viewport_size(size)
    page.goto("/plan")
    wait_for_app(page)
    page.get_by_text("Today's stretches and core exercises").click()
    expect(page.get_by_role("img", name=re.compile(".+")).first).to_be_visible()
    page.get_by_role("img").first.hover()  # a toolbar shows on hover
    assert small_targets(page, within="[data-testid=stMain]") == []
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=stMain] button')]
             .filter(b => b.checkVisibility() && b.getBoundingClientRect().width > 1)
             .filter(b => !(b.getAttribute('aria-label') || b.textContent || b.title).trim()).length"""
    )
    assert unnamed == 0


def test_issue_25_a_second_tap_on_none_of_these_keeps_it_chosen_in_the_browser(
    page: Page, app_server: AppServer
) -> None:
    """A person who tapped "None of these" again to be sure un-answered the daily re-check."""
    app_server.seed_plan(TODAY)
    page.goto("/")
    wait_for_app(page)
    open_page(page, "log")
    none = radios(page, "Since your last log, has any of these started or got worse?").get_by_role(
        "radio", name="None of these", exact=True
    )
    for _ in range(2):  # the second tap, to be sure
        none.click()
        wait_for_app(page)
    expect(none).to_have_attribute("aria-checked", "true")
