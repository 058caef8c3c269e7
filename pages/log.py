"""Daily log: pain, minutes, flare, the red-flag re-check and a note, in about ten seconds."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from backontrack import content
from backontrack.journey import Journey, LogDateError
from backontrack.models import LogEntry
from backontrack.triage import recheck
from backontrack.ui import context, state
from backontrack.ui.forms import labelled
from backontrack.ui.guards import emergency_first, new_check_button, plan_or_instruction
from backontrack.ui.layout import page_setup
from backontrack.ui.log_form import FIELD_LABELS, NONE_OF_THESE, SOMETHING_NEW, LogFormError, build_entry
from backontrack.ui.widgets import pain_buttons, result_panel, sign_columns, walks_label

PAGE = "log"
SIGNS = {item.id: item.label for item in content.red_flags().recheck_items}


def log_form(journey: Journey, date: dt.date) -> None:
    """The entry for one day, pre-filled when that day was logged before."""
    before = journey.log_on(date)
    day = journey.adapted.day_on(date) if journey.adapted else None
    st.header(f"{date:%A} {date.day} {date:%B}")
    if day is not None:
        st.caption(f"Target for day {day.day}: {walks_label(day.walks)}")
    k = lambda name: state.key(PAGE, f"{name}.{date.isoformat()}")  # noqa: E731 (keys per day)
    pain = pain_buttons("Pain today", k("pain"), before.pain if before else None)
    per_walk = st.toggle(
        "Enter minutes for each walk", value=bool(before and before.walks), key=k("per_walk")
    )
    minutes: int | None = None
    walks: list[int] | None = None
    if per_walk:
        count = max(len(before.walks or []) if before else 0, len(day.walks) if day else 2)
        cols = st.columns(min(count, 3))
        walks = [
            int(
                cols[i % len(cols)].number_input(
                    f"Walk {i + 1} (minutes)",
                    min_value=0,
                    step=1,
                    key=k(f"walk{i}"),
                    value=(before.walks[i] if before and before.walks and i < len(before.walks) else 0),
                )
            )
            for i in range(count)
        ]
        walks = [w for w in walks if w > 0]
    else:
        minutes = st.number_input(
            "Minutes walked today (total)",
            min_value=0,
            step=1,
            key=k("minutes"),
            value=before.minutes if before else None,
            placeholder="Minutes",
        )
    flare = st.toggle("Today was a flare-up", value=bool(before and before.flare), key=k("flare"))
    st.markdown("**Any of these new since yesterday?**")
    default_check = (SOMETHING_NEW if before.red_flags else NONE_OF_THESE) if before else None
    check = st.segmented_control(
        "Any of these new since yesterday?",
        options=[NONE_OF_THESE, SOMETHING_NEW],
        format_func={NONE_OF_THESE: "None of these", SOMETHING_NEW: "Yes, something is new"}.__getitem__,
        default=default_check,
        key=k("recheck"),
        label_visibility="collapsed",
        width="stretch",
    )
    ticked: list[str] = []
    if check == SOMETHING_NEW:
        ticked = (
            st.pills(
                "Tick each sign that is new",
                options=list(SIGNS),
                format_func=SIGNS.__getitem__,
                selection_mode="multi",
                default=before.red_flags if before else None,
                key=k("signs"),
            )
            or []
        )
    else:
        sign_columns(SIGNS.values())
    note = st.text_area(
        "Note (optional)",
        value=before.note if before else "",
        key=k("note"),
        help="Plain text, up to 500 characters.",
        placeholder="Anything you want to remember about today",
    )
    st.caption(f"{len(note.strip())} of 500 characters")
    if st.button("Save", type="primary", key=k("save"), width="stretch", icon=":material/save:"):
        save(journey, date, pain, minutes, walks, flare, check, ticked, note)


def save(journey: Journey, date: dt.date, *values: object) -> None:
    """Validate everything first; only a complete, valid entry is written."""
    try:
        journey.check_log_date(date)
        entry = build_entry(date, *values)  # type: ignore[arg-type]
    except (LogDateError, LogFormError) as exc:
        st.error(f"Nothing was saved. {labelled(str(exc), FIELD_LABELS)}", icon=":material/error:")
        return
    context.store().upsert_log(context.profile_id(), entry)
    state.put(PAGE, "saved", entry.date.isoformat())
    state.drop(PAGE, "correcting")
    st.rerun()


def confirmation(journey: Journey, entry: LogEntry | None) -> None:
    """Say what was saved; a ticked sign shows its result first, with the plan stopped."""
    if entry is None:
        return
    saved = f"Saved your log for {entry.date:%A %d %B}: pain {entry.pain}/10, {entry.minutes} minutes."
    if entry.red_flags and journey.stopped:
        result_panel(recheck(entry.red_flags), stopped_plan=True)
        st.caption(saved)
        new_check_button()
        return
    st.success(saved, icon=":material/check_circle:")


def correcting(journey: Journey, day: str) -> None:
    """Reopen the log that stopped the plan, so a sign ticked by mistake can be unticked."""
    date = dt.date.fromisoformat(day)
    st.info(
        f"You are changing your log for {date:%A %d %B}. If you untick the sign and save, your plan "
        "goes on from where it was. If the sign is real, keep it ticked and follow the advice."
    )
    if st.button("Keep the log as it is", type="tertiary", key=state.key(PAGE, "keep")):
        state.drop(PAGE, "correcting")
        st.rerun()
    log_form(journey, date)


page_setup()
journey = context.journey()
saved = state.get(PAGE, "saved")
fixing = state.get(PAGE, "correcting")
if fixing and journey.stopped:
    st.title("Daily log")
    correcting(journey, fixing)
    st.stop()
state.drop(PAGE, "correcting")
emergency_first(journey)
st.title("Daily log")
if saved and journey.stopped:
    # The entry just saved ticked a warning sign: show its result at once.
    state.drop(PAGE, "saved")
    confirmation(journey, journey.log_on(dt.date.fromisoformat(saved)))
elif plan_or_instruction(journey):
    if journey.plan is None:
        st.info("Make your walking plan first. Then log each day here.")
        st.page_link("pages/plan.py", label="Make my plan", icon=":material/directions_walk:")
    elif journey.plan.plan.start > journey.today:
        st.info(f"Your plan starts on {journey.plan.plan.start:%A %d %B}. Log that day once you have walked.")
    else:
        if saved:
            state.drop(PAGE, "saved")
            confirmation(journey, journey.log_on(dt.date.fromisoformat(saved)))
        date = st.date_input(
            "Day",
            value=journey.today,
            min_value=journey.plan.plan.start,
            max_value=journey.today,
            key=state.key(PAGE, "date"),
            format="DD/MM/YYYY",
        )
        log_form(journey, date)
