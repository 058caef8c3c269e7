"""Plan: the baseline walk and preferences, then the two-week plan with today's guidance."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from backontrack import content
from backontrack.dates import day_short
from backontrack.handoff import MAX_CHARS, HandoffError, read_take_home
from backontrack.i18n import N_, _
from backontrack.journey import Journey
from backontrack.models import TIMES_OF_DAY, AdaptedPlan, PlanDay, Profile, describe_error
from backontrack.plan import build_plan, has_leg_pain
from backontrack.ui import context, state
from backontrack.ui.downloads import reminders_download
from backontrack.ui.forms import bounds, labelled
from backontrack.ui.guards import day_words, emergency_first, plan_or_instruction
from backontrack.ui.layout import page_setup
from backontrack.ui.widgets import (
    adjustment_list,
    choice,
    fill,
    guidance_cards,
    instruction_alert,
    pain_buttons,
    plain_table,
    safety_net_card,
    walks_by_time,
    walks_label,
)

PAGE = "plan"
TIME_LABELS = {
    "morning": N_("Morning"),
    "midday": N_("Midday"),
    "after_meals": N_("After meals"),
    "evening": N_("Evening"),
}
BASELINE_LABELS = {
    "baseline_minutes": N_("Minutes you walked"),
    "baseline_pain": N_("Your pain before the walk"),
    "preferences.walks_per_day": N_("Walks per day"),
    "preferences.times_of_day": N_("Best times of day"),
    "preferences.terrain": N_("Where you will walk"),
    "preferences.balance_concerns": N_("My balance is unsteady"),
    "preferences": N_("How you like to walk"),
}
TERRAIN_LABELS = {
    "flat_route": N_("A flat route outside"),
    "treadmill": N_("A treadmill"),
    "park": N_("Park paths"),
}


def baseline_form(journey: Journey) -> None:
    """Explain the baseline walk, then take its minutes, the pain before it and preferences."""
    assert journey.check is not None
    st.header(_("First, a short test walk"))
    steps = content.walking_plan().test_walk.for_person(has_leg_pain(journey.check.answers))
    st.markdown("\n".join(f"{n}. {fill(step)}" for n, step in enumerate(steps, start=1)))
    k = state.key
    low, high = bounds(Profile, "baseline_minutes")
    minutes = choice(_("Minutes you walked"), list(range(low, high + 1)), k(PAGE, "minutes"))
    guess = st.toggle(_("I could not do the walk yet: this is my best guess"), key=k(PAGE, "guess"))
    start = st.selectbox(
        _("When did you do the test walk? Your plan starts that day."),
        options=journey.plan_start_days(),
        format_func=day_words,
        key=k(PAGE, "start"),
    )
    pain = pain_buttons(_("Your pain before the walk"), k(PAGE, "pain"), None)
    st.header(_("How you like to walk"))
    per_day = choice(
        _("Walks per day (more walks means shorter ones)"), [2, 3, 4, 5, 6], k(PAGE, "per_day"), 2
    )
    times = st.pills(
        _("Best times of day for you (optional)"),
        options=list(TIMES_OF_DAY),
        format_func=lambda time: _(TIME_LABELS[time]),
        selection_mode="multi",
        key=k(PAGE, "times"),
    )
    terrain = choice(
        _("Where you will walk"),
        list(TERRAIN_LABELS),
        k(PAGE, "terrain"),
        "flat_route",
        lambda place: _(TERRAIN_LABELS[place]),
    )
    balance = st.toggle(_("My balance is unsteady"), key=k(PAGE, "balance"))
    if st.button(_("Make my plan"), type="primary", key=k(PAGE, "make"), width="stretch"):
        data = journey.check.answers.model_dump() | {
            "baseline_minutes": minutes,
            "baseline_pain": pain,
            "baseline_is_guess": guess,
            "preferences": {
                "walks_per_day": per_day or 2,
                "times_of_day": times or [],
                "balance_concerns": balance,
                "terrain": terrain or "flat_route",
            },
        }
        try:
            profile = Profile.model_validate(data)
        except ValidationError as exc:
            labels = {field: _(label) for field, label in BASELINE_LABELS.items()}
            st.error(_("Nothing was saved. {reason}").format(reason=labelled(describe_error(exc), labels)))
            return
        plan = build_plan(profile, start)
        context.store().save_plan(context.own_profile(), journey.check.id, plan)
        state.drop(PAGE, "new_block")
        st.rerun()


def walks_text(day: PlanDay) -> str:
    """The day's walks, each run of walks at one time of day named once (widgets.walks_by_time)."""
    return walks_by_time(day.walks, day.walk_times)


def block_days(adapted: AdaptedPlan, today: dt.date, everything: bool) -> list[PlanDay]:
    """The two-week block that holds today (or the first, before the plan starts), or every day so far
    and ahead when asked: after months of walking, the plan table stays two weeks long."""
    length = content.walking_plan().rules.plan_days
    day = max(1, (today - adapted.plan.start).days + 1)
    first = 1 if everything else (day - 1) // length * length + 1
    return [d for d in adapted.days if first <= d.day < first + length or (everything and d.day >= first)]


def walks_cell(day: PlanDay) -> str:
    """The day's walks in the plan table: "5 + 5 min". Day 1: the test walk counts toward its minutes
    (revision 4); the table says so, so none are walked twice."""
    walks = " + ".join(str(m) for m in day.walks)
    if day.test_walk:
        return _("{walks} min (your test walk counts toward these)").format(walks=walks)
    return _("{walks} min").format(walks=walks)


