"""What to do now, and why: the one instruction every output carries (red-flag contract, revisions 3-4).

Screens, the kiosk printout and its QR text, the clinician summary and the
calendar file all take their headline from `governing()` (or `for_result()`
for a result on its own), so no two outputs can say different things:

- a stop from the daily log (a warning sign, or pain of 10) beats the check it
  followed, and the check is then shown as an earlier result, never as what
  to do now;
- severe pain held in the log (three logs of 8 or more within a week) is next;
- otherwise the check's own result; a check made after a stop shows that stop
  as earlier.

The wording is the content files'; this module only chooses and fills it:
emergency signs that need a call, not a journey, get the call-only action; a
10 out of 10 alone gets its own (help today, keep moving gently); and a kiosk
screen gets the words for someone sitting in a clinic, while what they take
away (`Instruction.on_paper`) keeps the home words and says what to do if they
leave before being seen (revision 4).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from backontrack import content
from backontrack.adapt import severe_days
from backontrack.dates import date_long, day_short
from backontrack.i18n import _
from backontrack.models import Reason, SeverePain, Tier, TriageResult
from backontrack.settings import Settings
from backontrack.triage import main_reasons

if TYPE_CHECKING:
    from backontrack.journey import Journey

Setting = Literal["home", "kiosk"]
#: Reasons explained in full even beside a more urgent result (not coping carries the crisis line).
ALWAYS_EXPLAINED = frozenset({"not_coping"})
Origin = Literal["check", "daily_log", "severe_pain"]


@dataclass(frozen=True)
class Instruction:
    """The governing result in words: what to do, why, and what it replaced."""

    tier: Tier
    #: How strongly to show it (an alert's colour): the tier, or urgent for a logged 10.
    urgency: Tier
    title: str
    action: str
    plan_allowed: bool
    #: Every answer or log behind it, one line each, plain text.
    why: tuple[str, ...]
    #: Lower-tier reasons, named only: a reason about walking must not sit beside "get help".
    also: tuple[str, ...]
    #: Reasons that hold a check the person can do ("take your temperature ..."): shown with the plan too.
    conditions: tuple[str, ...]
    origin: Origin
    #: The day of the check or log it comes from.
    on: dt.date | None
    #: The result this one replaced, labelled as earlier: the check before a stop, or a stop
    #: before a newer check. None when nothing was replaced.
    earlier: str | None = None
    #: What to do in the words for home: printouts and QR texts, which leave the clinic, use these.
    home_action: str = ""
    #: Made at a kiosk: what to do if the person leaves before being seen (printout and QR text).
    leaving: str | None = None

    def on_paper(self) -> Instruction:
        """The instruction for what the person takes away: never "tell the reception desk" in place of
        the action (revision 4); `leaving` then says what to do if they leave before being seen."""
        return replace(self, action=self.home_action or self.action)


def reason_line(reason: Reason, settings: Settings) -> str:
    """One reason as people read it: 'Chest pain with the back pain. You said yes. Why... (Source: ...)'."""
    return _("{label}. {said} {why} (Source: {source}.)").format(
        label=content.red_flags().label(reason.id),
        said=reason.said,
        why=settings.fill(reason.why),
        source=content.shown_source(reason.source),
    )


def _flagged(result: TriageResult, flag: str, answer: str) -> bool:
    """A reason of the result's own tier from an item with this content flag, answered so."""
    flags = content.red_flags()
    ids = {i.id for i in flags.items if getattr(i, flag)}
    return any(r.id in ids and r.tier == result.tier and r.answer == answer for r in result.reasons)


def _worst_pain_only(result: TriageResult) -> bool:
    """A 10 out of 10 is all that makes the result urgent (revision 4: help today, keep moving gently)."""
    own = [r.id for r in result.reasons if r.tier == result.tier]
    return result.tier == "urgent" and set(own) == {content.WORST_PAIN_RULE}


def _action(result: TriageResult, *, stopped: bool, setting: Setting) -> tuple[str, str, str]:
    """The title, the action for this setting, and the action in the words for home."""
    flags = content.red_flags()
    info = flags.tiers[result.tier]
    # Chest pain or faintness: call, never travel (revision 3, rule 5).
    calls_only = result.tier == "emergency" and _flagged(result, "call_only", "yes")
    worst = flags.derived_rule(content.WORST_PAIN_RULE) if _worst_pain_only(result) else None
    if stopped:
        action = info.stopped_action_call_only if calls_only else info.stopped_action
        title = info.stopped_title
        if worst is not None:
            title, action = worst.stopped_title, worst.stopped_action
    else:
        title = info.title
        action = info.action_call_only if calls_only else info.action
        # Not sure about a nerve sign: be seen in person today, not a phone call (rule 4).
        if (
            result.tier == "urgent"
            and info.action_seen_today
            and _flagged(result, "unsure_seen_today", "unsure")
        ):
            action = info.action_seen_today
        elif worst is not None:
            action = worst.action
    home = action
    if setting == "kiosk" and info.kiosk_action:
        action = info.kiosk_action
        if worst is not None:
            # The reception desk first, then the words for pain this bad (never "do not walk").
            action = f"{info.kiosk_lead} {worst.action}"
    return title, action, home


