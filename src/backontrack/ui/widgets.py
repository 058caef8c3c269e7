"""Widgets and panels the pages share: big answer buttons, results, the safety-net card."""

from __future__ import annotations

import datetime as dt
import html
import itertools
import math
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import streamlit as st

from backontrack import content
from backontrack.content import Exercise
from backontrack.dates import day_short
from backontrack.i18n import N_, _
from backontrack.instruction import Instruction
from backontrack.models import Adjustment, Answer, EducationPoint, TimeOfDay
from backontrack.ui import context

T = TypeVar("T")

TIER_ALERT = {"emergency": st.error, "urgent": st.warning, "soon": st.info, "self_care": st.success}
TIER_ICON = {
    "emergency": ":material/emergency:",
    "urgent": ":material/call:",
    "soon": ":material/event:",
    "self_care": ":material/directions_walk:",
}


def walks_label(minutes: Iterable[int]) -> str:
    """A day's walks as people read them: '20 min + 10 min'."""
    return " + ".join(_("{minutes} min").format(minutes=m) for m in minutes)


#: A time of day as it ends a phrase: "3 min + 3 min in the morning".
WHEN = {
    "morning": N_("in the morning"),
    "midday": N_("at midday"),
    "after_meals": N_("after meals"),
    "evening": N_("in the evening"),
}


def walks_by_time(walks: list[int], times: list[TimeOfDay]) -> str:
    """A day's walks with their times, each time named once: '3 min + 3 min in the morning, then
    3 min in the evening'; without times, just the walks (issue 17: 'Morning' alone repeated it)."""
    if not times:
        return walks_label(walks)
    runs = itertools.groupby(zip(walks, times, strict=True), key=lambda pair: pair[1])
    return _(", then ").join(
        _("{walks} {time_of_day}").format(
            walks=walks_label(m for m, _unused in run), time_of_day=_(WHEN[time])
        )
        for time, run in runs
    )


#: A step's list is answered as a whole: nothing on it applies, or something does.
NONE_OF_THESE = "none"
SOME_OF_THESE = "some"
#: "Yes" first: the easy way out should not be the first button the eye and finger reach.
LIST_ANSWERS = {SOME_OF_THESE: N_("Yes, or I'm not sure"), NONE_OF_THESE: N_("None of these")}
MARKS: dict[Answer, str] = {"yes": N_("Yes"), "unsure": N_("Not sure")}
LIST_QUESTION = N_("Do any of these apply to you?")


def sign_list(
    step: str, rows: list[tuple[str, str, str]], held: dict[str, object], key: Callable[[str], str]
) -> list[str]:
    """A step's signs as one list (NHS 111 style); return what still needs answering.

    Each row is (held key, question, hint); `key` makes a widget key. "None of
    these" is a choice the person makes, never a default. "Yes, or I'm not sure"
    turns the list into rows marked Yes or Not sure; a row left unmarked then
    counts as no, and the screen says so (settle_list records it).
    """
    marked = {name: held[name] for name, _question, _hint in rows if held.get(name) in MARKS}
    none_before = held.get(f"list.{step}") == NONE_OF_THESE
    default = SOME_OF_THESE if marked else NONE_OF_THESE if none_before else None
    choice_key = key(f"list.{step}")
    if st.session_state.get(choice_key, default) == SOME_OF_THESE:
        st.markdown(
            _(
                "Mark each one that applies to you, or that you are not sure about. "
                "**Any you leave unmarked count as no.** Tap a mark again to undo it."
            )
        )
        for name, question, hint in rows:
            held[name] = mark_buttons(question, key(name), marked.get(name), hint)  # type: ignore[arg-type]
    else:
        lines = (f"- {question}" + (f"  \n  *{hint}*" if hint else "") for _name, question, hint in rows)
        st.markdown("\n".join(lines))
    st.markdown(f"**{_(LIST_QUESTION)}**")
    answer = choice(
        _(LIST_QUESTION), list(LIST_ANSWERS), choice_key, default, lambda o: _(LIST_ANSWERS[o]),
        label_visibility="collapsed",
    )  # fmt: skip
    held[f"list.{step}"] = answer
    if answer == NONE_OF_THESE:
        cleared = [question for name, question, _hint in rows if held.get(name) in MARKS]
        if cleared:  # a slip of the finger must not hide a sign without a word
            st.warning(
                _("Choosing 'None of these' cleared what you had marked:")
                + "\n\n"
                + "\n".join(f"- {question}" for question in cleared)
                + "\n\n"
                + _("If any of these applies to you, choose 'Yes, or I'm not sure' and mark it again."),
                icon=":material/warning:",
            )
        settle_list(step, rows, held)
    if answer is None:
        return [
            _("{question} Choose 'Yes, or I'm not sure' or 'None of these'.").format(
                question=_(LIST_QUESTION)
            )
        ]
    if answer == SOME_OF_THESE and not any(held.get(name) in MARKS for name, _question, _hint in rows):
        return [_("Mark Yes or Not sure beside each one that applies to you, or choose 'None of these'.")]
    return []


