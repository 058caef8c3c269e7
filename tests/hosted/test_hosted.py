"""Two people signed in through HAProxy, each seeing only their own data; sign-out leaves nothing;
a killed app process hands the person to the other one with every saved log."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import signal
from pathlib import Path

import pypdf
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from backontrack import records
from backontrack.store import Store
from deploy import postgres
from tests.browser.helpers import complete_check, log_day, make_plan, open_page, wait_for_app
from tests.browser.test_touch_targets import every_screen_in_the_menu, measure, on_a_phone
from tests.conftest import log, saved_plan_for
from tests.hosted.conftest import Stack

TODAY = dt.date.today()


def signed_in(browser: Browser, stack: Stack, subject: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(base_url=stack.url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto("/")
    wait_for_app(page)
    page.get_by_role("button", name="Sign in").click()
    authorize(page, subject)
    expect(signed_in_menu(page)).to_be_visible(timeout=30_000)
    wait_for_app(page)
    return context, page


def authorize(page: Page, subject: str) -> None:
    """On the test provider's page: sign in as `subject` (any name is an account)."""
    page.wait_for_url(re.compile("authorize"))
    page.locator("input[name=sub]").fill(subject)
    page.get_by_role("button", name="Authorize").click()


def signed_in_menu(page: Page) -> Locator:
    return page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out")


def with_plan(stack: Stack, subject: str) -> int:
    """The person's account made as signing in makes it, with a check and a plan from 3 days ago."""
    store = Store.from_url(stack.cluster.app_url)
    return saved_plan_for(store, store.sign_in(stack.issuer, subject), TODAY - dt.timedelta(days=3))


def downloaded(page: Page, button: str) -> bytes:
    open_page(page, "data")
    with page.expect_download() as event:
        page.get_by_role("button", name=button).click()
    return Path(event.value.path()).read_bytes()


def exported(page: Page) -> dict[str, object]:
    document: dict[str, object] = json.loads(downloaded(page, "Save all my data (JSON)"))
    return document


def test_two_people_through_the_proxy_each_see_only_their_own_data(browser: Browser, stack: Stack) -> None:
    minutes = {"ann-proxy": (41, 43, 47), "bob-proxy": (71, 73, 79)}  # never a plan target
    pages = {}
    for subject in minutes:
        pages[subject] = signed_in(browser, stack, subject)
        _, page = pages[subject]
        complete_check(page)  # check -> plan -> logs, as each person does it
        make_plan(page, start=TODAY - dt.timedelta(days=2))
    for subject, walked in minutes.items():
        _, page = pages[subject]
        for back, m in zip((2, 1, 0), walked, strict=True):
            log_day(page, TODAY - dt.timedelta(days=back), pain=3, minutes=m)
    for subject, walked in minutes.items():
        context, page = pages[subject]
        other = next(w for s, w in minutes.items() if s != subject)
        document = exported(page)
        assert sorted(e["minutes"] for e in document["logs"]) == list(walked)  # type: ignore[index, union-attr]
        logs_csv = downloaded(page, "Save my daily logs (CSV)").decode()
        assert sorted(int(row["minutes"]) for row in csv.DictReader(io.StringIO(logs_csv))) == list(walked)
        summary = pypdf.PdfReader(io.BytesIO(downloaded(page, "Save the summary (PDF)")))
        summary_text = " ".join(summary.pages[0].extract_text().split())
        assert f"Minutes walked: {sum(walked)} of" in summary_text
        assert f"Minutes walked: {sum(other)} of" not in summary_text
        for name in ("log", "progress", "home", "plan"):
            open_page(page, name)
            text = page.get_by_test_id("stMain").inner_text()
            assert not any(f"{m} min" in text for m in other), (subject, name)
        context.close()


def test_sign_out_leaves_nothing_on_back_or_reload(browser: Browser, stack: Stack) -> None:
    with_plan(stack, "cy-proxy")
    context, page = signed_in(browser, stack, "cy-proxy")
    log_day(page, TODAY, pain=4, minutes=17, note="private words")
    page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile("end_session"))
    page.get_by_role("button", name="End session").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
    for step in (page.go_back, page.reload, lambda: page.goto("/log")):
        step()
        if "end_session" in page.url:
            continue  # the provider's own page, which holds none of the person's data
        wait_for_app(page)
        text = page.locator("body").inner_text()
        assert "private words" not in text
        assert "17 min" not in text
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    context.close()