def _conditions(reasons: list[Reason], settings: Settings) -> tuple[str, ...]:
    """Not-sure reasons that are a check the person can do themselves (fever: take your temperature)."""
    flags = content.red_flags()
    return tuple(
        settings.fill(r.why)
        for r in reasons
        if r.answer == "unsure" and r.id in flags.item_ids and flags.item(r.id).unsure_condition
    )


def for_result(
    result: TriageResult,
    settings: Settings,
    *,
    setting: Setting = "home",
    stopped: bool = False,
    on: dt.date | None = None,
    earlier: str | None = None,
) -> Instruction:
    """The instruction for one triage result (a check's, or a daily-log stop's when `stopped`)."""
    flags = content.red_flags()
    title, action, home = _action(result, stopped=stopped, setting=setting)
    main, rest = main_reasons(result)
    # A reason that carries a crisis line is shown in full whatever the tier: it is not about walking.
    main += [r for r in rest if r.id in ALWAYS_EXPLAINED]
    rest = [r for r in rest if r.id not in ALWAYS_EXPLAINED]
    return Instruction(
        tier=result.tier,
        urgency=result.tier,
        title=settings.fill(title),
        action=settings.fill(action),
        plan_allowed=result.plan_allowed and not stopped,
        why=tuple(reason_line(r, settings) for r in main),
        also=tuple(flags.label(r.id) for r in rest),
        conditions=_conditions(main, settings),
        origin="daily_log" if stopped else "check",
        on=on,
        earlier=earlier,
        home_action=settings.fill(home),
        leaving=_leaving(result, settings, setting),
    )


def _leaving(result: TriageResult, settings: Settings, setting: Setting) -> str | None:
    """At a kiosk, for a result that sends the person for care: what to do if they leave first."""
    words = content.red_flags().tiers[result.tier].kiosk_leaving
    return settings.fill(words) if setting == "kiosk" and words else None


def for_severe_pain(
    severe: SeverePain, check: TriageResult, settings: Settings, *, on: dt.date, earlier: str
) -> Instruction:
    """Severe pain held in the log: see a GP or physio in a few days; the plan stays at flare days."""
    wording = content.walking_plan().severe
    why = tuple(
        _("Your log for {day}: pain {pain}/10.").format(day=day_short(d), pain=p)
        for d, p in zip(severe.log_dates, severe.pains, strict=True)
    )
    action = settings.fill(wording.days_action.replace("{days}", severe_days(severe)))
    return Instruction(
        tier=check.tier,
        urgency="soon",
        title=settings.fill(wording.days_title),
        action=action,
        plan_allowed=True,
        why=why,
        also=(),
        conditions=_conditions(main_reasons(check)[0], settings),
        origin="severe_pain",
        on=on,
        earlier=earlier,
        home_action=action,
    )


def earlier_check(result: TriageResult, made: dt.date, settings: Settings) -> str:
    """A check result that a later one replaced, labelled so nobody reads it as what to do now."""
    title = settings.fill(content.red_flags().tiers[result.tier].title)
    return _("Earlier result, from your check on {date}: {title}. The advice above replaces it.").format(
        date=date_long(made), title=title
    )


def earlier_stop(result: TriageResult, on: dt.date, settings: Settings) -> str:
    """A daily-log stop that a newer check replaced (revision 4: a way on after a stop)."""
    title, _action_unused, _home_unused = _action(result, stopped=True, setting="home")
    return _("Earlier result, from your daily log on {date}: {title}. This newer check replaces it.").format(
        date=date_long(on), title=settings.fill(title)
    )


def governing(journey: Journey, settings: Settings, *, setting: Setting = "home") -> Instruction | None:
    """The instruction that governs now for this person; None before any check."""
    check = journey.check
    if check is None:
        return None
    made = check.created_at.date()
    adapted = journey.adapted
    if adapted is not None and adapted.stopped is not None:
        return for_result(
            adapted.stopped,
            settings,
            setting=setting,
            stopped=True,
            on=adapted.stopped_on,
            earlier=earlier_check(check.result, made, settings),
        )
    if adapted is not None and adapted.severe is not None and check.result.plan_allowed:
        return for_severe_pain(
            adapted.severe,
            check.result,
            settings,
            on=adapted.severe.log_dates[-1],
            earlier=earlier_check(check.result, made, settings),
        )
    stop = journey.earlier_stop
    earlier = earlier_stop(stop.result, stop.on, settings) if stop is not None else None
    return for_result(check.result, settings, setting=setting, on=made, earlier=earlier)
