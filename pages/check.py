"""Check: the red-flag questionnaire in short steps, then the result and why."""

from __future__ import annotations

from typing import NoReturn

import streamlit as st
from pydantic import ValidationError

from backontrack import content
from backontrack.dates import date_long
from backontrack.i18n import N_, _, ngettext
from backontrack.instruction import for_result
from backontrack.journey import Journey
from backontrack.models import Answers, describe_error
from backontrack.store import ProfileGone
from backontrack.triage import assess, emergency_answers
from backontrack.ui import context, state
from backontrack.ui.forms import RangeError, below, bounds, whole_number
from backontrack.ui.guards import day_words, emergency_first, reopen_check
from backontrack.ui.layout import end_screen, page_setup
from backontrack.ui.widgets import (
    choice,
    fill,
    missing_message,
    number_field,
    pain_buttons,
    result_panel,
    settle_list,
    sign_list,
)

PAGE = "check"
flags = content.red_flags()
SEEN = "seen"


def all_steps() -> list[tuple[str, str, str]]:
    """Every step there is, as (id, title, intro). The questions about what a clinician knew come
    straight after the urgent signs they are about, and only when they apply (`steps`)."""
    out = [("about", _("About your pain"), _("A few numbers first."))]
    for group in flags.groups:
        out.append((group.id, group.title, group.intro))
        if group.id == "urgent":
            out.append((SEEN, flags.seen_clinician.step_title, flags.seen_clinician.step_intro))
    return [*out, ("feelings", _("How you feel about it"), _("There are no wrong answers here."))]


ALL_STEPS = all_steps()
ANSWER_WORDS = {"yes": N_("Yes"), "no": N_("No"), "unsure": N_("Not sure")}
#: The whole message where the bare range would puzzle (520 weeks is 10 years): {what} and {typed}.
MOST = {
    "pain_weeks": N_(
        "{what} must be a whole number of weeks, from 0 up to 520 (10 years; if it is longer, type 520). "
        "You typed {typed}."
    )
}
CONTEXT_LABELS = {
    "age": N_("How old are you?"),
    "pain_weeks": N_("How many weeks has this bout of back pain lasted?"),
    "pain_now": N_("How bad is your back pain right now?"),
}


def answers() -> dict[str, object]:
    """The answers in progress for this session (never cached, never in the URL)."""
    held: dict[str, object] = state.get(PAGE, "answers") or {}
    state.put(PAGE, "answers", held)
    return held


def ask_context(held: dict[str, object]) -> list[str]:
    """Age and weeks as typed (checked against their range), and pain now; return what is unanswered.

    A number outside its range is shown at once, under the step, and keeps Next from moving on.
    """
    invalid: list[str] = []
    for name, what, placeholder in (
        ("age", _("Age"), _("Age in years")),
        ("pain_weeks", _("Weeks of pain"), _("Weeks (0 if it started this week)")),
    ):
        typed = number_field(_(CONTEXT_LABELS[name]), state.key(PAGE, name), held.get(name), placeholder)  # type: ignore[arg-type]
        low, high = bounds(Answers, name)
        try:
            if name == "age" and below(typed, low):
                held[name] = None
                too_young()  # revision 3: nothing else is shown under 16
            held[name] = whole_number(typed, what, low, high, _(MOST[name]) if name in MOST else "")
        except RangeError as exc:
            held[name] = None
            invalid.append(str(exc))
    held["seen_clinician"] = st.checkbox(
        flags.seen_clinician.question,
        value=bool(held.get("seen_clinician")),
        key=state.key(PAGE, "seen_clinician"),
    )
    st.caption(flags.seen_clinician.hint)  # as text, not a tooltip: a small "?" is hard to tap
    held["pain_now"] = pain_buttons(
        _(CONTEXT_LABELS["pain_now"]),
        state.key(PAGE, "pain_now"),
        held.get("pain_now"),  # type: ignore[arg-type]
    )
    for message in invalid:
        st.error(message, icon=":material/error:")
    return [_(label) for name, label in CONTEXT_LABELS.items() if held.get(name) is None]


def too_young() -> NoReturn:
    """Revision 3: the check is for people aged 16 and over; younger, this and nothing else."""
    audience = flags.audience
    st.warning(f"## {audience.title}\n\n{fill(audience.text)}", icon=":material/child_care:")
    end_screen()


