"""Issue 26 through the proxy: the welcome page and, signed in, the progress page with its
interactive chart come compressed through HAProxy, and a second visit downloads almost nothing."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import Browser

from backontrack.store import Store
from tests.browser.helpers import wait_for_app
from tests.browser.network import recorded
from tests.browser.test_compression import (
    assert_compressed_first_visit,
    assert_idle_second_visit,
    progress_with_the_interactive_chart,
)
from tests.conftest import log
from tests.hosted.conftest import Stack
from tests.hosted.test_hosted import TODAY, authorize, signed_in_menu, with_plan


def test_issue_26_through_the_proxy_files_go_compressed_and_a_second_visit_is_idle(
    browser: Browser, stack: Stack
) -> None:
    pid = with_plan(stack, "light")
    start = TODAY - dt.timedelta(days=3)
    store = Store.from_url(stack.cluster.app_url)
    for day, pain in enumerate((5, 4, 4), start=1):  # logs, so the page has a picture and a chart
        store.upsert_log(pid, log(day, pain, start=start))
    context = browser.new_context(base_url=stack.url, viewport={"width": 1280, "height": 800})
    first_tab = context.new_page()
    with recorded(context, first_tab) as first:
        first_tab.goto("/")
        wait_for_app(first_tab)
        first_tab.get_by_role("button", name="Sign in").click()
        authorize(first_tab, "light")
        signed_in_menu(first_tab).wait_for(timeout=30_000)
        progress_with_the_interactive_chart(first_tab)
    assert_compressed_first_visit(first, stack.url, r"/progress$")
    second_tab = context.new_page()
    with recorded(context, second_tab) as second:
        progress_with_the_interactive_chart(second_tab)
    assert_idle_second_visit(second)
    context.close()
