"""Red-flag triage: answers in, a tier and the reasons for it out.

Rules (shared/clinical/red-flags.md, revision 4): each `yes` triggers its
item's tier, `unsure` triggers the tier one step down (an emergency item
answered `unsure` becomes urgent), the context answers trigger the derived
rules (a 10 out of 10 is urgent and never lowered), and the highest tier wins.
An urgent `yes` other than fever gives `soon` only when the person said a
doctor, nurse or physio knew about that sign and it has not changed since
(`clinician_knew`), with a reason that says what it rests on. Every triggered
rule is returned so the person can see why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from backontrack import content
from backontrack.content import DerivedRule, QuestionTier
from backontrack.i18n import N_, _, ngettext
from backontrack.models import (
    Answer,
    Answers,
    EducationPoint,
    Reason,
    Tier,
    TriageResult,
    tier_rank,
)

#: What a reason from the daily log says the person answered.
TICKED_IN_LOG = N_("You ticked this in your daily check.")
#: Each answer as the result says it (whole sentences, so each language can word its own).
SAID_ANSWER: dict[Answer, str] = {
    "yes": N_("You said yes."),
    "no": N_("You said no."),
    "unsure": N_("You said not sure."),
}


def said_answer(answer: Answer) -> str:
    """A yes / not sure answer as the result shows it: 'You said not sure.'"""
    return _(SAID_ANSWER[answer])


def _age_onset(a: Answers, limits: dict[str, int]) -> bool:
    old_or_young = a.age >= limits["age_at_least"] or a.age < limits["age_below"]
    return old_or_young and a.pain_weeks < limits["pain_weeks_below"]


def _long_duration(a: Answers, limits: dict[str, int]) -> bool:
    return a.pain_weeks >= limits["pain_weeks_at_least"]


def _severe_now(a: Answers, limits: dict[str, int]) -> bool:
    return limits["pain_now_at_least"] <= a.pain_now < limits["pain_now_below"]


def _worst_pain_now(a: Answers, limits: dict[str, int]) -> bool:
    return a.pain_now >= limits["pain_now_at_least"]


def _under_18(a: Answers, limits: dict[str, int]) -> bool:
    return a.age < limits["age_below"]


#: One function per derived rule id; their numbers come from the content file.
DERIVED_RULES: dict[str, Callable[[Answers, dict[str, int]], bool]] = {
    "age_onset": _age_onset,
    "long_duration": _long_duration,
    "severe_now": _severe_now,
    "worst_pain_now": _worst_pain_now,
    "under_18": _under_18,
}


def _derived_answer(rule: DerivedRule, a: Answers) -> str:
    """The context values a derived rule read, for the CLI and clinicians ('age=52, pain_weeks=0')."""
    fields = {
        "age_onset": ("age", "pain_weeks"),
        "long_duration": ("pain_weeks",),
        "severe_now": ("pain_now",),
        "worst_pain_now": ("pain_now",),
        "under_18": ("age",),
    }[rule.id]
    return ", ".join(f"{f}={getattr(a, f)}" for f in fields)


def _months(weeks: int) -> int:
    return round(weeks * 7 / 30.44)


def _years(weeks: int) -> int:
    return round(weeks / 52.18)


def _weeks(weeks: int) -> str:
    """How long, as people say it: weeks up to 8, then months, then years ('about 10 years')."""
    if weeks < 9:
        return ngettext("{n} week", "{n} weeks", weeks).format(n=weeks)
    if weeks < 104:
        n = _months(weeks)
        return ngettext("about {n} month", "about {n} months", n).format(n=n)
    n = _years(weeks)
    return ngettext("about {n} year", "about {n} years", n).format(n=n)


def _weeks_ago(weeks: int) -> str:
    """When the pain started, as people say it: 'this week', '3 weeks ago', 'about 10 years ago'."""
    if weeks == 0:
        return _("this week")
    if weeks < 9:
        return ngettext("{n} week ago", "{n} weeks ago", weeks).format(n=weeks)
    if weeks < 104:
        n = _months(weeks)
        return ngettext("about {n} month ago", "about {n} months ago", n).format(n=n)
    n = _years(weeks)
    return ngettext("about {n} year ago", "about {n} years ago", n).format(n=n)


def derived_said(rule: DerivedRule, a: Answers) -> str:
    """The same values in words, for the person ('You are 52 and the pain started this week.')."""
    started = _weeks_ago(a.pain_weeks)
    lasted = _("less than a week") if a.pain_weeks == 0 else _weeks(a.pain_weeks)
    return rule.said.format(age=a.age, pain_now=a.pain_now, pain_started=started, pain_lasted=lasted)


def highest(tiers: Iterable[Tier]) -> Tier:
    """The most serious tier of those given; self_care when none."""
    return max(tiers, key=tier_rank, default="self_care")


def _result(reasons: list[Reason], education: list[EducationPoint], flare_start: bool) -> TriageResult:
    reasons = sorted(reasons, key=lambda r: -tier_rank(r.tier))  # stable: keeps question order
    tier = highest(r.tier for r in reasons)
    allowed = content.red_flags().tiers[tier].plan_allowed
    return TriageResult(
        tier=tier, plan_allowed=allowed, reasons=reasons, education=education, flare_start=flare_start
    )


def _lowered_by_clinician(item: content.RedFlagItem, answer: Answer, answers: Answers) -> bool:
    """Revision 4: an urgent yes (never fever) gives soon only when the person said the clinician who
    checked them knew about this sign and it has not changed since; the tick alone lowers nothing."""
    seen = content.red_flags().seen_clinician
    return (
        answers.seen_clinician
        and item.tier == "urgent"
        and answer == "yes"
        and item.id not in seen.never_lowered
        and item.id in answers.clinician_knew
    )


def assess(answers: Answers) -> TriageResult:
    """Decide the tier for a completed questionnaire and say why."""
    flags = content.red_flags()
    reasons: list[Reason] = []
    for item in flags.items:
        answer = answers.answers[item.id]
        if answer == "no":
            continue
        tier: QuestionTier = item.tier if answer == "yes" else flags.unsure_tier[item.tier]
        why = flags.reason_for(item, tier)
        if _lowered_by_clinician(item, answer, answers):
            tier, why = "soon", flags.seen_clinician.reason
        reasons.append(
            Reason(
                id=item.id, tier=tier, answer=answer, said=said_answer(answer), source=item.source, why=why
            )
        )
    for rule in flags.derived:
        if DERIVED_RULES[rule.id](answers, rule.limits):
            reasons.append(
                Reason(
                    id=rule.id,
                    tier=rule.tier,
                    answer=_derived_answer(rule, answers),
                    said=derived_said(rule, answers),
                    source=rule.source,
                    why=rule.reason,
                )
            )
    plan_rules = content.walking_plan().rules
    flare_start = answers.pain_now >= plan_rules.flare_start_pain or any(
        r.id == "severe_now" for r in reasons
    )
    return _result(reasons, education(answers), flare_start)


def education(answers: Answers) -> list[EducationPoint]:
    """Reassurance for each yellow flag answered yes or not sure; never changes the tier."""
    flags = content.red_flags()
    points = [
        EducationPoint(id=flag.id, answer=answers.yellow_flags[flag.id], text=flag.education)
        for flag in flags.yellow_flags
        if answers.yellow_flags.get(flag.id, "no") != "no"
    ]
    several = sum(1 for v in answers.yellow_flags.values() if v == "yes")
    if several >= flags.yellow_flag_advice.several_at_least:
        points.append(EducationPoint(id="talk_to_clinician", text=flags.yellow_flag_advice.text))
    return points


def recheck(ticked: Iterable[str], pain: int | None = None) -> TriageResult:
    """The result for a daily log that stops the plan: signs ticked, or a logged 10 (revision 4).

    The walking-plan contract says any red-flag sign (or sharp, spreading pain)
    in the daily check stops the plan, so `plan_allowed` is False even when the
    sign's own tier would allow walking; a logged 10 gives the same instruction
    as a 10 at the check (`worst_pain_now`). A new check can start a new plan.
    """
    flags = content.red_flags()
    reasons = []
    if pain is not None and pain >= flags.worst_pain:
        rule = flags.derived_rule(content.WORST_PAIN_RULE)
        reasons.append(
            Reason(
                id=rule.id, tier=rule.tier, answer=f"pain={pain}", said=rule.logged_said,
                source=rule.source, why=rule.reason,
            )
        )  # fmt: skip
    for item_id in ticked:
        item = flags.item(item_id)
        reasons.append(
            Reason(
                id=item.id,
                tier=item.tier,
                answer="yes",
                said=_(TICKED_IN_LOG),
                source=item.source,
                why=item.recheck_reason or item.reason,
            )
        )
    if not reasons:
        raise ValueError("recheck needs at least one ticked sign, or a logged 10")
    result = _result(reasons, [], flare_start=False)
    return result.model_copy(update={"plan_allowed": False})


def emergency_answers(ids: Iterable[str]) -> TriageResult:
    """The emergency signs answered yes so far, before the check is finished ("call now" at once)."""
    flags = content.red_flags()
    reasons = [
        Reason(id=i, tier="emergency", answer="yes", said=said_answer("yes"), source=flags.item(i).source,
               why=flags.item(i).reason)
        for i in ids
    ]  # fmt: skip
    return _result(reasons, [], flare_start=False)


def main_reasons(result: TriageResult) -> tuple[list[Reason], list[Reason]]:
    """The reasons explained in full, and the rest (named by label only).

    With no plan allowed, only the reasons for the result's own tier are
    explained: a lower tier's reason may talk about walking, which must not
    sit beside "get help". The screen and the clinician summary both use this.
    """
    main = [r for r in result.reasons if result.plan_allowed or r.tier == result.tier]
    return main, [r for r in result.reasons if r not in main]


def reworded(result: TriageResult, answers: Answers) -> TriageResult:
    """A saved result in the words of the language spoken now (issue 27): a check saved in English
    reads in Spanish after a switch. Its tier, its reasons and their order stay exactly as saved;
    each reason's answer in words and why it matters are written again from the same answers,
    where the rules still give that reason at that tier (else the saved words stay)."""
    fresh = assess(answers)
    said = {(r.id, r.tier): r for r in fresh.reasons}
    taught = {e.id: e for e in fresh.education}
    reasons = [
        r.model_copy(update={"said": new.said, "why": new.why}) if (new := said.get((r.id, r.tier))) else r
        for r in result.reasons
    ]
    education = [
        e.model_copy(update={"text": lesson.text}) if (lesson := taught.get(e.id)) else e
        for e in result.education
    ]
    return result.model_copy(update={"reasons": reasons, "education": education})
