"""Issue 26: every file a page needs goes compressed, the icon font holds only the icons that can
appear (each drawn as one glyph, never as its name), and a second visit downloads only what changed.
The same through the proxy in hosted mode: tests/hosted/test_compression.py."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import Browser, Page

from tests.browser.conftest import AppServer
from tests.browser.helpers import PAGES, goto, open_interactive_chart, open_page, progress_picture
from tests.browser.network import IMMUTABLE, Visit, recorded
from tests.conftest import log

TODAY = dt.date.today()
MAIN_BUNDLE = r"/static/js/index\.[\w-]+\.js$"  # index.<hash>.js, not index.esm.<hash>.js
PLOTLY = r"/static/js/PlotlyChart\.[^/]+\.js$"
ICON_FONT = r"/static/media/MaterialSymbols-Rounded\.[^/]+\.woff2$"
#: The whole icon font is 366 KB; cut to the icons that can appear it is about 16 KB.
ICON_FONT_MOST = 40_000
SECOND_VISIT_MOST = 100_000
#: Every material icon on the screen: its name, its drawn width and its font size (CSS px).
ICONS = """() => [...document.querySelectorAll('[data-testid="stIconMaterial"]')].map(icon => [
    icon.textContent, icon.getBoundingClientRect().width, parseFloat(getComputedStyle(icon).fontSize)])"""


def a_person_with_logs(app_server: AppServer) -> None:
    start = TODAY - dt.timedelta(days=5)
    app_server.seed_plan(start, [log(day, pain, start=start) for day, pain in enumerate([4, 5, 3, 3, 2], 1)])


def progress_with_the_interactive_chart(page: Page) -> None:
    goto(page, "progress")
    progress_picture(page).wait_for()
    open_interactive_chart(page)


def assert_compressed_first_visit(first: Visit, origin: str, page_address: str) -> None:
    """The page, the main bundle and Plotly's chunk Brotli-compressed; the hashed files cached for a
    year; the icon font cut down and asked again on each visit; no text sent uncompressed."""
    document = first.one(page_address)
    assert document.encoding == "br"
    assert document.cache_control == "no-cache"  # the page is asked again each visit (a 304)
    for bundle in (MAIN_BUNDLE, PLOTLY):
        answer = first.one(bundle)
        assert answer.encoding == "br", bundle
        assert answer.cache_control == IMMUTABLE, bundle  # a second visit never asks again
        assert "Accept-Encoding" in answer.headers.get("vary", ""), bundle
    font = first.one(ICON_FONT)
    assert font.bytes < ICON_FONT_MOST
    assert font.cache_control == "no-cache"  # a later copy with more icons is never missed
    assert first.plain_text(origin) == []
    assert first.downloaded(PLOTLY)  # (what a second visit must not do, seen here)


def assert_idle_second_visit(second: Visit) -> None:
    assert second.transferred <= SECOND_VISIT_MOST
    assert second.downloaded("/static/") == []  # every file from the cache, or a 304


def test_issue_26_files_go_compressed_once_and_a_second_visit_downloads_almost_nothing(
    browser: Browser, app_server: AppServer
) -> None:
    a_person_with_logs(app_server)
    context = browser.new_context(base_url=app_server.url)  # an empty cache
    first_tab = context.new_page()
    with recorded(context, first_tab) as first:
        progress_with_the_interactive_chart(first_tab)
    assert_compressed_first_visit(first, app_server.url, r"/progress$")
    second_tab = context.new_page()
    with recorded(context, second_tab) as second:
        progress_with_the_interactive_chart(second_tab)
    assert_idle_second_visit(second)
    context.close()


def icons_drawn_as_words(page: Page) -> list[str]:
    """Icons drawn as their name (a missing glyph) rather than as one glyph about 1 em wide."""
    return [name for name, width, size in page.evaluate(ICONS) if width > 1.5 * size]


def test_issue_26_every_icon_on_every_screen_is_drawn_from_the_cut_down_font(
    page: Page, app_server: AppServer
) -> None:
    a_person_with_logs(app_server)
    goto(page, "home")
    seen: set[str] = set()
    for name in PAGES:
        open_page(page, name)
        page.evaluate("() => document.fonts.ready.then(() => true)")  # icons wait for their font
        assert icons_drawn_as_words(page) == [], name
        seen |= {icon for icon, _, _ in page.evaluate(ICONS)}
    assert len(seen) >= 8  # the menu's icons and the pages' own: the check above saw them
