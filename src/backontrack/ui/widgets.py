"""Widgets and panels the pages share: big answer buttons, results, the safety-net card."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable

import streamlit as st

from backontrack import content
from backontrack.instruction import Instruction
from backontrack.models import Adjustment, Answer, EducationPoint, TimeOfDay
from backontrack.ui import context

ANSWER_LABELS: dict[Answer, str] = {"yes": "Yes", "no": "No", "unsure": "Not sure"}
TIER_ALERT = {"emergency": st.error, "urgent": st.warning, "soon": st.info, "self_care": st.success}
TIER_ICON = {
    "emergency": ":material/emergency:",
    "urgent": ":material/call:",
    "soon": ":material/event:",
    "self_care": ":material/directions_walk:",
}


def walks_label(minutes: Iterable[int]) -> str:
    """A day's walks as people read them: '20 min + 10 min'."""
    return " + ".join(f"{m} min" for m in minutes)


#: A time of day as it ends a phrase: "3 min + 3 min in the morning".
WHEN = {
    "morning": "in the morning",
    "midday": "at midday",
    "after_meals": "after meals",
    "evening": "in the evening",
}


def walks_by_time(walks: list[int], times: list[TimeOfDay]) -> str:
    """A day's walks with their times, each time named once: '3 min + 3 min in the morning, then
    3 min in the evening'; without times, just the walks (issue 17: 'Morning' alone repeated it)."""
    if not times:
        return walks_label(walks)
    runs = itertools.groupby(zip(walks, times, strict=True), key=lambda pair: pair[1])
    return ", then ".join(f"{walks_label(m for m, _ in run)} {WHEN[time]}" for time, run in runs)


def answer_buttons(label: str, key: str, default: Answer | None, help_text: str = "") -> Answer | None:
    """Yes / No / Not sure as one row of large buttons; None until the person taps one.

    A hint is shown as text under the question, not in a tooltip: some hints
    carry part of what the question asks.
    """
    value: Answer | None = st.segmented_control(
        label, options=list(ANSWER_LABELS), format_func=ANSWER_LABELS.__getitem__, default=default,
        key=key, width="stretch",
    )  # fmt: skip
    if help_text:
        st.caption(help_text)
    return value


def pain_buttons(label: str, key: str, default: int | None) -> int | None:
    """The 0-10 pain scale as eleven large buttons."""
    value: int | None = st.segmented_control(
        label, options=list(range(11)), default=default, key=key, width="stretch"
    )
    st.caption("0 means no pain, 10 the worst pain you can imagine.")
    return value


def number_field(label: str, key: str, value: int | None, placeholder: str) -> str:
    """A box for a whole number: the page reads exactly what is typed (see forms.whole_number)."""
    return st.text_input(
        label, value="" if value is None else str(value), key=key, placeholder=placeholder, max_chars=6
    )


def missing_message(missing: Iterable[str]) -> None:
    items = list(missing)
    if items:
        st.error("Please answer every question before you go on. Still to answer:\n\n- " + "\n- ".join(items))


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
        with st.expander("Other signs that mean getting help"):
            safety_net_list()
        return
    if instr.plan_allowed:  # reassurance about walking only where walking is advised
        for point in education:
            st.info(point.text, icon=":material/lightbulb:")
    safety_net_card()


def reasons_list(instr: Instruction) -> None:
    """Every answer (or log) that produced the result, with why it matters and its source."""
    if not instr.why:
        st.markdown("**Why:** you answered no to every warning sign.")
        return
    text = "**Why we say this:**\n" + "\n".join(f"- {line}" for line in instr.why)
    if instr.also:
        text += "\n\n**Also tell the doctor about:**\n" + "\n".join(f"- {label}" for label in instr.also)
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
        for group in content.red_flags().safety_net_groups()
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
            st.write(tip.text)
            st.caption(f"Source: {content.shown_source(tip.source)}")
    exercises = [e for e in g.exercises if e.id in wanted]
    if exercises:
        with st.expander("Today's stretches and core exercises"):
            for exercise in exercises:
                st.markdown(f"**{exercise.name}**: {exercise.how}")
            st.caption("Source: " + content.shown_source("; ".join(e.source for e in exercises)))


def adjustment_list(adjustments: list[Adjustment], since: dt.date) -> None:
    """Every plan change with its reason: those from `since` on in full, earlier ones folded away.

    After months of logging the list is long; the recent changes are the ones
    that explain today's plan.
    """
    if not adjustments:
        st.write("No changes yet: your plan is running as first made.")
        return
    recent = [a for a in adjustments if a.date >= since]
    earlier = [a for a in adjustments if a.date < since]
    if recent:
        st.markdown("\n".join(f"- {a.sentence}" for a in recent))
    else:
        st.write("No changes in these weeks.")
    if earlier:
        with st.expander(f"Earlier changes ({len(earlier)})"):
            st.markdown("\n".join(f"- {a.sentence}" for a in earlier))
