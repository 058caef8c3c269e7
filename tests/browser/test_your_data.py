"""Your data in real Chromium: each file downloaded through its own button (named with the day, holding
the person's numbers), the export read into a fresh app showing the same plan and chart, and bad
files refused with nothing changed."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2
import pytest
from icalendar import Calendar
from playwright.sync_api import Browser, Page, expect

from backontrack import records
from backontrack.store import Snapshot, Store
from tests.browser.conftest import SCREENSHOTS, AppServer, serve
from tests.browser.helpers import (
    goto,
    main_text,
    open_interactive_chart,
    open_page,
    progress_picture,
    wait_for_app,
)
from tests.conftest import log

TODAY = dt.date.today()
START = TODAY - dt.timedelta(days=5)
FOLDER = SCREENSHOTS / "your-data"
#: The walked days: pain and minutes, from the plan's first day.
WALKED = [(3, 12), (6, 9), (5, 10), (3, 15), (2, 16)]


def seed(app_server: AppServer) -> None:
    """A standard plan started five days ago, with five days logged (one with a rise in pain)."""
    logs = [
        log(day, pain, minutes=minutes, start=START, note="=1+1 by the canal" if day == 2 else "")
        for day, (pain, minutes) in enumerate(WALKED, start=1)
    ]
    app_server.seed_plan(START, logs)


def snapshot(store: Store) -> Snapshot:
    person = store.find_local_profile()
    return store.snapshot(person) if person is not None else Snapshot([], [], [])


def download(page: Page, button: str) -> tuple[str, bytes]:
    """Press a download button as a person does; the file's suggested name and its bytes."""
    wait_for_app(page)
    with page.expect_download() as event:
        page.get_by_role("button", name=button).click()
    got = event.value
    return got.suggested_filename, Path(got.path()).read_bytes()


def chart_data(page: Page) -> list[Any]:
    """What the progress chart plots: the picture as drawn, and each interactive trace's values."""
    drawn = progress_picture(page).evaluate("svg => svg.outerHTML")
    open_interactive_chart(page)
    data: list[Any] = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')]"
        ".map(p => p.data.map(t => [t.name, t.x, t.y]))"
    )
    return [drawn, data]


def plan_text(page: Page) -> str:
    """The plan page's text once all of it is drawn (its last part, "Continue at home", is there)."""
    open_page(page, "plan")
    expect(page.get_by_text("Continue at home: use the text from your clinic's QR code")).to_be_visible()
    wait_for_app(page)
    return main_text(page)


def upload(page: Page, name: str, data: bytes) -> None:
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        files=[{"name": name, "mimeType": "application/json", "buffer": data}]
    )


def test_each_file_downloads_through_its_button_named_with_the_day_and_holds_the_persons_numbers(
    page: Page, app_server: AppServer
) -> None:
    seed(app_server)
    goto(page, "data")
    day = TODAY.isoformat()

    name, summary = download(page, "Save the summary (PDF)")
    assert name == f"backontrack-summary-{day}.pdf"
    reader = pypdf.PdfReader(io.BytesIO(summary))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    walked = sum(m for _, m in WALKED)
    assert "Test walk: 10 minutes. Pain before it: 3/10." in text
    assert "Today is day 6 of 14." in text
    assert "Days logged: 5 of 6 so far." in text
    assert f"Minutes walked: {walked} of " in text
    assert "Your pain was 6/10 on" in text  # the change the rise in pain made, with its reason
    FOLDER.mkdir(parents=True, exist_ok=True)
    (FOLDER / "clinician-summary.pdf").write_bytes(summary)
    pypdfium2.PdfDocument(summary)[0].render(scale=1.5).to_pil().save(FOLDER / "clinician-summary.png")

    name, exported = download(page, "Save all my data (JSON)")
    assert name == f"backontrack-data-{day}.json"
    document = json.loads(exported)
    assert document["format"] == "backontrack-export"
    assert [(e["pain"], e["minutes"]) for e in document["logs"]] == WALKED

    name, table = download(page, "Save my daily logs (CSV)")
    assert name == f"backontrack-daily-logs-{day}.csv"
    lines = table.decode("utf-8-sig").splitlines()
    assert lines[0] == "date,pain,minutes,walks,flare,red_flags,note"
    assert len(lines) == 1 + len(WALKED)
    assert lines[2].endswith(",'=1+1 by the canal")  # shown as text, never run as a formula

    expect(page.get_by_text("Walks at 09:00, 12:00, 15:00, 18:00.")).to_be_visible()
    name, ics = download(page, "Save the reminders (.ics)")
    assert name == f"backontrack-reminders-{day}.ics"
    events = list(Calendar.from_ical(ics).walk("VEVENT"))
    logs_reminders = [e for e in events if str(e["summary"]).startswith("Log today")]
    assert [e.decoded("dtstart").date() for e in logs_reminders] == [
        TODAY + dt.timedelta(days=i) for i in range(14)
    ]
    assert {e.decoded("dtstart").time() for e in logs_reminders} == {dt.time(20, 0)}
    page.get_by_text("Choose my own times").click()  # the times the file used, shown to change
    hour = page.get_by_role("spinbutton", name="hour, Walk 1")
    expect(hour).to_have_attribute("aria-valuenow", "9")
    hour.click()
    page.keyboard.type("07")
    page.keyboard.press("Tab")
    expect(page.get_by_text("Walks at 07:00, 12:00, 15:00, 18:00.")).to_be_visible()  # the server has them
    _, ics = download(page, "Save the reminders (.ics)")
    firsts = {
        e.decoded("dtstart").time()
        for e in Calendar.from_ical(ics).walk("VEVENT")
        if str(e["uid"]).endswith("-walk-1@backontrack.local")
    }
    assert firsts == {dt.time(7, 0)}  # every day's first walk at the time the person chose
    page.screenshot(path=str(FOLDER / "data-page.png"), full_page=True)
    # Must NOT happen: a download writes nothing beside the server's database.
    database = Path(str(app_server.store.database_path()))
    assert (
        sorted(p.name for p in database.parent.iterdir() if p.suffix in (".pdf", ".json", ".csv", ".ics"))
        == []
    )


