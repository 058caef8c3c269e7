"""Download buttons for the person's own files: the clinician summary, the export, the CSV, reminders.

Every file is made in memory from the store when its button is pressed (a callable passed to
st.download_button), never from the page as it was drawn: a tab left open still hands out the
latest truth, and nothing once the person's sign-in was ended or their data deleted in another
tab (issue 25). Files are never written to the server's disk, never cached, named with the day
they were made, and tied to the session that made them (ui/files.py). The core modules (pdf,
records, reminders) make the bytes; this module only places the buttons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st
from pydantic import ValidationError

from backontrack import i18n, records, reminders
from backontrack.i18n import _
from backontrack.journey import Journey
from backontrack.pdf import clinician_summary_pdf
from backontrack.reminders import ReminderTimes
from backontrack.store import Store
from backontrack.ui import account, context, files, state

#: State and widget keys of the reminders section, shared by the Plan and Your data pages.
PART = "reminders"
DOWNLOADS = "downloads"
#: Time pickers move in quarter hours.
TIME_STEP = dt.timedelta(minutes=15)


def file_name(kind: str, day: dt.date, extension: str) -> str:
    """'backontrack-summary-2026-11-30.pdf': what it is and the day it was made."""
    return f"backontrack-{kind}-{day.isoformat()}.{extension}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def data_downloads(journey: Journey) -> None:
    """The summary for a GP or physio, all the data as JSON, and the daily logs as CSV."""
    profile_id = context.profile_id()
    if profile_id is None or journey.check is None:
        st.info(_("Nothing is saved yet, so there is nothing to take with you. Start with the check."))
        return
    today = journey.today
    store = context.store()
    settings = context.settings()
    st.subheader(_("A summary for your GP or physio"))
    st.write(
        _(
            "One page with your latest result and why, your plan and how it changed, "
            "and your walking and pain so far. Print it or show it at your appointment."
        )
    )
    _button(
        _("Save the summary (PDF)"),
        # The whole plan, loaded when the button is pressed (the session keeps recent weeks only).
        lambda: clinician_summary_pdf(Journey.load(store, profile_id, today), today, settings),
        file_name("summary", today, "pdf"),
        "application/pdf",
        "summary",
        ":material/description:",
    )
    if i18n.current() != i18n.REFERENCE:
        # One tap for a clinician who reads English: the same summary, in English (issue 27).
        def in_english() -> bytes:
            with i18n.speaking(i18n.REFERENCE):
                return clinician_summary_pdf(Journey.load(store, profile_id, today), today, settings)

        _button(
            _("The same summary in English, for a clinician"),
            in_english,
            file_name("summary-en", today, "pdf"),
            "application/pdf",
            "summary_en",
            ":material/translate:",
        )
    st.subheader(_("All your data"))
    st.write(
        _(
            "Every check, plan and daily log, in one file. Keep it safe: it holds your health answers. "
            "You can bring it back into Back on Track on this computer or another one."
        )
    )
    _button(
        _("Save all my data (JSON)"),
        _export(store, profile_id, audited=context.has_account()),
        file_name("data", today, "json"),
        "application/json",
        "json",
        ":material/download:",
    )
    st.write(_("Your daily logs, one row a day, to open in a spreadsheet."))
    _button(
        _("Save my daily logs (CSV)"),
        lambda: records.logs_csv(store.logs(profile_id)),
        file_name("daily-logs", today, "csv"),
        "text/csv",
        "csv",
        ":material/table:",
    )


def _export(store: Store, profile_id: int, *, audited: bool = False) -> Callable[[], bytes]:
    """Read every record in one transaction when the button is pressed, not on every run;
    an account's export is written to its audit trail (who and when, nothing more)."""

    def export() -> bytes:
        data = records.export_json(store.snapshot(profile_id), _now())
        if audited:
            store.audit(profile_id, "export")
        return data

    return export


class DownloadRefused(RuntimeError):
    """The person's sign-in was ended, or their data deleted, since the page was drawn: no file."""


def still_theirs() -> Callable[[], None]:
    """A check for when a file is made, away from the page (a worker thread with no session): the
    data is still there, and (hosted) the sign-in that drew the page was not ended since."""
    open_store, profile_id = context.store_opener(), context.known_profile_id()
    signed_in = (*account.identity(), account.signed_in_at()) if context.has_account() else None

    def check() -> None:
        store = open_store()
        if signed_in is not None and store.sign_in_ended(*signed_in):
            raise DownloadRefused("signed out in another tab or window")
        if profile_id is None or store.data_version(profile_id) is None:
            raise DownloadRefused("the data was deleted")

    return check


def guarded(make: Callable[[], bytes], mime: str, name: str) -> Callable[[], bytes]:
    """The file, made only if it is still this person's to take, and tied to this session."""
    check = still_theirs()

    def build() -> bytes:
        check()
        return make()

    return files.made_for_this_session(build, mime, name)