def test_a_killed_app_process_hands_the_person_to_the_other_with_every_saved_log(
    browser: Browser, stack: Stack
) -> None:
    with_plan(stack, "di-proxy")
    context, page = signed_in(browser, stack, "di-proxy")
    for back, m in ((2, 21), (1, 22), (0, 23)):
        log_day(page, TODAY - dt.timedelta(days=back), pain=2, minutes=m)
    pinned = next(c["value"] for c in context.cookies() if c["name"] == "BOT_PROCESS")
    pid = int((stack.folder / f"{pinned}.pid").read_text())
    os.killpg(pid, signal.SIGKILL)
    page.reload()
    expect(signed_in_menu(page)).to_be_visible(timeout=30_000)  # still signed in: the cookie secret is shared
    moved = next(c["value"] for c in context.cookies() if c["name"] == "BOT_PROCESS")
    assert moved != pinned
    document = exported(page)
    assert sorted(e["minutes"] for e in document["logs"]) == [21, 22, 23]  # type: ignore[index, union-attr]
    context.close()


def test_a_sign_in_older_than_the_session_hours_is_signed_out_at_once(
    browser: Browser, stale_stack: Stack
) -> None:
    """The provider vouches for the person, but the sign-in was 13 hours ago: the app signs them out."""
    context = browser.new_context(base_url=stale_stack.url)
    page = context.new_page()
    page.goto("/")
    wait_for_app(page)
    page.get_by_role("button", name="Sign in").click()
    authorize(page, "old-session")
    # The app signs the person out at once: Streamlit's logout goes through the provider's own page.
    page.wait_for_url(re.compile("end_session"), timeout=30_000)
    page.get_by_role("button", name="End session").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
    expect(signed_in_menu(page)).to_have_count(0)
    context.close()


def test_an_export_imported_through_the_proxy_lands_in_the_signed_in_account(
    browser: Browser, stack: Stack, tmp_path: Path
) -> None:
    source = Store.in_memory()
    pid = saved_plan_for(source, source.local_profile(), TODAY - dt.timedelta(days=3))
    for back, m in ((3, 51), (2, 52)):
        source.upsert_log(pid, log(1, 3, m, start=TODAY - dt.timedelta(days=back)))
    data = records.export_json(source.snapshot(pid), dt.datetime.now(dt.UTC))
    context, page = signed_in(browser, stack, "ed-proxy")
    open_page(page, "data")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        files=[{"name": "mine.json", "mimeType": "application/json", "buffer": data}]
    )
    page.get_by_role("button", name="Import this file").click()
    expect(page.get_by_text("Your data is back", exact=False)).to_be_visible(timeout=30_000)
    document = exported(page)
    assert sorted(e["minutes"] for e in document["logs"]) == [51, 52]  # type: ignore[index, union-attr]
    profile = Store.from_url(stack.cluster.app_url).sign_in(stack.issuer, "ed-proxy")
    events = stack.cluster.psql(
        f"SELECT event FROM audit WHERE profile_id = {profile} ORDER BY id", database=postgres.DATABASE
    ).split()
    assert "import" in events
    assert "export" in events
    context.close()


def test_a_visitor_tries_it_without_an_account_then_signs_in_from_the_menu(
    browser: Browser, stack: Stack
) -> None:
    context = browser.new_context(base_url=stack.url)
    page = context.new_page()
    page.goto("/log")  # a personal screen's address, signed out: only the welcome page answers
    wait_for_app(page)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(page.get_by_test_id("stSidebar").get_by_role("link", name="Daily log")).to_have_count(0)
    page.get_by_role("button", name="Try it without an account").click()
    menu = page.get_by_test_id("stSidebar")
    expect(menu.get_by_role("link", name="Daily log")).to_be_visible(timeout=30_000)
    open_page(page, "data")
    expect(page.get_by_text("nothing is kept when you close or reload this tab", exact=False)).to_be_visible()
    menu.get_by_role("button", name="Sign in").click()
    authorize(page, "fi-proxy")
    expect(signed_in_menu(page)).to_be_visible(timeout=30_000)
    context.close()


def test_delete_my_account_signs_out_for_good_every_time(browser: Browser, stack: Stack) -> None:
    """The page's rerun after deleting could beat the browser's trip to /auth/logout and leave the
    identity cookie in place; signing in again then quietly made a new account."""
    for attempt in range(4):  # both processes, more than once
        subject = f"gone-{attempt}"
        context, page = signed_in(browser, stack, subject)
        open_page(page, "data")
        page.get_by_text("I understand that this deletes everything for good").click()
        page.get_by_role("button", name="Delete my account").click()
        page.wait_for_url(re.compile("end_session"), timeout=30_000)
        page.get_by_role("button", name="End session").click()
        expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
        assert not [c for c in context.cookies() if c["name"].startswith("_streamlit_user")]
        page.reload()
        wait_for_app(page)
        expect(signed_in_menu(page)).to_have_count(0)
        context.close()


