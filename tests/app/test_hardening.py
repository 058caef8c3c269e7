"""Hardening in AppTest: typed numbers read exactly, two sessions editing one day, data deleted
while another session works, and a database that cannot be used."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from backontrack.store import Store
from backontrack.ui import context
from tests.app.conftest import APP
from tests.app.journeys import complete_check, key, log_day, make_plan, next_step, page_text
from tests.conftest import unusable_database

TODAY = dt.date.today()
DAY = TODAY.isoformat()
PAGES = [f"pages/{name}.py" for name in ("home", "check", "plan", "log", "progress", "data")]

#: How the weeks field names its range (520 weeks is 10 years).
WEEKS = (
    "Weeks of pain must be a whole number of weeks, from 0 up to 520 (10 years; if it is longer, type 520)."
)


@pytest.mark.parametrize(
    ("field", "typed", "says"),
    [
        ("age", "111", "Age must be a whole number from 16 to 110. You typed '111'."),
        ("age", "4²", "Age must be a whole number from 16 to 110."),
        (
            "pain_weeks",
            "1e2",
            WEEKS + " You typed '1e2'.",
        ),
        (
            "pain_weeks",
            "-5",
            WEEKS,
        ),
        (
            "pain_weeks",
            "2.5",
            WEEKS,
        ),
        (
            "pain_weeks",
            "①",
            WEEKS,
        ),  # int() refuses it
    ],
)
def test_a_number_out_of_range_is_named_with_its_range_and_blocks_the_step(
    app: Callable[[], AppTest], field: str, typed: str, says: str
) -> None:
    at = app().run()
    at.switch_page("pages/check.py").run()
    at.text_input(key=key("check", "age")).input("40")
    at.text_input(key=key("check", "pain_weeks")).input("2")
    at.segmented_control(key=key("check", "pain_now")).set_value(4)
    at.text_input(key=key("check", field)).input(typed).run()
    assert says in at.error[0].value
    next_step(at, 0)
    assert "Step 1 of 5" in at.get("progress")[0].proto.text  # Next did not move on
    assert at.text_input(key=key("check", field)).value == typed  # what is on screen stays


def test_the_check_step_one_says_answers_go_on_reload(app: Callable[[], AppTest]) -> None:
    at = app().run()
    at.switch_page("pages/check.py").run()
    assert "Reloading it starts the check again" in page_text(at)


def saved_in_two_tabs(app: Callable[[], AppTest], note: str = "") -> AppTest:
    """Today saved in one tab (pain 4, 12 minutes, `note`) while a second tab had it open; the
    second tab then saves pain 7, 77 minutes and is shown both versions. Returns the second tab."""
    first = complete_check(app().run())
    make_plan(first)
    second = app().run()
    second.switch_page("pages/log.py").run()  # the second tab opens today's form (empty)
    log_day(first, TODAY, pain=4, minutes=12, note=note)  # the first tab saves today
    second.segmented_control(key=key("log", f"pain.{DAY}")).set_value(7)
    second.text_input(key=key("log", f"minutes.{DAY}")).input("77")
    second.segmented_control(key=key("log", f"recheck.{DAY}")).set_value("none")
    return second.button(key=key("log", f"save.{DAY}")).click().run()


def test_a_day_saved_in_another_session_meanwhile_shows_both_and_overwrites_nothing(
    app: Callable[[], AppTest], store: Store
) -> None:
    second = saved_in_two_tabs(app)
    warning = second.warning[0].value
    assert "was saved in another tab or window after you opened it" in warning
    assert "Saved there: pain 4/10, 12 minutes" in warning
    assert "Yours here: pain 7/10, 77 minutes" in warning
    profile_id = store.local_profile()
    assert [(e.pain, e.minutes) for e in store.logs(profile_id)] == [(4, 12)]
    second.button(key=key("log", "keep_mine")).click().run()
    assert "Saved your log" in second.success[0].value
    assert [(e.pain, e.minutes) for e in store.logs(profile_id)] == [(7, 77)]


def test_keep_the_saved_one_shows_its_values_in_the_form(app: Callable[[], AppTest], store: Store) -> None:
    first = complete_check(app().run())
    make_plan(first)
    second = app().run()
    second.switch_page("pages/log.py").run()
    log_day(first, TODAY, pain=4, minutes=12)
    second.segmented_control(key=key("log", f"pain.{DAY}")).set_value(7)
    second.text_input(key=key("log", f"minutes.{DAY}")).input("77")
    second.segmented_control(key=key("log", f"recheck.{DAY}")).set_value("none")
    second.button(key=key("log", f"save.{DAY}")).click().run()
    second.button(key=key("log", "keep_theirs")).click().run()
    assert not second.warning
    assert second.text_input(key=key("log", f"minutes.{DAY}.v1")).value == "12"
    assert [(e.pain, e.minutes) for e in store.logs(store.local_profile())] == [(4, 12)]


def delete_from_another_tab(app: Callable[[], AppTest]) -> None:
    other = app().run()
    other.switch_page("pages/data.py").run()
    other.checkbox(key=key("data", "sure")).check().run()
    other.button(key=key("data", "delete")).click().run()


def test_data_deleted_in_another_session_is_noticed_and_the_answers_in_progress_stay(
    app: Callable[[], AppTest],
) -> None:
    at = complete_check(app().run())
    at.button(key=key("check", "new")).click().run()
    at.switch_page("pages/check.py").run()
    at.text_input(key=key("check", "age")).input("44")
    at.text_input(key=key("check", "pain_weeks")).input("3")
    at.segmented_control(key=key("check", "pain_now")).set_value(4)
    delete_from_another_tab(app)
    next_step(at, 0)
    assert "Your data was deleted in another tab or window" in at.warning[0].value
    assert "Step 2 of 5" in at.get("progress")[0].proto.text
    at.button(key=key("check", "back")).click().run()
    assert at.text_input(key=key("check", "age")).value == "44"


def test_a_check_saved_just_after_deletion_elsewhere_keeps_the_answers_on_screen(
    app: Callable[[], AppTest], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = complete_check(app().run())
    at.button(key=key("check", "new")).click().run()
    at.switch_page("pages/check.py").run()
    monkeypatch.setattr(context, "check_profile", lambda: None)  # deleted after this run's look
    delete_from_another_tab(app)
    at = complete_check(at, age=51)
    assert "this check was not saved" in at.error[0].value
    assert "How you feel about it" in [h.value for h in at.header]  # still on the last step
    at.button(key=key("check", "next.4")).click().run()  # pressing again saves it afresh
    assert not at.error
    profile = store.find_local_profile()
    assert profile is not None
    assert store.current_check(profile) is not None


def test_a_log_save_after_deletion_elsewhere_says_nothing_was_saved(
    app: Callable[[], AppTest], store: Store
) -> None:
    at = complete_check(app().run())
    make_plan(at)
    at.switch_page("pages/log.py").run()
    store.delete_everything()  # another tab deletes everything
    at.segmented_control(key=key("log", f"pain.{DAY}")).set_value(3)
    at.text_input(key=key("log", f"minutes.{DAY}")).input("20")
    at.segmented_control(key=key("log", f"recheck.{DAY}")).set_value("none")
    at.button(key=key("log", f"save.{DAY}")).click().run()
    assert "Nothing you entered here since then was saved" in page_text(at)
    assert store.logs(store.local_profile()) == []


@pytest.mark.parametrize("problem", ["garbage", "newer", "folder_is_a_file", "no_driver"])
def test_a_database_that_cannot_be_used_shows_one_sentence_and_the_emergency_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, problem: str
) -> None:
    monkeypatch.setenv("BACKONTRACK_DATABASE_URL", unusable_database(tmp_path, problem))
    context.settings.cache_clear()
    at = AppTest.from_file(APP, default_timeout=30).run()
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, page
        assert at.error[0].value.startswith("Back on Track cannot reach its data."), page
        assert "BACKONTRACK_" in at.error[0].value.replace("\\", "") or "newer version" in at.error[0].value
        assert "In an emergency, call" in at.warning[-1].value, page
    context.settings.cache_clear()


NOTE_WITH_MARKUP = "![x](http://example.invalid/track.png) [link](http://example.invalid) $x^2$ :red[loud]"


def test_issue_17_a_note_in_the_two_tab_panel_is_shown_as_text_never_markdown(
    app: Callable[[], AppTest], store: Store
) -> None:
    warning = saved_in_two_tabs(app, note=NOTE_WITH_MARKUP).warning[0].value
    assert "Saved there: pain 4/10" in warning
    for markup in ("![x](", "[link](", "$x^2$", ":red["):
        assert markup not in warning  # every markdown character arrives escaped
    assert "\\!\\[x\\]\\(http\\:" in warning


def test_issue_17_a_picked_past_day_stays_picked_after_saving_it(
    app: Callable[[], AppTest], store: Store
) -> None:
    """The server side of issue 17's wrong-day log: the picked day is kept and the save goes to it.
    The browser side (the label that changed on saving) is tests/browser/test_hardening.py's."""
    at = complete_check(app().run())
    make_plan(at, start=TODAY - dt.timedelta(days=3))
    past = TODAY - dt.timedelta(days=2)
    log_day(at, past, pain=3, minutes=15)
    assert at.selectbox(key=key("log", "date")).value == past
    at.text_input(key=key("log", f"minutes.{past.isoformat()}")).input("25").run()  # typing, then Enter
    assert at.selectbox(key=key("log", "date")).value == past
    at.button(key=key("log", f"save.{past.isoformat()}")).click().run()
    profile_id = store.local_profile()
    assert [(e.date, e.minutes) for e in store.logs(profile_id)] == [(past, 25)]  # not today's