def _button(label: str, data: Callable[[], bytes], name: str, mime: str, key: str, icon: str) -> None:
    st.download_button(
        label,
        data=guarded(data, mime, name),
        file_name=name,
        mime=mime,
        key=state.key(DOWNLOADS, key),
        on_click="ignore",  # a download needs no rerun
        icon=icon,
    )


def reminders_download(journey: Journey) -> None:
    """Walk reminders for the next 14 days as a calendar file, at times the person picks.

    Shows nothing when no plan may be shown (no check, an emergency or urgent
    result, a stopped plan): there are then no walks to remind anyone of. Only
    where the person keeps their own data (personal mode): a kiosk's download
    would stay on the clinic's machine, and a demo's people are made up.
    """
    adapted = journey.showable
    if adapted is None or not context.offers("data"):
        return
    # Carrying a long plan on lays out every day since it began: once per change of the data.
    days = context.derived("reminders.days", lambda: reminders.days_ahead(adapted, journey.today))
    if not days:
        return
    count = max(len(d.walks) for d in days)
    zone = reminders.local_zone()
    with st.container(border=True):
        st.markdown(
            _(
                "**Reminders in your calendar.** A calendar file with each walk of the next 14 days, and "
                "a reminder each evening to log your day. Open it with Google Calendar, Apple Calendar "
                "or Outlook."
            )
        )
        defaults = reminders.default_walk_times(count)
        chosen: list[dt.time | None] = list(defaults[:count])
        log_time: dt.time | None = reminders.DEFAULT_LOG_TIME
        # The time boxes appear only when asked for: the page loads no time picker (about 0.1 MB
        # of scripts, issue 19) for a person who keeps the usual times.
        if st.toggle(_("Choose my own times"), key=state.key(PART, "own_times")):
            columns = st.columns(min(count, 3))
            chosen = [
                columns[i % len(columns)].time_input(
                    _("Walk {number}").format(number=i + 1),
                    value=defaults[i],
                    step=TIME_STEP,
                    key=state.key(PART, f"walk.{i}.of.{count}"),
                )
                for i in range(count)
            ]
            log_time = st.time_input(
                _("Reminder to log your day"),
                value=reminders.DEFAULT_LOG_TIME,
                step=TIME_STEP,
                key=state.key(PART, "log"),
            )
        st.caption(
            _(
                "Times are in this computer's time zone ({zone}). On days with fewer walks, "
                "the first and last times are used first."
            ).format(zone=zone)
        )
        try:
            times = ReminderTimes.model_validate({"walks": chosen, "log": log_time})
        except ValidationError as exc:
            st.error(
                _("No calendar file yet. {problem}").format(problem=_times_problem(exc)),
                icon=":material/error:",
            )
            return
        walks = ", ".join(f"{t:%H:%M}" for t in times.walks)
        st.caption(
            _("Walks at {walks}. A reminder to log your day at {time}.").format(
                walks=walks, time=f"{times.log:%H:%M}"
            )
        )
        name = file_name("reminders", journey.today, "ics")
        st.download_button(
            _("Save the reminders (.ics)"),
            data=guarded(
                _calendar(context.store_opener(), context.known_profile_id(), journey.today, times, zone),
                "text/calendar",
                name,
            ),
            file_name=name,
            mime="text/calendar",
            key=state.key(PART, "ics"),
            on_click="ignore",
            icon=":material/event:",
        )


def _calendar(
    open_store: Callable[[], Store],
    profile_id: int | None,
    today: dt.date,
    times: ReminderTimes,
    zone: dt.tzinfo,
) -> Callable[[], bytes]:
    """The calendar file, built from the store when the button is pressed, never from the page as
    it was drawn: a stop saved in another tab since then gives a file with no walks in it."""
    settings = context.settings()

    def build() -> bytes:
        journey = (
            Journey.load(open_store(), profile_id, today, through=reminders.horizon(today))
            if profile_id is not None
            else Journey.empty(today)
        )
        return reminders.calendar(journey, times, zone, _now(), settings)

    return build


def _times_problem(exc: ValidationError) -> str:
    """The first wrong time, named as its box is: 'Walk 2 must be later than walk 1.'"""
    error = exc.errors()[0]
    field = error["loc"][0] if error["loc"] else ""
    if error["type"] in ("time_type", "time_parsing", "none_required") or "None" in error["msg"]:
        place = error["loc"][1] if len(error["loc"]) > 1 else None
        if field == "walks" and place is not None:
            return _("Walk {number}: please choose a time.").format(number=int(place) + 1)
        return _("The log reminder: please choose a time.")
    message = str(error["msg"]).removeprefix("Value error, ")
    return message[:1].upper() + message[1:] + "."