def known_signs(held: dict[str, object]) -> list[content.RedFlagItem]:
    """Revision 4: the urgent signs answered yes (never fever) that a clinician's check may cover."""
    if not held.get("seen_clinician"):
        return []
    never = flags.seen_clinician.never_lowered
    return [
        i for i in flags.items
        if i.tier == "urgent" and i.id not in never and held.get(f"answer.{i.id}") == "yes"
    ]  # fmt: skip


def steps(held: dict[str, object]) -> list[tuple[str, str, str]]:
    """The check's steps for these answers: the questions about what a clinician knew come only
    after a clinician's check and a yes to an urgent sign it may cover."""
    return [step for step in ALL_STEPS if step[0] != SEEN or known_signs(held)]


def ask_seen(held: dict[str, object]) -> list[str]:
    """Two questions about each urgent sign answered yes: did the clinician know, and has it changed."""
    seen = flags.seen_clinician
    missing: list[str] = []
    for item in known_signs(held):
        with st.container(border=True):
            st.markdown(f"**{item.label}**")
            for name, question in (("knew", seen.knew_question), ("changed", seen.changed_question)):
                key = f"{name}.{item.id}"
                held[key] = choice(
                    question,
                    list(ANSWER_WORDS),
                    state.key(PAGE, key),
                    held.get(key),
                    lambda answer: _(ANSWER_WORDS[answer]),
                )
                if held[key] is None:
                    missing.append(_("{sign}: {question}").format(sign=item.label, question=question))
    return missing


def clinician_knew(held: dict[str, object]) -> list[str]:
    """The signs lowered by a clinician's check: only "yes, they knew" and "no, it has not changed"."""
    return [
        i.id for i in known_signs(held)
        if held.get(f"knew.{i.id}") == "yes" and held.get(f"changed.{i.id}") == "no"
    ]  # fmt: skip


def step_rows(step_id: str) -> list[tuple[str, str, str]]:
    """A list step's rows as (held key, question, hint)."""
    if step_id == "feelings":
        return [(f"yellow.{f.id}", f.question, "") for f in flags.yellow_flags]
    return [(f"answer.{i.id}", i.question, i.hint) for i in flags.items if i.tier == step_id]


def ask_step(step_id: str, held: dict[str, object]) -> list[str]:
    if step_id == "about":
        return ask_context(held)
    if step_id == SEEN:
        return ask_seen(held)
    return sign_list(step_id, step_rows(step_id), held, lambda name: state.key(PAGE, name))


def settle(step_id: str, held: dict[str, object]) -> None:
    """Record the step's list answer in every row (on Next, once the step is answered)."""
    if step_id not in ("about", SEEN):
        settle_list(step_id, step_rows(step_id), held)


def to_answers(held: dict[str, object]) -> Answers:
    return Answers.model_validate(
        {
            "age": held.get("age"),
            "pain_weeks": held.get("pain_weeks"),
            "pain_now": held.get("pain_now"),
            "seen_clinician": bool(held.get("seen_clinician")),
            "clinician_knew": clinician_knew(held),
            "answers": {i.id: held[f"answer.{i.id}"] for i in flags.items if held.get(f"answer.{i.id}")},
            "yellow_flags": {
                f.id: held[f"yellow.{f.id}"] for f in flags.yellow_flags if held.get(f"yellow.{f.id}")
            },
        }
    )


def submit(held: dict[str, object]) -> None:
    try:
        checked = to_answers(held)
    except ValidationError as exc:
        st.error(_("Some answers are missing or not valid: {problem}").format(problem=describe_error(exc)))
        return
    result = assess(checked)
    try:
        context.store().save_check(context.own_profile(), checked, result)
    except ProfileGone:
        context.forget_profile()  # the next try starts a new profile
        st.error(
            _(
                "Your data was deleted in another tab or window, so this check was not saved. "
                "Your answers are still here: press the button again to save them afresh."
            ),
            icon=":material/error:",
        )
        return
    state.drop(PAGE, "answers", "step")
    state.put(PAGE, "showing", "result")
    st.rerun()