def settle_list(step: str, rows: list[tuple[str, str, str]], held: dict[str, object]) -> None:
    """Once a list is answered: "None of these" makes every row no; otherwise unmarked rows are no."""
    none = held.get(f"list.{step}") == NONE_OF_THESE
    for name, _question, _hint in rows:
        if none or held.get(name) not in MARKS:
            held[name] = "no"


def choice(
    label: str,
    options: list[T],
    key: str,
    default: T | None = None,
    format_func: Callable[[T], str] = str,
    **kwargs: Any,
) -> T | None:
    """One of a row of buttons that a second tap keeps chosen (issue 25).

    Streamlit's segmented control clears the choice on a second tap, so a person
    who taps "None of these" again to be sure un-answers the question. Here the
    control's own callback puts the kept choice back before the page runs.
    """
    value: T | None = st.segmented_control(
        label,
        options=options,
        format_func=format_func,
        default=default,
        key=key,
        on_change=_keep_choice,
        args=(key,),
        width="stretch",
        **kwargs,
    )
    if value is not None:
        st.session_state[f"{key}.kept"] = value
    return value


def _keep_choice(key: str) -> None:
    if st.session_state.get(key) is None and st.session_state.get(f"{key}.kept") is not None:
        st.session_state[key] = st.session_state[f"{key}.kept"]


def mark_buttons(label: str, key: str, default: Answer | None, help_text: str = "") -> Answer | None:
    """Yes / Not sure for one sign on a list; tapping the chosen one again unmarks it."""
    value: Answer | None = st.segmented_control(
        label,
        options=list(MARKS),
        format_func=lambda o: _(MARKS[o]),
        default=default,
        key=key,
        width="stretch",
    )
    if help_text:
        st.caption(help_text)
    return value


def pain_buttons(label: str, key: str, default: int | None) -> int | None:
    """The 0-10 pain scale as eleven large buttons (a second tap keeps the score)."""
    value = choice(label, list(range(11)), key, default)
    st.caption(_("0 means no pain, 10 the worst pain you can imagine."))
    return value


def number_field(label: str, key: str, value: int | None, placeholder: str) -> str:
    """A box for a whole number: the page reads exactly what is typed (see forms.whole_number)."""
    return st.text_input(
        label, value="" if value is None else str(value), key=key, placeholder=placeholder, max_chars=6
    )


def missing_message(missing: Iterable[str]) -> None:
    items = list(missing)
    if items:
        st.error(
            _("Please answer every question before you go on. Still to answer:")
            + "\n\n- "
            + "\n- ".join(items)
        )


def fill(text: str) -> str:
    """Clinical wording with this install's services ({emergency_number}, {urgent_advice}) filled in."""
    return context.settings().fill(text)


def instruction_alert(instr: Instruction) -> None:
    """What to do now, as the screen's leading alert (an emergency's is the page's one h1)."""
    level = "#" if instr.urgency == "emergency" else "##"
    TIER_ALERT[instr.urgency](f"{level} {instr.title}\n\n{instr.action}", icon=TIER_ICON[instr.urgency])


def result_panel(instr: Instruction, education: Iterable[EducationPoint] = ()) -> None:
    """What to do, why (every answer that produced it, with its source) and the safety net."""
    instruction_alert(instr)
    reasons_list(instr)
    if instr.earlier:
        st.caption(instr.earlier)
    if instr.urgency == "emergency":
        # Below the instruction and closed, so nothing competes with it.
        with st.expander(_("Other signs that mean getting help")):
            safety_net_list()
        return
    if instr.plan_allowed:  # reassurance about walking only where walking is advised
        for point in education:
            st.info(point.text, icon=":material/lightbulb:")
    safety_net_card()


def reasons_list(instr: Instruction) -> None:
    """Every answer (or log) that produced the result, with why it matters and its source."""
    if not instr.why:
        st.markdown(_("**Why:** you answered no to every warning sign."))
        return
    text = _("**Why we say this:**") + "\n" + "\n".join(f"- {line}" for line in instr.why)
    if instr.also:
        text += (
            "\n\n"
            + _("**Also tell the doctor about:**")
            + "\n"
            + "\n".join(f"- {label}" for label in instr.also)
        )
    st.markdown(text)


