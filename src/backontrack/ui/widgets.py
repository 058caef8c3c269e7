"""Widgets and panels the pages share: big answer buttons, results, the safety-net card."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from backontrack import content
from backontrack.models import Answer, TriageResult
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


def answer_buttons(label: str, key: str, default: Answer | None, help_text: str = "") -> Answer | None:
    """Yes / No / Not sure as one row of large buttons; None until the person taps one."""
    value: Answer | None = st.segmented_control(
        label,
        options=list(ANSWER_LABELS),
        format_func=ANSWER_LABELS.__getitem__,
        default=default,
        key=key,
        help=help_text or None,
        width="stretch",
    )
    return value


def pain_buttons(label: str, key: str, default: int | None) -> int | None:
    """The 0-10 pain scale as eleven large buttons."""
    value: int | None = st.segmented_control(
        label, options=list(range(11)), default=default, key=key, width="stretch"
    )
    st.caption("0 means no pain, 10 the worst pain you can imagine.")
    return value


def missing_message(missing: Iterable[str]) -> None:
    items = list(missing)
    if items:
        st.error("Please answer every question before you go on. Still to answer:\n\n- " + "\n- ".join(items))


def tier_heading(result: TriageResult) -> tuple[str, str]:
    tier = content.red_flags().tiers[result.tier]
    return tier.title, tier.action.format(emergency_number=context.settings().emergency_call)


def result_panel(result: TriageResult, *, stopped_plan: bool = False) -> None:
    """What to do, why (every answer that produced it, with its source) and the safety net."""
    title, action = tier_heading(result)
    lead = "Your walking plan has stopped. " if stopped_plan else ""
    TIER_ALERT[result.tier](f"## {title}\n\n{lead}{action}", icon=TIER_ICON[result.tier])
    reasons_list(result)
    if result.tier == "emergency":
        # Below the instruction and closed, so nothing competes with it.
        with st.expander("Other signs that mean getting help"):
            safety_net_list()
        return
    for point in result.education:
        st.info(point.text, icon=":material/lightbulb:")
    safety_net_card()


def reasons_list(result: TriageResult) -> None:
    """Every answer that produced the result, with why it matters and where the rule comes from."""
    if not result.reasons:
        st.markdown("**Why:** you answered no to every warning sign.")
        return
    flags = content.red_flags()
    lines = []
    for reason in result.reasons:
        label = flags.label(reason.id)
        answer = ANSWER_LABELS.get(reason.answer, reason.answer)  # type: ignore[call-overload]
        lines.append(f"- **{label}** (you said: {answer}). {reason.why} *Source: {reason.source}.*")
    st.markdown("**Why we say this:**\n" + "\n".join(lines))


def safety_net_card() -> None:
    """The signs that mean stop walking and get help, with how fast."""
    with st.container(border=True):
        st.markdown("## :material/health_and_safety: Stop and get help if you notice")
        safety_net_list()


def safety_net_list() -> None:
    when = {"emergency": "call " + context.settings().emergency_call, "urgent": "get advice today"}
    lines = [
        f"- {sign.text}: {when[sign.tier]}" if sign.tier in when else f"- {sign.text}"
        for sign in content.guidance().safety_net
    ]
    st.markdown("\n".join(lines))


def guidance_cards(ids: Iterable[str]) -> None:
    """Today's companion guidance: tips, then the stretch and core routine."""
    g = content.guidance()
    wanted = set(ids)
    for tip in (t for t in g.tips if t.id in wanted):
        with st.expander(tip.title):
            st.write(tip.text)
            st.caption(f"Source: {tip.source}")
    exercises = [e for e in g.exercises if e.id in wanted]
    if exercises:
        with st.expander("Today's stretches and core exercises"):
            for exercise in exercises:
                st.markdown(f"**{exercise.name}**: {exercise.how}")
            st.caption("Source: " + "; ".join(sorted({e.source for e in exercises})))
