"""Daily log: pain, minutes, flare, the red-flag re-check and a note, in about ten seconds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from backontrack import content
from backontrack.adapt import stops_plan
from backontrack.dates import day_long
from backontrack.i18n import _
from backontrack.journey import Journey, LogDateError
from backontrack.models import LogEntry, PlanDay
from backontrack.store import LogConflict, ProfileGone
from backontrack.ui import context, state
from backontrack.ui.forms import RangeError, bounds, labelled, whole_number
from backontrack.ui.guards import (
    data_link,
    day_words,
    emergency_first,
    plan_or_instruction,
    seen_since_button,
)
from backontrack.ui.layout import end_screen, escape_markdown, page_setup
from backontrack.ui.log_form import (
    NONE_OF_THESE,
    RECHECK_LABELS,
    RECHECK_QUESTION,
    SOMETHING_NEW,
    LogFormError,
    build_entry,
    field_labels,
)
from backontrack.ui.widgets import choice, number_field, pain_buttons, result_panel, sign_columns, walks_label

PAGE = "log"
SIGNS = {item.id: item.sign for item in content.red_flags().recheck_items}


def loaded_revision(date: dt.date) -> int | None:
    """The day's stored revision when this session first showed its form (None: not logged then)."""
    loaded: dict[str, int | None] = state.get(PAGE, "loaded") or {}
    if date.isoformat() not in loaded:
        loaded[date.isoformat()] = context.store().log_revision(context.own_profile(), date)
        state.put(PAGE, "loaded", loaded)
    return loaded[date.isoformat()]


def forget_loaded(date: dt.date) -> None:
    loaded: dict[str, int | None] = state.get(PAGE, "loaded") or {}
    loaded.pop(date.isoformat(), None)


def form_key(date: dt.date) -> Callable[[str], str]:
    """Widget keys for one day's form; a new form version (after a conflict) makes fresh widgets."""
    version = (state.get(PAGE, "version") or {}).get(date.isoformat(), 0)
    suffix = f".v{version}" if version else ""
    return lambda name: state.key(PAGE, f"{name}.{date.isoformat()}{suffix}")


def minutes_fields(
    k: Callable[[str], str], before: LogEntry | None, day: PlanDay | None, invalid: list[str]
) -> tuple[int | None, list[int] | None]:
    """Minutes as one total, or per walk; read exactly as typed, each checked against its range."""
    low, high = bounds(LogEntry, "minutes")
    per_walk = st.toggle(
        _("Enter minutes for each walk"), value=bool(before and before.walks), key=k("per_walk")
    )
    if not per_walk:
        typed = number_field(
            _("Minutes walked today (total)"), k("minutes"), before.minutes if before else None, _("Minutes")
        )
        try:
            return whole_number(typed, _("Minutes walked"), low, high), None
        except RangeError as exc:
            invalid.append(str(exc))
            return None, None
    count = max(len(before.walks or []) if before else 0, len(day.walks) if day else 2)
    cols = st.columns(min(count, 3))
    walks: list[int] = []
    for i in range(count):
        earlier = before.walks[i] if before and before.walks and i < len(before.walks) else None
        with cols[i % len(cols)]:
            typed = number_field(
                _("Walk {number} (minutes)").format(number=i + 1), k(f"walk{i}"), earlier, _("Minutes")
            )
        try:
            minutes = whole_number(typed, _("Walk {number}").format(number=i + 1), 0, high)
        except RangeError as exc:
            invalid.append(str(exc))
            continue
        if minutes:
            walks.append(minutes)
    return None, walks


