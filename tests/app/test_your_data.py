"""Your data page: the files a person takes away (named with the day, made in memory), reminders,
import into an empty app or after a clear confirmation, bad files refused, and the home page streak."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pypdf
import pytest
import streamlit
from icalendar import Calendar
from streamlit.testing.v1 import AppTest

from backontrack import records
from backontrack.store import Snapshot, Store
from tests.app.journeys import complete_check, in_order, key, log_day, make_plan, page_text, tables

TODAY = dt.date.today()
PAGE = "pages/data.py"


@dataclass
class Download:
    label: str
    file_name: str
    mime: str
    made: Callable[[], bytes] | bytes

    def data(self) -> bytes:
        return self.made() if callable(self.made) else self.made


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> list[Download]:
    """Every download button the page draws, with what pressing it would give."""
    seen: list[Download] = []
    real = streamlit.download_button

    def record(
        label: str, data: Any, file_name: str | None = None, mime: str | None = None, **kw: Any
    ) -> bool:
        seen.append(Download(label, file_name or "", mime or "", data))
        return bool(real(label, data, file_name, mime, **kw))

    monkeypatch.setattr(streamlit, "download_button", record)
    return seen


def by_name(seen: list[Download]) -> dict[str, Download]:
    return {d.file_name: d for d in seen}


def with_a_plan(at: AppTest, days_ago: int = 4) -> AppTest:
    complete_check(at, {"below_knee": "yes"})
    make_plan(at, minutes=6, pain=4, start=TODAY - dt.timedelta(days=days_ago))
    for back, pain in zip(range(days_ago, -1, -1), [4, 6, 3, 3, 2], strict=False):
        log_day(at, TODAY - dt.timedelta(days=back), pain=pain, minutes=12, note="=1+1 after lunch")
    return at


def snapshot(store: Store) -> Snapshot:
    person = store.find_local_profile()
    return store.snapshot(person) if person is not None else Snapshot([], [], [])


def upload(at: AppTest, data: bytes, name: str = "backontrack-data.json") -> AppTest:
    at.switch_page(PAGE).run()
    at.file_uploader(key=key("data", "file")).set_value((name, data, "application/json"))
    return at.run()


def test_a_new_person_has_nothing_to_take_away_yet(
    app: Callable[[], AppTest], downloads: list[Download]
) -> None:
    at = app().run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert "Nothing is saved yet, so there is nothing to take with you." in page_text(at)
    assert downloads == []
    assert at.file_uploader(key=key("data", "file"))  # bringing data back is still offered


def test_with_a_plan_every_file_is_offered_named_with_today_and_holds_the_persons_data(
    app: Callable[[], AppTest], store: Store, downloads: list[Download]
) -> None:
    at = with_a_plan(app().run())
    downloads.clear()
    at.switch_page(PAGE).run()
    assert not at.exception
    files = by_name(downloads)
    day = TODAY.isoformat()
    assert set(files) == {
        f"backontrack-summary-{day}.pdf",
        f"backontrack-data-{day}.json",
        f"backontrack-daily-logs-{day}.csv",
        f"backontrack-reminders-{day}.ics",
    }
    assert all(callable(d.made) for d in downloads)  # made when pressed, in memory
    summary = pypdf.PdfReader(io.BytesIO(files[f"backontrack-summary-{day}.pdf"].data()))
    text = " ".join(summary.pages[0].extract_text().split())
    assert "Test walk: 6 minutes. Pain before it: 4/10." in text
    assert "Days logged: 5 of 5 so far." in text
    document = json.loads(files[f"backontrack-data-{day}.json"].data())
    assert document["format"] == "backontrack-export"
    assert [entry["pain"] for entry in document["logs"]] == [4, 6, 3, 3, 2]
    csv_text = files[f"backontrack-daily-logs-{day}.csv"].data().decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "date,pain,minutes,walks,flare,red_flags,note"
    assert "'=1+1 after lunch" in csv_text  # a note is never run as a formula
    calendar = Calendar.from_ical(files[f"backontrack-reminders-{day}.ics"].data())
    assert len([e for e in calendar.walk("VEVENT") if str(e["summary"]).startswith("Log today")]) == 14


def test_fault_10_the_data_page_leads_with_the_emergency_instruction_and_keeps_the_data_below(
    app: Callable[[], AppTest], downloads: list[Download]
) -> None:
    """Issue 16, fault 10: the data page had no emergency guard. Revision 4, item 5: a person's data is
    never locked away, so the summary, the export and "delete" follow beneath the instruction."""
    at = complete_check(app().run(), {"chest_pain": "yes"})
    downloads.clear()
    at.switch_page(PAGE).run()
    shown = [n for n in in_order(at) if n.type not in ("html", "vertical", "horizontal", "column")]
    assert shown[0].type == "error"
    assert "Get emergency help now" in shown[0].value
    assert not at.title  # the instruction is the screen's heading
    assert {d.label for d in downloads} == {
        "Save the summary (PDF)",
        "Save all my data (JSON)",
        "Save my daily logs (CSV)",
    }
    assert not at.time_input  # no walk reminders
    assert not [d for d in downloads if d.file_name.endswith(".ics")]
    assert at.button(key=key("data", "delete"))


def test_reminder_times_out_of_order_name_the_walk_and_give_no_file(
    app: Callable[[], AppTest], downloads: list[Download]
) -> None:
    at = with_a_plan(app().run())
    at.switch_page(PAGE).run()
    assert not at.time_input  # the usual times, until the person asks to choose
    at.toggle(key=key("reminders", "own_times")).set_value(True).run()
    walks = [t for t in at.time_input if t.label.startswith("Walk ")]
    assert [t.value for t in walks][:2] == [dt.time(9, 0), dt.time(18, 0)]
    downloads.clear()
    walks[1].set_value(dt.time(8, 0)).run()
    assert "No calendar file yet. Walk 2 must be later than walk 1." in page_text(at)
    assert not any(d.file_name.endswith(".ics") for d in downloads)


def test_a_file_brought_into_an_empty_app_gives_back_the_same_plan_and_logs(
    app: Callable[[], AppTest], store: Store, downloads: list[Download]
) -> None:
    at = with_a_plan(app().run())
    before = snapshot(store)
    exported = records.export_json(before, dt.datetime.now(dt.UTC))
    at.switch_page(PAGE).run()
    at.checkbox(key=key("data", "sure")).check().run()
    at.button(key=key("data", "delete")).click().run()
    assert snapshot(store).empty
    at = upload(app().run(), exported)
    assert "This file holds 1 check, 1 plan and 5 daily logs." in page_text(at)
    assert key("data", "replace_sure") not in [c.key for c in at.checkbox]  # nothing to replace
    at.button(key=key("data", "import")).click().run()
    assert at.success[0].value == "Your data is back: 1 check, 1 plan and 5 daily logs."
    assert records.same_records(snapshot(store), before)
    at.switch_page("pages/plan.py").run()
    assert len(tables(at)) == 1  # the plan is on screen again
    at.switch_page("pages/progress.py").run()
    assert not at.exception


def test_replacing_data_waits_for_the_tick_and_the_button(app: Callable[[], AppTest], store: Store) -> None:
    at = with_a_plan(app().run())
    mine = snapshot(store)
    other = Snapshot(checks=mine.checks, plans=mine.plans, logs=mine.logs[:1])
    at = upload(at, records.export_json(other, dt.datetime.now(dt.UTC)))
    assert "replaces everything here" in page_text(at)
    replace = at.button(key=key("data", "replace"))
    assert replace.disabled  # nothing can happen without the tick
    assert snapshot(store).logs == mine.logs
    at.checkbox(key=key("data", "replace_sure")).check().run()
    at.button(key=key("data", "replace")).click().run()
    assert snapshot(store).logs == mine.logs[:1]
    assert at.success[0].value == "Your data is back: 1 check, 1 plan and 1 daily log."


def test_the_same_file_twice_changes_nothing_and_says_so(app: Callable[[], AppTest], store: Store) -> None:
    at = with_a_plan(app().run())
    before = snapshot(store)
    at = upload(at, records.export_json(before, dt.datetime.now(dt.UTC)))
    assert "This file holds just what is here already, so there is nothing to change." in page_text(at)
    assert not [b for b in at.button if b.key in (key("data", "import"), key("data", "replace"))]
    assert records.same_records(snapshot(store), before)


def bad(exported: bytes, change: Callable[[dict[str, Any]], object]) -> bytes:
    document = json.loads(exported)
    change(document)
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda good: b"not json at all", "it is not JSON"),
        (lambda good: b"{" * (records.MAX_BYTES + 1), "This file is too big"),
        (lambda good: bad(good, lambda d: d.update(version=2)), "newer version of Back on Track"),
        (lambda good: bad(good, lambda d: d["logs"][3].update(pain=11)), "logs[3].pain: must be 10 or less"),
        (
            lambda good: bad(good, lambda d: d["logs"][1].update(date=d["logs"][0]["date"])),
            "logs[1].date:",
        ),
    ],
    ids=["not-json", "too-big", "newer-version", "pain-11", "duplicate-date"],
)
def test_a_bad_file_is_refused_naming_the_problem_and_nothing_changes(
    app: Callable[[], AppTest], store: Store, spoil: Callable[[bytes], bytes], message: str
) -> None:
    at = with_a_plan(app().run())
    before = snapshot(store)
    at = upload(at, spoil(records.export_json(before, dt.datetime.now(dt.UTC))))
    assert not at.exception
    assert message in at.error[0].value.replace("\\", "")  # shown as written, never as markdown
    assert not [b for b in at.button if b.key in (key("data", "import"), key("data", "replace"))]
    assert records.same_records(snapshot(store), before)
    assert snapshot(store).logs == before.logs


def test_home_counts_the_days_logged_in_a_row(app: Callable[[], AppTest]) -> None:
    at = with_a_plan(app().run())
    at.switch_page("pages/home.py").run()
    assert "You have logged 5 days in a row, today included. Well done." in [i.value for i in at.info]


def test_home_says_welcome_back_after_a_gap_and_never_scolds(app: Callable[[], AppTest]) -> None:
    at = complete_check(app().run())
    make_plan(at, start=TODAY - dt.timedelta(days=6))
    log_day(at, TODAY - dt.timedelta(days=6), pain=3)
    log_day(at, TODAY - dt.timedelta(days=5), pain=3)
    at.switch_page("pages/home.py").run()
    shown = [i.value for i in at.info]
    assert "Welcome back. Log today, and your plan picks up from here." in shown
    assert "missed" not in page_text(at).lower()


def reminders_alone() -> None:
    """The Plan page's reminders section on its own, for a plan made today (AppTest script)."""
    import datetime as dt

    from backontrack.adapt import adapt
    from backontrack.journey import Journey
    from backontrack.plan import build_plan
    from backontrack.store import CheckRecord, PlanRecord
    from backontrack.ui.downloads import reminders_download
    from tests.conftest import make_profile

    today = dt.date.today()
    profile = make_profile()
    plan = build_plan(profile, today)
    made = dt.datetime.now(dt.UTC)
    reminders_download(
        Journey(
            today=today,
            check=CheckRecord(id=1, created_at=made, answers=profile, result=plan.triage),
            plan=PlanRecord(id=1, check_id=1, created_at=made, plan=plan),
            logs=[],
            adapted=adapt(plan, [], today=today),
        )
    )


@pytest.mark.parametrize(("mode", "offered"), [("personal", True), ("kiosk", False), ("demo", False)])
def test_the_reminders_file_is_offered_only_where_people_keep_their_own_data(
    in_mode: Callable[[str], Callable[[], AppTest]], mode: str, offered: bool
) -> None:
    in_mode(mode)
    at = AppTest.from_function(reminders_alone).run()
    assert not at.exception
    assert bool(at.get("download_button")) == offered
    assert bool(at.toggle) == offered  # "Choose my own times"


def test_the_plan_page_offers_the_same_reminders_file(
    app: Callable[[], AppTest], downloads: list[Download]
) -> None:
    at = with_a_plan(app().run())
    downloads.clear()
    at.switch_page("pages/plan.py").run()
    assert not at.exception
    files = by_name(downloads)
    assert list(files) == [f"backontrack-reminders-{TODAY.isoformat()}.ics"]
    calendar = Calendar.from_ical(files[f"backontrack-reminders-{TODAY.isoformat()}.ics"].data())
    assert len([e for e in calendar.walk("VEVENT") if str(e["summary"]).startswith("Log today")]) == 14
