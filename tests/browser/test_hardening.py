"""Hardening in a real browser: a just-started server's menu, unknown addresses, and two tabs
saving the same day at the same moment."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from backontrack import content
from backontrack.models import Answers
from backontrack.store import Store
from backontrack.triage import assess
from tests.browser.conftest import AppServer, serve
from tests.browser.helpers import choose, fill_number, goto, log_day, wait_for_app
from tests.conftest import answers_data

TODAY = dt.date.today()
FLAGS = content.red_flags()
RAW_NAMES = re.compile(r"^(app|check|data|home|log|plan|progress)$")


@pytest.fixture
def new_server(tmp_path: Path) -> Iterator[tuple[str, Store]]:
    """A server started just now, on its own database (nothing has run on it yet)."""
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    store = Store.from_url(url)
    with serve(tmp_path, BACKONTRACK_DATABASE_URL=url) as address:
        yield address, store


@pytest.mark.parametrize("tier", ["none", "emergency"])
def test_a_just_started_server_opened_at_check_never_lists_raw_file_names(
    browser: Browser, new_server: tuple[str, Store], tier: str
) -> None:
    address, store = new_server
    if tier == "emergency":
        checked = Answers.model_validate(answers_data(chest_pain="yes"))
        store.save_check(store.local_profile(), checked, assess(checked))
    context = browser.new_context(base_url=address)
    page = context.new_page()
    page.goto("/check")
    wait_for_app(page)
    links = page.get_by_role("link")
    names = [links.nth(i).inner_text().strip() for i in range(links.count())]
    assert not [n for n in names if RAW_NAMES.match(n)], names
    if tier == "emergency":
        expect(page.get_by_test_id("stSidebar")).to_be_hidden()  # nothing competes with it
        expect(page.locator("h1")).to_have_text(FLAGS.tiers["emergency"].title)
    else:
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar.get_by_role("link", name="Daily log")).to_be_visible()
        expect(sidebar.get_by_role("link", name="app")).to_have_count(0)
    context.close()


# One segment only: Streamlit serves its page for /a/b too, but its scripts then load from /a/static/
# and fail, so a deeper unknown address stays blank (a Streamlit limit; see the README).
@pytest.mark.parametrize("path", ["/app", "/nonsense", "/pages"])
def test_an_unknown_address_lands_on_home(page: Page, path: str) -> None:
    page.goto(path)
    wait_for_app(page)
    expect(page.locator("h1")).to_have_text("Back on Track")


def open_today(page: Page, pain: int, minutes: int) -> None:
    goto(page, "log")
    choose(page, "Your usual back pain today", str(pain))
    fill_number(page, "Minutes walked today (total)", minutes)
    choose(page, "Since your last log, has any of these started or got worse?", "None of these")


def test_two_tabs_saving_the_same_day_at_once_never_error_or_overwrite_silently(
    browser: Browser, app_server: AppServer
) -> None:
    store = app_server.store
    tabs = [browser.new_context(base_url=app_server.url).new_page() for _ in range(2)]
    outcomes = []
    for _ in range(20):
        store.delete_everything()  # each round: a plan, and today not logged yet
        app_server.seed_plan(TODAY)
        profile_id = store.local_profile()
        open_today(tabs[0], pain=4, minutes=12)
        open_today(tabs[1], pain=7, minutes=77)
        for tab in tabs:  # both clicks leave before either run ends
            tab.get_by_role("button", name="Save", exact=True).dispatch_event("click")
        for tab in tabs:
            outcome = tab.get_by_text(re.compile("^Saved your log for|was saved in another tab"))
            expect(outcome).to_be_visible()
            assert tab.get_by_test_id("stException").count() == 0
        said_saved = [t.get_by_text("Saved your log for").count() > 0 for t in tabs]
        assert said_saved.count(True) == 1, said_saved  # one saved, one was told and shown both
        kept = store.logs(profile_id)
        assert len(kept) == 1
        winner = said_saved.index(True)
        assert (kept[0].pain, kept[0].minutes) == [(4, 12), (7, 77)][winner]
        loser = tabs[1 - winner]
        expect(loser.get_by_text("Saved there: pain", exact=False)).to_contain_text(
            f"pain {kept[0].pain}/10, {kept[0].minutes} minutes"
        )
        outcomes.append(winner)
    for tab in tabs:
        tab.context.close()
    print(f"two-tab race: tab 1 won {outcomes.count(0)} of 20, tab 2 won {outcomes.count(1)}")


def test_a_locked_database_gives_one_sentence_and_the_log_keeps_nothing_typed(
    page: Page, app_server: AppServer
) -> None:
    app_server.seed_plan(TODAY)
    secret = "NOTE-ABOUT-MY-BLADDER-4711"
    open_today(page, pain=3, minutes=20)
    page.get_by_role("textbox", name="Note (optional)").fill(secret)
    page.get_by_role("textbox", name="Note (optional)").press("Tab")
    wait_for_app(page)
    database = app_server.store.database_path()
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the database
    try:
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.get_by_text("The database is busy", exact=False)).to_be_visible(timeout=20_000)
        expect(page.get_by_text("In an emergency, call", exact=False).first).to_be_visible()
        assert page.get_by_test_id("stException").count() == 0
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert secret not in app_server.log.read_text(errors="replace")


def test_issue_17_a_picked_past_day_stays_picked_after_saving_and_typing_on(
    page: Page, app_server: AppServer
) -> None:
    """Saving a past day relabelled it "(logged)"; the next Enter sent the picker back to Today, and
    the next Save wrote what was meant for the past day onto today."""
    app_server.seed_plan(TODAY - dt.timedelta(days=3))
    past = TODAY - dt.timedelta(days=2)
    log_day(page, past, pain=3, minutes=15)
    picker = page.get_by_role("combobox", name="Day", exact=True)
    shown = re.compile(re.escape(f"{past:%A} {past.day} {past:%B}"))
    expect(picker).to_have_value(shown)
    fill_number(page, "Minutes walked today (total)", 25)  # typed, then Enter
    expect(picker).to_have_value(shown)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(
        page.get_by_text(f"Saved your log for {past:%A} {past.day} {past:%B}: pain 3/10, 25 minutes")
    ).to_be_visible()
    store = app_server.store
    assert [(e.date, e.minutes) for e in store.logs(store.local_profile())] == [(past, 25)]


def test_issue_17_odd_numbers_get_a_plain_message_and_never_reach_the_server_log(
    page: Page, app_server: AppServer
) -> None:
    """Superscript and circled digits crashed int() and wrote what was typed to the server log."""
    goto(page, "check")
    for label, typed in (
        ("How old are you?", "4²"),
        ("How many weeks has this bout of back pain lasted?", "①"),
    ):
        fill_number(page, label, typed)
    expect(page.get_by_text("Age must be a whole number from 16 to 110", exact=False)).to_be_visible()
    expect(
        page.get_by_text("Weeks of pain must be a whole number of weeks, from 0 up to 520", exact=False)
    ).to_be_visible()
    app_server.seed_plan(TODAY)
    goto(page, "log")
    fill_number(page, "Minutes walked today (total)", "⑤")
    expect(page.get_by_text("Minutes walked must be a whole number", exact=False)).to_be_visible()
    assert page.get_by_test_id("stException").count() == 0
    logged = app_server.log.read_text(encoding="utf-8", errors="replace")
    assert not {"²", "①", "⑤"} & set(logged)  # nothing typed reached the server log


def test_issue_17_nothing_typed_or_uploaded_on_any_surface_reaches_the_server_log(
    page: Page, app_server: AppServer
) -> None:
    """Every way text gets in (number fields, the note, the take-home paste, an uploaded file),
    each given a marker with odd characters, and the server log never holds it."""
    marker = "Zq7x"  # short enough for a number field (six characters)
    goto(page, "check")
    fill_number(page, "How old are you?", f"{marker}²")
    expect(page.get_by_text("Age must be a whole number from 16 to 110", exact=False)).to_be_visible()
    app_server.seed_plan(TODAY)
    log_day(page, TODAY, pain=3, minutes=f"{marker}①", expect_saved=False)
    # Said by the field, and again by Save ("Nothing was saved. ...") once the click lands.
    expect(page.get_by_text("Minutes walked must be a whole number", exact=False).first).to_be_visible()
    note = f"{marker} ![x](http://127.0.0.1:9/{marker}.png) :red[{marker}]"
    log_day(page, TODAY, pain=3, minutes=12, note=note)
    goto(page, "plan")
    page.get_by_text("Continue at home: use the text from your clinic's QR code").click()
    paste = page.get_by_role("textbox", name="Text from the QR code")
    paste.fill(f"BOT2 {marker}\n{{{marker}")
    paste.press("Tab")
    wait_for_app(page)
    page.get_by_role("button", name="Use this result and plan", exact=True).click()
    expect(page.get_by_text("Nothing was saved.", exact=False)).to_be_visible()
    goto(page, "data")
    for data in (
        f'{{"format": "{marker}"}}'.encode(),
        b"[" * 100_000 + marker.encode(),
        f'{{"format": "backontrack", "version": "{marker}"}}'.encode(),
        marker.encode("utf-16"),
    ):
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
            files=[{"name": f"{marker}.json", "mimeType": "application/json", "buffer": data}]
        )
        expect(page.get_by_text("Nothing was imported.", exact=False)).to_be_visible()
        wait_for_app(page)
    assert page.get_by_test_id("stException").count() == 0
    store = app_server.store
    assert [e.note for e in store.logs(store.local_profile())] == [note]  # kept as typed
    assert marker not in app_server.log.read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize("address", ["/home", "/a/b", "/pages/plan.py", "/nonsense"])
def test_issue_19_an_unknown_address_lands_on_the_first_screen_with_no_dialog(
    page: Page, app_server: AppServer, address: str
) -> None:
    """Streamlit alone shows "page not found" over Home for /home, and a blank page for /a/b."""
    page.goto(address)
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/$"))
    expect(page.locator("h1")).to_have_text("Back on Track")
    expect(page.get_by_role("dialog")).to_have_count(0)
    page.goto("/log")  # a screen's own address still opens that screen
    wait_for_app(page)
    expect(page.locator("h1")).to_have_text("Daily log")
