"""Demo mode in real Chromium at 1920 x 1080: a presenter steps through Jo's days, sees the drop-back
on the day it happens, changes a day, and every persona's progress chart is saved as a picture."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from backontrack import demo
from tests.browser.conftest import SCREENSHOTS, serve
from tests.browser.helpers import choose, click, progress_picture, wait_for_app
from tests.browser.test_accessibility import audit

PRESENTER = {"width": 1920, "height": 1080}


def files_in(folder: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for p in folder.rglob("*")} if folder.exists() else {}


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("demo")
    data = root / "data"
    data.mkdir()
    before = files_in(data)
    with serve(root, BACKONTRACK_MODE="demo", BACKONTRACK_DATA_DIR=str(data)) as url:
        yield url
    assert files_in(data) == before, "a demo session wrote to the data folder"


@pytest.fixture
def presenter(browser: Browser, demo_server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=demo_server, viewport=PRESENTER)
    page = context.new_page()
    page.goto("/")
    wait_for_app(page)
    yield page
    context.close()


def show(page: Page, persona: demo.Persona) -> None:
    page.get_by_role("link", name=re.compile("Choose (a|another) person")).first.click()
    wait_for_app(page)
    click(page, f"Show {persona.name.split(',')[0]}")
    expect(page.get_by_text(f"Showing {persona.name}, day 1 of the story.")).to_be_visible()


def next_day(page: Page, day: int) -> None:
    page.get_by_test_id("stSidebar").get_by_role("button", name="Next day").click()
    wait_for_app(page)
    expect(page.get_by_text(re.compile(rf"day {day} of the story"))).to_be_visible()


def test_a_presenter_steps_through_jos_days_and_asks_what_if(presenter: Page) -> None:
    page = presenter
    jo = demo.persona("jo")
    audit(page, "demo: choose a person")
    show(page, jo)
    timings = []
    page.get_by_test_id("stSidebar").get_by_role("link", name="Progress").click()
    wait_for_app(page)
    for day in range(2, 8):
        began = time.perf_counter()
        next_day(page, day)
        timings.append((time.perf_counter() - began) * 1000)
        called_out = page.get_by_test_id("stAlert").filter(has_text="What changed today")
        if day == 6:  # the second high day: the drop-back appears on this day, not before
            expect(called_out).to_contain_text("goes back to")
        elif day < 5:
            expect(called_out).to_have_count(0)
    print(f"replay step on the progress page: median {sorted(timings)[len(timings) // 2]:.0f} ms")
    audit(page, "demo: progress, Jo day 7")
    page.get_by_test_id("stSidebar").get_by_role("link", name="Daily log").click()
    wait_for_app(page)
    choose(page, "Your usual back pain today", "9")
    choose(page, "Since your last log, has any of these started or got worse?", "None of these")
    click(page, "Save")
    page.get_by_test_id("stSidebar").get_by_role("link", name="Plan").click()
    wait_for_app(page)
    expect(page.get_by_text(re.compile(r"Your pain was (still )?9/10")).first).to_be_visible()
    audit(page, "demo: plan after a what-if")


def test_every_personas_progress_chart_is_saved_as_a_picture(presenter: Page) -> None:
    folder = SCREENSHOTS / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    for persona in demo.personas():
        show(presenter, persona)
        if persona.promises.tier == "emergency":
            expect(presenter.get_by_text("Get emergency help now").first).to_be_visible()
            continue
        presenter.get_by_test_id("stSidebar").get_by_role("link", name="Progress").click()
        wait_for_app(presenter)
        for day in range(2, min(len(persona.logs), 14) + 1):
            next_day(presenter, day)
        wait_for_app(presenter)
        if persona.promises.stop_day is None:  # a stopped plan shows its advice, not a chart
            expect(progress_picture(presenter)).to_be_visible()
        presenter.screenshot(path=str(folder / f"{persona.id}-progress.png"), full_page=True)
