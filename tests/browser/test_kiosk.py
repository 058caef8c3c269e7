"""Kiosk mode in real Chromium: a person's whole visit, finish and clear, the idle wipe, two screens
on one server, the take-home PDF, and nothing written to the data folder."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import Browser, Page, expect

from backontrack import content
from tests.browser import helpers
from tests.browser.conftest import SCREENSHOTS, serve
from tests.browser.helpers import answer_list, choose, click, fill_number, wait_for_app
from tests.browser.test_accessibility import audit

FLAGS = content.red_flags()
LANDSCAPE = {"width": 1920, "height": 1080}
PORTRAIT = {"width": 1080, "height": 1920}


def files_in(folder: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for p in folder.rglob("*")} if folder.exists() else {}


@pytest.fixture(scope="module")
def kiosk_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """One kiosk server for several screens; its data folder must stay as it was."""
    root = tmp_path_factory.mktemp("kiosk")
    data = root / "data"
    data.mkdir()
    (data / "keep.txt").write_text("the clinic's own file")
    before = files_in(data)
    with serve(root, BACKONTRACK_MODE="kiosk", BACKONTRACK_DATA_DIR=str(data)) as url:
        yield url, data
    assert files_in(data) == before, "a kiosk session wrote to the data folder"


@pytest.fixture
def kiosk(browser: Browser, kiosk_data: tuple[str, Path]) -> Iterator[Page]:
    context = browser.new_context(base_url=kiosk_data[0], viewport=PORTRAIT, accept_downloads=True)
    page = context.new_page()
    page.goto("/")
    wait_for_app(page)
    yield page
    context.close()


def check(page: Page, answers: dict[str, str] | None = None, age: int = 52) -> None:
    chosen = {i.id: "no" for i in FLAGS.items} | (answers or {})
    click(page, "Start")
    expect(page.locator("h1")).to_have_text("Check your back pain")
    assert small_targets(page) == []
    fill_number(page, "How old are you?", age)
    fill_number(page, "How many weeks has this bout of back pain lasted?", 2)
    if age == 67:
        audit_both_ways(page, "check, step 1")
    choose(page, "How bad is your back pain right now?", "4")
    click(page, "Next")
    for group in FLAGS.groups:
        answer_list(page, group.id, chosen)
        click(page, "Next")
    answer_list(page, "feelings")
    click(page, "See my result")


def plan(page: Page, audit_form: bool = False) -> None:
    page.get_by_role("link", name="Go to your walking plan").click()
    wait_for_app(page)
    if audit_form:
        audit_both_ways(page, "test-walk form")
    choose(page, "Minutes you walked", "4")
    choose(page, "Your pain before the walk", "4")
    click(page, "Make my plan")
    expect(page.get_by_role("heading", name="Your plan", exact=True)).to_be_visible()


def small_targets(page: Page) -> list[str]:
    """A kiosk asks more than a phone: 48 x 48 CSS px in the main area."""
    return helpers.small_targets(page, least=48, within="[data-testid=stMain]")


def audit_both_ways(page: Page, screen: str) -> None:
    """axe and no sideways scrolling, standing (1080 x 1920) and lying (1920 x 1080)."""
    for name, size in (("portrait", PORTRAIT), ("landscape", LANDSCAPE)):
        page.set_viewport_size(size)
        wait_for_app(page)
        audit(page, f"kiosk {screen} ({name})")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (screen, name)
        assert small_targets(page) == [], (screen, name)
    page.set_viewport_size(PORTRAIT)


def test_a_visit_ends_with_finish_and_clear_and_leaves_no_trace(kiosk: Page) -> None:
    page = kiosk
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)  # no menu on a kiosk
    audit_both_ways(page, "start")
    check(page, {"below_knee": "yes"}, age=67)
    audit_both_ways(page, "result")
    plan(page, audit_form=True)
    audit_both_ways(page, "plan")
    page.get_by_role("link", name="Take your plan with you").click()
    wait_for_app(page)
    expect(
        page.get_by_role("img", name="QR code holding your result and what to do, and your plan as text")
    ).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("Print my page")).click()
    data = Path(download.value.path()).read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(data))
    # Large print (revision 4): the result and plan flow over, then the exercises with their drawings.
    assert 2 <= len(reader.pages) <= 4
    text = " ".join(reader.pages[0].extract_text().split())
    assert "See a GP or physio within two weeks" in text
    assert "Your 14-day walking plan" in text
    assert "Stretches and core exercises" in reader.pages[-1].extract_text()
    folder = SCREENSHOTS / "kiosk"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "take-home.pdf").write_bytes(data)
    page.screenshot(path=str(folder / "handoff-portrait.png"), full_page=True)
    audit_both_ways(page, "hand-off")
    click(page, "Finish and clear the screen")
    expect(page.locator("h1")).to_have_text("Back on Track")
    click(page, "Start")
    expect(page.get_by_label("How old are you?", exact=True)).to_have_value("")  # no answer left over
    assert "67" not in page.get_by_test_id("stMain").inner_text()
    page.go_back()
    wait_for_app(page)
    assert "Your plan" not in page.get_by_test_id("stMain").inner_text()
    assert "67" not in page.get_by_test_id("stMain").inner_text()


def test_two_kiosks_on_one_server_keep_their_data_apart(
    browser: Browser, kiosk_data: tuple[str, Path]
) -> None:
    one, two = (browser.new_context(base_url=kiosk_data[0], viewport=LANDSCAPE) for _ in range(2))
    first, second = one.new_page(), two.new_page()
    for page in (first, second):
        page.goto("/")
        wait_for_app(page)
    check(first, {"below_knee": "yes"})
    plan(first)
    second.goto("/plan")
    wait_for_app(second)
    expect(second.get_by_text("Start with the check")).to_be_visible()
    expect(second.get_by_role("heading", name="Your plan", exact=True)).to_have_count(0)
    one.close()
    two.close()


def test_an_idle_kiosk_warns_counts_down_and_clears(browser: Browser, tmp_path: Path) -> None:
    env = {"BACKONTRACK_MODE": "kiosk", "BACKONTRACK_DATA_DIR": str(tmp_path / "data")}
    with serve(
        tmp_path, BACKONTRACK_KIOSK_IDLE_SECONDS="3", BACKONTRACK_KIOSK_WARNING_SECONDS="20", **env
    ) as url:
        context = browser.new_context(base_url=url, viewport=PORTRAIT)
        page = context.new_page()
        page.goto("/")
        wait_for_app(page)
        click(page, "Start")
        fill_number(page, "How old are you?", 71)
        warning = page.get_by_text("This screen clears itself in", exact=False)
        expect(warning).to_be_visible(timeout=10_000)
        seconds = int(re.search(r"in (\d+) seconds", warning.inner_text()).group(1))  # type: ignore[union-attr]
        assert 15 <= seconds <= 20  # a visible countdown of about 20 seconds
        page.get_by_role("button", name="I'm still here").click()
        expect(warning).to_have_count(0)  # cancelled
        expect(page.get_by_label("How old are you?", exact=True)).to_have_value("71")
        expect(warning).to_be_visible(timeout=10_000)  # quiet again: warned again
        expect(page.locator("h1")).to_have_text("Back on Track", timeout=40_000)  # then wiped
        click(page, "Start")
        expect(page.get_by_label("How old are you?", exact=True)).to_have_value("")
        context.close()
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").iterdir())


def test_fault_6_the_emergency_screens_have_finish_and_clear_and_leave_nothing_behind(kiosk: Page) -> None:
    """Issue 16, fault 6: the "call now" screen and the emergency result had no Finish, and
    "I answered by mistake" then handed the next person every answer."""
    page = kiosk
    click(page, "Start")
    fill_number(page, "How old are you?", 58)
    fill_number(page, "How many weeks has this bout of back pain lasted?", 2)
    choose(page, "How bad is your back pain right now?", "6")
    click(page, "Next")
    answer_list(page, "emergency", {"incontinence": "yes"})
    click(page, "Next")
    expect(page.get_by_text("Tell the reception desk now", exact=False)).to_be_visible()  # "call now"
    click(page, "Go on with the questions")
    for group in FLAGS.groups[1:]:
        answer_list(page, group.id)
        click(page, "Next")
    answer_list(page, "feelings")
    click(page, "See my result")
    # The result's action first; the kiosk's safety-net card (folded below it) says so too.
    expect(page.get_by_text("Tell the reception desk now", exact=False).first).to_be_visible()
    click(page, "Finish and clear the screen")
    expect(page.locator("h1")).to_have_text("Back on Track")
    page.go_back()
    wait_for_app(page)
    text = page.get_by_test_id("stMain").inner_text()
    assert "reception desk now" not in text.replace("or tell the reception desk now", "")
    assert "I answered by mistake" not in text