def log_form(journey: Journey, date: dt.date) -> None:
    """The entry for one day, pre-filled when that day was logged before."""
    before = journey.log_on(date)
    day = journey.adapted.day_on(date) if journey.adapted else None
    st.header(day_words(date))
    if day is not None:
        target = _("Target for day {number}: {walks}.").format(number=day.day, walks=walks_label(day.walks))
        if day.test_walk:
            target += " " + _("Your test walk counts toward these: add its minutes to today's.")
        st.caption(target)
    loaded = loaded_revision(date)
    k = form_key(date)
    pain = pain_buttons(_("Your usual back pain today"), k("pain"), before.pain if before else None)
    st.caption(_("Score your usual back pain over the day, not just its worst moment."))
    invalid: list[str] = []
    minutes, walks = minutes_fields(k, before, day, invalid)
    flare = st.toggle(
        _("Today was a flare-up"),
        value=bool(before and before.flare),
        key=k("flare"),
    )
    st.caption(
        _(
            "A flare-up is a spell when your pain is much worse than usual. "
            "On a flare-up day the plan swaps its walks for short, gentle strolls."
        )
    )
    st.markdown(f"**{_(RECHECK_QUESTION)}**")
    default_check = (SOMETHING_NEW if before.red_flags else NONE_OF_THESE) if before else None
    check = choice(
        _(RECHECK_QUESTION),
        [NONE_OF_THESE, SOMETHING_NEW],
        k("recheck"),
        default_check,
        lambda answer: _(RECHECK_LABELS[answer]),
        label_visibility="collapsed",
    )
    ticked: list[str] = []
    if check == SOMETHING_NEW:
        ticked = (
            st.pills(
                _("Tick each one that started or got worse"),
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
        _("Note (optional)"),
        value=before.note if before else "",
        key=k("note"),
        placeholder=_("Anything you want to remember about today"),
    )
    # As text, not a help icon: a 16 px "?" is too small to tap (issue 19, part 6).
    st.caption(_("{count} of 500 characters used.").format(count=len(note.strip())))
    for message in invalid:
        st.error(message, icon=":material/error:")
    if st.button(_("Save"), type="primary", key=k("save"), width="stretch", icon=":material/save:"):
        if invalid:
            st.error(
                _("Nothing was saved. {reason}").format(reason=" ".join(invalid)), icon=":material/error:"
            )
            return
        try:
            journey.check_log_date(date)
            entry = build_entry(date, pain, minutes, walks, flare, check, ticked, note)
        except (LogDateError, LogFormError) as exc:
            st.error(
                _("Nothing was saved. {reason}").format(reason=labelled(str(exc), field_labels())),
                icon=":material/error:",
            )
            return
        save(entry, loaded)


def save(entry: LogEntry, loaded: int | None) -> None:
    """Write the entry unless the day changed elsewhere since its form loaded (then show both)."""
    try:
        context.store().save_log(context.own_profile(), entry, loaded)
    except LogConflict as conflict:
        state.put(PAGE, "conflict", (entry, conflict.theirs, conflict.revision))
        st.rerun()
    except ProfileGone:
        st.error(
            _(
                "Nothing was saved: your data was deleted in another tab or window. "
                "Start again with the check."
            ),
            icon=":material/error:",
        )
        context.forget_profile()
        return
    forget_loaded(entry.date)
    state.drop(PAGE, "conflict", "correcting")
    state.put(PAGE, "saved", entry.date.isoformat())
    st.rerun()


def day_label(date: dt.date, journey: Journey) -> str:
    """'Today, Tuesday 24 November 2026': a day as people pick it, exactly the day used.

    The label never changes when the day is logged: Streamlit keeps a picked option by its
    label, so a label that changed on saving sent the picker back to Today (issue 17).
    """
    # The day and its year: a language may join them with a word ("24 de noviembre de 2026").
    written = _("{day} {year}").format(day=day_long(date), year=f"{date:%Y}")
    if date == journey.today:
        return _("Today, {date}").format(date=written)
    if date == journey.today - dt.timedelta(days=1):
        return _("Yesterday, {date}").format(date=written)
    return written


def describe(entry: LogEntry) -> str:
    """A log entry in one line, to compare two versions of a day."""
    signs = ", ".join(SIGNS[s].lower() for s in entry.red_flags) or _("no new signs")
    flare = _("a flare-up") if entry.flare else _("no flare-up")
    if not entry.note:
        return _("pain {pain}/10, {minutes} minutes, {flare}, {signs}").format(
            pain=entry.pain, minutes=entry.minutes, flare=flare, signs=signs
        )
    # What a person typed is shown as text: never markdown, links, images or LaTeX (issue 17).
    note = escape_markdown(" ".join(entry.note.split()))
    return _('pain {pain}/10, {minutes} minutes, {flare}, {signs}, note "{note}"').format(
        pain=entry.pain, minutes=entry.minutes, flare=flare, signs=signs, note=note
    )


def conflict_panel() -> None:
    """Both versions of a day saved in two places; the person picks, nothing is lost silently."""
    mine, theirs, revision = state.get(PAGE, "conflict")
    st.warning(
        _(
            "**{day} was saved in another tab or window after you opened it.** Nothing was overwritten."
            "\n\n- Saved there: {theirs}\n- Yours here: {mine}"
        ).format(day=day_words(theirs.date), theirs=describe(theirs), mine=describe(mine)),
        icon=":material/sync_problem:",
    )
    keep, replace = st.columns(2)
    if keep.button(_("Keep the saved one"), key=state.key(PAGE, "keep_theirs"), width="stretch"):
        versions: dict[str, int] = state.get(PAGE, "version") or {}
        versions[theirs.date.isoformat()] = versions.get(theirs.date.isoformat(), 0) + 1
        state.put(PAGE, "version", versions)
        forget_loaded(theirs.date)
        state.drop(PAGE, "conflict")
        st.rerun()
    if replace.button(
        _("Save mine instead"), key=state.key(PAGE, "keep_mine"), type="primary", width="stretch"
    ):
        save(mine, revision)


def confirmation(journey: Journey, entry: LogEntry | None) -> None:
    """Say what was saved; a ticked sign shows its result first, with the plan stopped."""
    if entry is None:
        return
    saved = _("Saved your log for {day}: pain {pain}/10, {minutes} minutes.").format(
        day=day_words(entry.date), pain=entry.pain, minutes=entry.minutes
    )
    instr = context.instruction(journey)
    if stops_plan(entry) and journey.stopped and instr is not None:
        result_panel(instr)
        st.caption(saved)
        seen_since_button()
        data_link()
        return
    st.success(saved, icon=":material/check_circle:")


def correcting(journey: Journey, day: str) -> None:
    """Reopen the log that stopped the plan, so a sign ticked by mistake can be unticked."""
    date = dt.date.fromisoformat(day)
    st.info(
        _(
            "You are changing your log for {day}. Only untick a sign you ticked by mistake. "
            "If you have this sign, keep it ticked and get help as the advice says."
        ).format(day=day_words(date))
    )
    if st.button(_("Keep the log as it is"), type="tertiary", key=state.key(PAGE, "keep")):
        state.drop(PAGE, "correcting")
        st.rerun()
    log_form(journey, date)


page_setup()
journey = context.journey()
saved = state.get(PAGE, "saved")
fixing = state.get(PAGE, "correcting")
if fixing and journey.stopped:
    st.title(_("Daily log"))
    correcting(journey, fixing)
    end_screen()
state.drop(PAGE, "correcting")
emergency_first(journey)
st.title(_("Daily log"))
if saved and journey.stopped:
    # The entry just saved ticked a warning sign: show its result at once.
    state.drop(PAGE, "saved")
    confirmation(journey, journey.log_on(dt.date.fromisoformat(saved)))
elif plan_or_instruction(journey):
    if journey.plan is None:
        st.info(_("Make your walking plan first. Then log each day here."))
        st.page_link("pages/plan.py", label=_("Make my plan"), icon=":material/directions_walk:")
    elif journey.plan.plan.start > journey.today:
        starts = day_words(journey.plan.plan.start)
        st.info(_("Your plan starts on {day}. Log that day once you have walked.").format(day=starts))
    else:
        if saved:
            state.drop(PAGE, "saved")
            confirmation(journey, journey.log_on(dt.date.fromisoformat(saved)))
        if state.get(PAGE, "conflict"):
            conflict_panel()
        date = st.selectbox(
            _("Day"),
            options=journey.loggable_days(),
            format_func=lambda d: day_label(d, journey),
            key=state.key(PAGE, "date"),
        )
        if journey.log_on(date) is not None:
            st.caption(_("You have logged this day. Change anything below and save again."))
        log_form(journey, date)
