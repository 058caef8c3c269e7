"""Journeys in a real browser; each also asserts one thing that must NOT happen."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import Page, expect

from backontrack import content
from backontrack.settings import Settings
from tests.browser.conftest import AppServer
from tests.browser.helpers import (
    complete_check,
    goto,
    log_day,
    main_text,
    make_plan,
    open_interactive_chart,
    open_page,
    progress_picture,
    screenshot_pages,
    wait_for_app,
)

FLAGS = content.red_flags()
TIERS = FLAGS.tiers
TODAY = dt.date.today()


def expect_no_plan(page: Page) -> None:
    expect(page.get_by_role("heading", name="Your plan", exact=True)).to_have_count(0)
    expect(page.get_by_role("table")).to_have_count(0)
    expect(page.get_by_role("button", name="Make my plan")).to_have_count(0)


def test_self_care_journey_from_home_to_progress(page: Page) -> None:
    goto(page, "home")
    page.get_by_role("link", name="Start the check").click()
    wait_for_app(page)
    complete_check(page)
    expect(page.get_by_text(TIERS["self_care"].title)).to_be_visible()
    page.get_by_role("link", name="Go to your walking plan").click()
    wait_for_app(page)
    make_plan(page, minutes=10, pain=3, start=TODAY - dt.timedelta(days=2))
    plan_table = page.get_by_role("table", name="Your plan, day by day")
    expect(plan_table).to_be_visible()
    expect(plan_table.get_by_role("row")).to_have_count(15)  # the header and 14 days
    expect(page.get_by_text("Today, day 3: Level 1")).to_be_visible()
    log_day(page, TODAY - dt.timedelta(days=2), pain=3, minutes=20)
    expect(page.get_by_text("Saved your log")).to_be_visible()
    log_day(page, TODAY - dt.timedelta(days=1), pain=6, minutes=15)
    log_day(page, TODAY, pain=4, minutes=22)
    open_page(page, "progress")
    picture = progress_picture(page)
    expect(picture).to_be_visible()
    expect(picture.locator(".walked")).to_be_visible()  # the walked-minutes bars
    expect(picture.locator(".target")).to_be_visible()  # the target's steps
    expect(picture.locator(".pain-day")).to_have_count(3)  # pain on each logged day
    chart = open_interactive_chart(page)
    expect(chart.locator(".bars path").first).to_be_visible()  # the walked-minutes bars
    expect(chart.locator(".scatterlayer .trace").first).to_be_visible()  # target and pain lines
    expect(page.get_by_text("Your pain was 6/10 on", exact=False).first).to_be_visible()
    expect(page.get_by_text("Days logged")).to_be_visible()
    page.reload()
    wait_for_app(page)
    expect(page.get_by_text("3 of 3")).to_be_visible()  # the logs survived the refresh
    # Must NOT happen: a spike day is not silently ignored by the plan.
    open_page(page, "plan")
    expect(page.get_by_text("Level 1 starts again on", exact=False)).to_be_visible()
    screenshot_pages(page, "self-care")


def test_emergency_answer_shows_only_the_emergency_message(page: Page) -> None:
    complete_check(page, {"saddle_numbness": "yes"})
    expect(page.get_by_text(TIERS["emergency"].title)).to_be_visible()
    expect(page.get_by_text("Call 999 now, or go to the nearest emergency department.")).to_be_visible()
    expect(page.get_by_text(FLAGS.label("saddle_numbness") + ".")).to_be_visible()  # the reason
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()  # no menu competes with it
    expect(page.get_by_role("link", name="Go to your walking plan")).to_have_count(0)
    goto(page, "plan")  # straight to the plan page's URL
    expect(page.get_by_text(TIERS["emergency"].title)).to_be_visible()
    expect_no_plan(page)
    screenshot_pages(page, "emergency")


def test_unsure_on_an_emergency_item_gives_advice_today_and_no_plan(page: Page) -> None:
    complete_check(page, {"both_legs": "unsure"})
    expect(page.get_by_text(TIERS["urgent"].title)).to_be_visible()
    shown = Settings(emergency_number="999").fill(
        FLAGS.item("both_legs").reason_unsure
    )  # as the server fills it
    expect(page.get_by_text(shown, exact=False)).to_be_visible()
    goto(page, "plan")
    expect(page.get_by_text(TIERS["urgent"].title)).to_be_visible()
    expect_no_plan(page)
    screenshot_pages(page, "urgent")


def test_red_flag_tick_in_the_daily_log_stops_the_plan(page: Page, app_server: AppServer) -> None:
    app_server.seed_plan(TODAY)
    log_day(page, TODAY, pain=3, signs=["chest_pain"], expect_saved=False)
    expect(page.get_by_text(TIERS["emergency"].stopped_title)).to_be_visible()
    expect(page.get_by_text("Stop your walking plan.", exact=False)).to_be_visible()
    goto(page, "plan")
    expect_no_plan(page)
    expect(page.get_by_text(TIERS["emergency"].title)).to_be_visible()
    screenshot_pages(page, "recheck-stop")


def test_bad_log_input_shows_a_message_and_saves_nothing(page: Page, app_server: AppServer) -> None:
    app_server.seed_plan(TODAY)
    log_day(page, TODAY, pain=3, minutes=700, expect_saved=False)
    expect(
        page.get_by_text("Nothing was saved. Minutes walked must be a whole number from 0 to 600.")
    ).to_be_visible()
    log_day(page, TODAY, pain=3, minutes=20, note="x" * 600, expect_saved=False)
    expect(page.get_by_text("Note: at most 500 characters", exact=False)).to_be_visible()
    page.reload()
    wait_for_app(page)
    expect(page.get_by_text("Saved your log")).to_have_count(0)
    open_page(page, "progress")
    expect(page.get_by_text("Nothing logged yet")).to_be_visible()
    assert "700" not in main_text(page)
    screenshot_pages(page, "bad-log-input")