def plan_table(days: list[PlanDay], today: pd.Timestamp) -> pd.DataFrame:
    """The plan, one row a day; the column names are its headers, in the language spoken."""
    columns = {
        "day": _("Day"),
        "date": _("Date"),
        "level": _("Level"),
        "walks": _("Walks"),
        "optional": _("Optional"),
        "total": _("Total"),
        "note": _("Note"),
        "today": _("Today"),
    }
    marker = _("◀ today")
    rows = [
        {
            columns["day"]: d.day,
            columns["date"]: day_short(d.date),
            columns["level"]: d.level_name,
            columns["walks"]: walks_cell(d),
            columns["optional"]: walks_label(d.optional),
            columns["total"]: d.target_minutes,
            columns["note"]: d.notes[0],
            columns["today"]: marker if pd.Timestamp(d.date) == today else "",
        }
        for d in days
    ]
    return pd.DataFrame(rows, columns=list(columns.values()))


def today_card(journey: Journey, adapted: AdaptedPlan) -> None:
    day = adapted.day_on(journey.today)
    with st.container(border=True):
        if day is None:
            st.markdown("## " + _("Your plan starts on {day}").format(day=day_words(adapted.plan.start)))
            return
        st.markdown("## " + _("Today, day {number}: {level}").format(number=day.day, level=day.level_name))
        st.markdown(_("**Walk:** {walks}").format(walks=walks_text(day)))
        if day.optional:
            strolls = " + ".join(_("{minutes}-minute stroll").format(minutes=m) for m in day.optional)
            st.markdown(
                _("**Optional:** {strolls}, {condition}.").format(
                    strolls=strolls, condition=content.walking_plan().wording.stroll_condition
                )
            )
        for note in day.notes:
            st.markdown(f"- {note}")
        logged = journey.log_on(journey.today)
        if logged is not None:
            st.caption(
                _("Logged today: {minutes} minutes, pain {pain}/10.").format(
                    minutes=logged.minutes, pain=logged.pain
                )
            )
        elif context.offers("log"):
            st.page_link("pages/log.py", label=_("Log today"), icon=":material/edit_calendar:")
    guidance_cards(day.guidance)


def show_plan(journey: Journey, adapted: AdaptedPlan) -> None:
    number = journey.day_number or 0
    today = pd.Timestamp(journey.today)
    length = content.walking_plan().rules.plan_days
    # The instruction that governs today (the check's, or severe pain in the log), never the copy
    # stored with the plan when it was made; and any condition the person can check themselves.
    instr = context.instruction(journey)
    if instr is not None:
        instruction_alert(instr)
        if instr.earlier:
            st.caption(instr.earlier)
    for condition in instr.conditions if instr else ():
        st.warning(condition, icon=":material/thermostat:")
    if number > length and (instr is None or instr.origin != "severe_pain"):
        st.success(
            _(
                "You have done the first {days} days. Your plan goes on from here, step by step, "
                "and today's walks are below. You can also start a new two-week block, or do a new check."
            ).format(days=length)
        )
        if st.button(_("Start a new two-week block"), key=state.key(PAGE, "new_block")):
            state.put(PAGE, "new_block", True)
            st.rerun()
    if context.offers("handoff"):
        st.page_link(
            "pages/handoff.py",
            label=_("Take your plan with you"),
            icon=":material/qr_code_2:",
            width="stretch",
        )
    starts_on_flare = adapted.plan.flare_start_days and 0 < number <= adapted.plan.flare_start_days
    if starts_on_flare:
        notes = content.walking_plan().notes
        pain = adapted.plan.profile.pain_now
        st.info(notes.flare_start.format(n=adapted.plan.flare_start_days, pain=pain), icon=":material/info:")
    today_card(journey, adapted)
    reminders_download(journey)  # personal mode only (ui/downloads.py)
    days = block_days(adapted, journey.today, everything=False)
    if adapted.adjustments:
        st.header(_("How your plan has changed"))
        adjustment_list(adapted.adjustments, since=days[0].date)
    st.header(_("Your plan"))
    everything = days[0].day > 1 and st.toggle(
        _("Show every week of the plan"), key=state.key(PAGE, "every_week")
    )
    if everything:
        whole = context.whole_journey().showable  # the session keeps only recent weeks
        shown = block_days(whole, journey.today, True) if whole is not None else days
    else:
        shown = days
    # A plain table with today's row marked in words: a styled table costs a cell-by-cell
    # render on every run, and the mark does not rely on colour.
    table = context.derived(f"{PAGE}.table", lambda: plan_table(shown, today), everything)
    plain_table(table, _("Your plan, day by day"))
    safety_net_card()


def continue_at_home() -> None:
    """Read the text of a clinic's take-home QR code into the same result and plan."""
    with st.expander(_("Continue at home: use the text from your clinic's QR code")):
        st.write(
            _(
                "Point your phone's camera at the code on your printout, copy the text it shows, "
                "and paste it here. Your result and plan come back exactly as they were."
            )
        )
        text = st.text_area(
            _("Text from the QR code"), key=state.key(PAGE, "take_home"), max_chars=4 * MAX_CHARS
        )
        if st.button(_("Use this result and plan"), key=state.key(PAGE, "take_home_go")):
            try:
                home = read_take_home(text, context.today())
            except HandoffError as exc:
                st.error(_("Nothing was saved. {reason}").format(reason=exc), icon=":material/error:")
                return
            store = context.store()
            check = store.save_check(context.own_profile(), home.answers, home.result)
            if home.plan is not None:
                store.save_plan(context.own_profile(), check.id, home.plan)
            st.rerun()


page_setup()
journey = context.journey()
emergency_first(journey)
st.title(_("Your walking plan"))
if plan_or_instruction(journey):
    adapted = journey.showable
    if adapted is None or state.get(PAGE, "new_block"):
        baseline_form(journey)
    else:
        show_plan(journey, adapted)
if context.offers_take_home_import():
    continue_at_home()