def test_a_saved_copy_of_the_sign_in_cookie_stops_working_after_sign_out(
    browser: Browser, stack: Stack
) -> None:
    context, page = signed_in(browser, stack, "jo-proxy")
    saved = context.cookies()
    signed_in_menu(page).click()
    page.wait_for_url(re.compile("end_session"), timeout=30_000)
    page.get_by_role("button", name="End session").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
    context.close()
    thief = browser.new_context(base_url=stack.url)
    thief.add_cookies(saved)  # type: ignore[arg-type]
    page = thief.new_page()
    page.goto("/data")
    # Streamlit takes the copied cookie as a sign-in; the database refuses it, and the app signs out.
    page.wait_for_url(re.compile("end_session"), timeout=30_000)
    page.get_by_role("button", name="End session").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
    expect(signed_in_menu(page)).to_have_count(0)
    thief.close()


def test_issue_19_every_hosted_screen_has_44px_targets_at_phone_size(browser: Browser, stack: Stack) -> None:
    """Signed out (the welcome page), then signed in with a plan, every screen in the menu."""
    with_plan(stack, "touch-targets")
    found: dict[str, list[str]] = {}
    with on_a_phone(browser, stack.url) as page:
        measure(page, "welcome", found)
        page.get_by_role("button", name="Sign in").tap()
        authorize(page, "touch-targets")
        page.wait_for_url(re.compile(re.escape(stack.url)))
        expect(page.get_by_test_id("stExpandSidebarButton")).to_be_visible(timeout=30_000)
        wait_for_app(page)
        every_screen_in_the_menu(page, found, lambda: None)
    assert found == {}


def test_issue_27_a_spanish_browser_reads_spanish_and_the_account_keeps_a_switch(
    browser: Browser, stack: Stack
) -> None:
    """Signed out, a Spanish browser gets the welcome in Spanish; signed in with an English browser,
    a switch to Español is kept with the account, so the next sign-in, anywhere, opens in Spanish."""
    from backontrack import i18n
    from backontrack.i18n import _

    spanish = browser.new_context(base_url=stack.url, locale="es-ES")
    try:
        page = spanish.new_page()
        page.goto("/")
        wait_for_app(page)
        expect(page.locator("html")).to_have_attribute("lang", "es")
        with i18n.speaking("es"):
            expect(page.get_by_role("button", name=_("Sign in"))).to_be_visible()
    finally:
        spanish.close()
    context, page = signed_in(browser, stack, "idioma-es")  # an English browser
    page.get_by_test_id("stSidebar").get_by_text("Español", exact=True).click()
    wait_for_app(page)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    context.close()
    again = browser.new_context(base_url=stack.url, locale="en-GB")
    try:
        page = again.new_page()
        page.goto("/")
        wait_for_app(page)
        page.get_by_role("button", name="Sign in").click()
        authorize(page, "idioma-es")
        with i18n.speaking("es"):
            sidebar = page.get_by_test_id("stSidebar")
            expect(sidebar.get_by_role("button", name=_("Sign out"))).to_be_visible(timeout=30_000)
        expect(page.locator("html")).to_have_attribute("lang", "es")
    finally:
        again.close()


def test_issue_27_every_hosted_screen_is_catalogued_and_fits_in_the_pseudo_language(
    browser: Browser, pseudo_stack: Stack
) -> None:
    """The welcome page signed out, then every screen signed in (the account's own words in the menu
    and on Your data too): no word outside a catalogue, no label cut."""
    from backontrack import i18n
    from backontrack.i18n import _
    from tests.browser.test_languages import audit, opened, through_the_menu

    with_plan(pseudo_stack, "pseudo-person")
    context = browser.new_context(base_url=pseudo_stack.url, viewport={"width": 1280, "height": 800})
    try:
        page = opened(context)
        with i18n.speaking(i18n.PSEUDO):
            audit(page, "hosted: welcome", i18n.PSEUDO)
            page.get_by_role("button", name=_("Sign in")).click()
            authorize(page, "pseudo-person")
            sidebar = page.get_by_test_id("stSidebar")
            expect(sidebar.get_by_role("button", name=_("Sign out"))).to_be_visible(timeout=30_000)
            audit(page, "hosted: home", i18n.PSEUDO)
            for name, heading in [
                ("Check", "Check your back pain"),
                ("Plan", "Your walking plan"),
                ("Daily log", "Daily log"),
                ("Progress", "Your progress"),
                ("Your data", "Your data"),
            ]:
                through_the_menu(page, _(name), _(heading), i18n.PSEUDO)
    finally:
        context.close()