def safety_net_card() -> None:
    """The signs that mean stop walking and get help, with how fast."""
    with st.container(border=True):
        st.markdown(f"## :material/health_and_safety: {content.red_flags().safety_net.title}")
        safety_net_list()


def safety_net_list() -> None:
    """The daily re-check's signs, grouped by how fast to act (built from the same content)."""
    blocks = [
        f"**{fill(group.when)}**\n\n" + "\n".join(f"- {sign.sign}" for sign in group.signs)
        for group in content.red_flags().safety_net_groups(at_kiosk=context.setting() == "kiosk")
    ]
    st.markdown("\n\n".join(blocks))


def sign_columns(signs: Iterable[str]) -> None:
    """A list of signs people can scan: two columns on wide screens, one on a phone."""
    labels = list(signs)
    half = (len(labels) + 1) // 2
    for column, part in zip(st.columns(2), (labels[:half], labels[half:]), strict=True):
        column.markdown("\n".join(f"- {label}" for label in part))


def guidance_cards(ids: Iterable[str]) -> None:
    """Today's companion guidance: tips, then the stretch and core routine."""
    g = content.guidance()
    wanted = set(ids)
    for tip in (t for t in g.tips if t.id in wanted):
        with st.expander(tip.title):
            st.write(fill(tip.text))
            st.caption(_("Source: {source}").format(source=content.shown_source(tip.source)))
    exercises = [e for e in g.exercises if e.id in wanted]
    if exercises:
        with st.expander(_("Today's stretches and core exercises")):
            st.write(g.exercise_advice)
            for exercise in exercises:
                exercise_card(exercise)
            shown = content.shown_source("; ".join(e.source for e in exercises))
            st.caption(_("Source: {source}").format(source=shown))


def exercise_card(exercise: Exercise) -> None:
    """One exercise: its drawing beside its steps (above them on a phone), with words for the drawing."""
    picture, steps = st.columns([1, 2], vertical_alignment="center")
    picture.image(str(exercise.drawing), alt=exercise.alt, width="stretch")
    steps.markdown(f"**{exercise.name}**\n\n{exercise.how}")


def adjustment_list(adjustments: list[Adjustment], since: dt.date) -> None:
    """Every plan change with its reason: those from `since` on in full, earlier ones folded away.

    After months of logging the list is long; the recent changes are the ones
    that explain today's plan.
    """
    if not adjustments:
        st.write(_("No changes yet: your plan is running as first made."))
        return
    recent = [a for a in adjustments if a.date >= since]
    earlier = [a for a in adjustments if a.date < since]
    if recent:
        st.markdown("\n".join(f"- {a.sentence}" for a in recent))
    else:
        st.write(_("No changes in these weeks."))
    if earlier:
        with st.expander(_("Earlier changes ({count})").format(count=len(earlier))):
            st.markdown("\n".join(f"- {a.sentence}" for a in earlier))


#: Cells longer than this wrap in a wide column (the plan's notes); shorter ones never wrap.
LONG_CELL = 40


def plain_table(frame: pd.DataFrame, caption: str) -> None:
    """A small table as plain HTML: no grid component to download, and it reads on a phone.

    (Issue 19: Streamlit's data grid costs its page about 1.2 MB of scripts for tables
    of 14 to 60 short rows.) Wide tables scroll sideways inside their own box, never the
    page; every cell is escaped, so a note shows exactly as typed.
    """
    head = "".join(f'<th scope="col">{html.escape(str(name))}</th>' for name in frame.columns)
    body = "".join(
        "<tr>" + "".join(_td(_cell(value)) for value in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    st.html(
        f'<div class="bot-table" role="region" aria-label="{html.escape(caption)}" tabindex="0">'
        f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table></div>"
    )


def drawn_picture(markup: str) -> None:
    """An SVG picture the app drew itself (chart_svg.py), inline in the page, so its words use the
    page's font and a screen reader reads its label.

    `st.html` cannot show it (its sanitiser keeps HTML only and drops every SVG element), so it
    goes through Markdown's raw HTML. That is safe here because the markup is the app's own:
    numbers, fixed words, and names escaped as they are written in.
    """
    st.markdown(markup, unsafe_allow_html=True)


def _td(text: str) -> str:
    """A cell; a long one wraps in a column wide enough to read, the others stay on one line."""
    wide = ' class="long"' if len(text) > LONG_CELL else ""
    return f"<td{wide}>{html.escape(text)}</td>"


def _cell(value: object) -> str:
    """A cell as people read it: blank for nothing, whole numbers without '.0', dates as dates."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        return day_short(value.date())
    if isinstance(value, bool | np.bool_):
        return _("yes") if value else ""
    return str(value)