@pytest.fixture
def fresh_app(browser: Browser, tmp_path: Path) -> Iterator[tuple[Page, Store]]:
    """A second, empty app (its own server and database), as on a new computer."""
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    with serve(tmp_path, BACKONTRACK_DATABASE_URL=url) as base:
        context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 800})
        yield context.new_page(), Store.from_url(url)
        context.close()


def test_the_export_brings_the_same_plan_and_chart_into_a_fresh_app(
    page: Page, app_server: AppServer, fresh_app: tuple[Page, Store]
) -> None:
    seed(app_server)
    goto(page, "data")
    _, exported = download(page, "Save all my data (JSON)")
    plan_before = plan_text(page)
    open_page(page, "progress")
    chart_before = chart_data(page)

    other, other_store = fresh_app
    goto(other, "data")
    upload(other, f"backontrack-data-{TODAY}.json", exported)
    expect(other.get_by_text("This file holds 1 check, 1 plan and 5 daily logs.")).to_be_visible()
    expect(other.get_by_text("I understand that this replaces all my data here")).to_have_count(0)
    other.get_by_role("button", name="Import this file").click()
    expect(other.get_by_text("Your data is back: 1 check, 1 plan and 5 daily logs.")).to_be_visible()
    assert records.same_records(snapshot(other_store), snapshot(app_server.store))
    assert plan_text(other) == plan_before
    open_page(other, "progress")
    assert chart_data(other) == chart_before
    other.screenshot(path=str(FOLDER / "progress-after-import.png"), full_page=True)

    # The same file again changes nothing, and says so.
    open_page(other, "data")
    upload(other, f"backontrack-data-{TODAY}.json", exported)
    expect(other.get_by_text("This file holds just what is here already")).to_be_visible()
    expect(other.get_by_role("button", name="Import this file")).to_have_count(0)


def test_a_bad_file_is_refused_naming_the_problem_and_nothing_changes(
    page: Page, app_server: AppServer
) -> None:
    seed(app_server)
    before = snapshot(app_server.store)
    goto(page, "data")
    document = json.loads(records.export_json(before, dt.datetime.now(dt.UTC)))
    document["logs"][3]["pain"] = 11
    upload(page, "spoiled.json", json.dumps(document).encode())
    expect(
        page.get_by_text("Nothing was imported. logs[3].pain: must be 10 or less (the file has 11)")
    ).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Import this file|Replace my data"))).to_have_count(0)

    # Just over the app's own limit: the app's message, not Streamlit's (issue 17).
    upload(page, "junk.json", b"x" * (records.MAX_BYTES + 1))
    expect(page.get_by_text("This file is too big", exact=False)).to_be_visible()
    wait_for_app(page)
    expect(page.get_by_role("button", name=re.compile("Import this file|Replace my data"))).to_have_count(0)
    assert records.same_records(snapshot(app_server.store), before)
    assert snapshot(app_server.store).logs == before.logs