def questionnaire() -> None:
    held = answers()
    shown = steps(held)
    step: int = min(state.get(PAGE, "step", 0), len(shown) - 1)
    step_id, title, intro = shown[step]
    left = len(shown) - step - 1
    st.progress(
        (step + 1) / len(shown),
        text=_("Step {number} of {count}: {title}").format(number=step + 1, count=len(shown), title=title),
    )
    st.caption(
        ngettext("{n} step left after this one.", "{n} steps left after this one.", left).format(n=left)
        if left
        else _("Last step.")
    )
    st.header(title)
    st.write(intro)
    missing = ask_step(step_id, held)
    shown = steps(held)  # a yes marked on this step may add the questions about a clinician's check
    back, forward = st.columns(2)
    if step > 0 and back.button(
        _("Back"), key=state.key(PAGE, "back"), width="stretch", icon=":material/arrow_back:"
    ):
        state.put(PAGE, "step", step - 1)
        st.rerun()
    last = step == len(shown) - 1
    label = _("See my result") if last else _("Next")
    if forward.button(label, key=state.key(PAGE, f"next.{step}"), type="primary", width="stretch"):
        if missing:
            missing_message(missing)
        elif last:
            settle(step_id, held)
            submit(held)
        else:
            settle(step_id, held)
            state.put(PAGE, "step", step + 1)
            if step_id == "emergency" and emergency_yes(held):
                state.put(PAGE, "stop_now", True)  # no more questions before "call now"
            st.rerun()


def emergency_yes(held: dict[str, object]) -> list[str]:
    """The emergency signs answered yes so far."""
    return [i.id for i in flags.items if i.tier == "emergency" and held.get(f"answer.{i.id}") == "yes"]


def stop_now(held: dict[str, object]) -> None:
    """A yes to an emergency sign: say so at once, before any more questions."""
    instr = for_result(emergency_answers(emergency_yes(held)), context.settings(), setting=context.setting())
    st.error(f"# {instr.title}\n\n{instr.action}", icon=":material/emergency:")
    st.markdown(
        _("**Why:** you said yes to:") + "\n" + "\n".join(f"- {flags.label(i)}" for i in emergency_yes(held))
    )
    st.caption(_("You do not need to answer the other questions first."))
    if st.button(_("Go on with the questions"), type="tertiary", key=state.key(PAGE, "go_on")):
        state.drop(PAGE, "stop_now")
        st.rerun()


def result_screen(journey: Journey) -> None:
    """The result that governs now: the check's, or a stop from the daily log, which beats it."""
    assert journey.check is not None
    result = journey.governing_result or journey.check.result
    instr = context.instruction(journey)
    assert instr is not None
    result_panel(instr, journey.check.result.education)
    if journey.stopped and journey.adapted is not None and journey.adapted.stopped_on is not None:
        st.caption(
            _("From the daily check in your log for {day}.").format(day=day_words(journey.adapted.stopped_on))
        )
    else:
        st.caption(_("From your check on {date}.").format(date=date_long(journey.check.created_at)))
    if result.plan_allowed:
        st.page_link("pages/plan.py", label=_("Go to your walking plan"), icon=":material/arrow_forward:")
    elif context.offers("handoff"):
        st.page_link("pages/handoff.py", label=_("Take this result with you"), icon=":material/qr_code_2:")
    if st.button(_("Start a new check"), key=state.key(PAGE, "new")):
        reopen_check(None)
    past = context.store().checks(context.own_profile())
    if len(past) > 1:
        with st.expander(_("Earlier checks")):
            for record in past[1:]:
                title = fill(flags.tiers[record.result.tier].title)
                when = _("{date}, {time}: {title}").format(
                    date=date_long(record.created_at), time=f"{record.created_at:%H:%M}", title=title
                )
                st.markdown(f"- {when}")


page_setup()
journey = context.journey()
showing = state.get(PAGE, "showing", "result" if journey.check else "form")
if showing != "form":
    emergency_first(journey)  # an emergency from the log governs this screen too
elif state.get(PAGE, "stop_now") and emergency_yes(answers()):
    stop_now(answers())
    end_screen()
st.title(_("Check your back pain"))
if showing == "result" and journey.check is not None:
    result_screen(journey)
else:
    person = context.profile_id()
    outdated = context.store().outdated_answers(person) if person is not None else None
    if outdated is not None and state.get(PAGE, "answers") is None:
        reopen_check(outdated)
    if outdated is not None:
        st.info(
            _(
                "The check has changed since you last did it. Please read and answer each list again: "
                "some have new signs."
            )
        )
    st.write(
        _(
            "After your age and pain, each step shows a list of signs. If none apply to you, choose "
            "'None of these'. If any do, or you are not sure, choose 'Yes, or I'm not sure', "
            "then mark those ones."
        )
    )
    st.caption(_("Your answers are kept while this page stays open. Reloading it starts the check again."))
    questionnaire()
