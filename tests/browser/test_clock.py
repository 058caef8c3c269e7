"""The app server keeps the test run's clock: under --clock-shift (tests/clock) it lives on the moved day.

The app works out today in its own process (`streamlit run`), so a shift that moved only the
tests would leave every browser test on the real date; this proves the server moved too.
"""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import Page, expect

from tests import clock
from tests.browser.conftest import AppServer
from tests.browser.helpers import goto


def test_the_app_server_is_on_the_same_day_as_the_tests(page: Page, app_server: AppServer) -> None:
    today = dt.date.today()
    shift = clock.current()
    if shift is not None:
        assert today == shift.today != shift.real_today
    app_server.seed_plan(today)
    goto(page, "log")
    picker = page.get_by_role("combobox", name="Day", exact=True)
    expect(picker).to_have_value(f"Today, {today:%A} {today.day} {today:%B %Y}")
