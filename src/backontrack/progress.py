"""Progress as pandas frames: target against actual, pain trend, and what the change means.

The wording follows the meaningful-change rule (a fall of 2 points or 30% is
"much better"; less is "about the same"), so people are not told a 1-point
wobble is progress.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict

from backontrack import content
from backontrack.adapt import is_spike, spike_from
from backontrack.i18n import _, write_number
from backontrack.models import AdaptedPlan, LogEntry

ChangeKind = Literal["no_data", "much_better", "about_same", "worse", "severe"]

COLUMNS = [
    "date",
    "day",
    "level",
    "level_name",
    "target_minutes",
    "logged",
    "minutes",
    "pain",
    "flare",
    "spike",
    "adjusted",
    "mean_pain_7d",
]


def daily_frame(adapted: AdaptedPlan, logs: Iterable[LogEntry]) -> pd.DataFrame:
    """One row per plan day: target, what was logged, pain, flare, level, 7-day mean pain."""
    by_date = {entry.date: entry for entry in logs}
    changed = {a.date for a in adapted.adjustments}
    window = content.walking_plan().progress.mean_pain_days
    nan = float("nan")
    entries = [by_date.get(day.date) for day in adapted.days]
    # Built column by column (one conversion per column, not one per cell): a long plan has
    # a row for every day since it began.
    rows = {
        "date": pd.to_datetime([day.date for day in adapted.days]),
        "day": [day.day for day in adapted.days],
        "level": [day.level for day in adapted.days],
        "level_name": [day.level_name for day in adapted.days],
        "target_minutes": [day.target_minutes for day in adapted.days],
        "logged": [entry is not None for entry in entries],
        "minutes": [float(entry.minutes) if entry else nan for entry in entries],
        "pain": [float(entry.pain) if entry else nan for entry in entries],
        "flare": [day.flare for day in adapted.days],
        "spike": [bool(entry and is_spike(adapted.plan, entry)) for entry in entries],
        "adjusted": [day.date in changed for day in adapted.days],
    }
    frame = pd.DataFrame(rows, columns=COLUMNS[:-1])
    if frame.empty:
        frame["mean_pain_7d"] = pd.Series(dtype=float)
        return frame
    # Calendar-day window: unlogged days do not stretch the window back in time.
    frame["mean_pain_7d"] = frame.rolling(f"{window}D", on="date", min_periods=1)["pain"].mean()
    return frame


class PainChange(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: ChangeKind
    baseline: int
    recent: float | None
    sentence: str


class ProgressSummary(BaseModel):
    """The headline figures the progress page shows."""

    model_config = ConfigDict(frozen=True)

    days_so_far: int
    days_logged: int
    adherence: float | None  # share of target minutes walked, 0-1
    mean_pain_7d: float | None
    change: PainChange
    advice: list[str]


def pain_change(baseline: int, recent: float | None) -> PainChange:
    """Word the change from baseline with the meaningful-change rule."""
    rules = content.walking_plan().progress
    if recent is None:
        return PainChange(
            kind="no_data",
            baseline=baseline,
            recent=None,
            sentence=_("Log a few days to see how your pain is changing."),
        )
    fall = baseline - recent
    share = fall / baseline if baseline else 0.0
    if fall >= rules.meaningful_fall_points or share >= rules.meaningful_fall_share:
        kind: ChangeKind = "much_better"
        sentence = _(
            "Your pain has come down from {baseline} to {recent} on average: a change most "
            "people notice as much better."
        ).format(baseline=baseline, recent=write_number(recent))
    elif -fall >= rules.worse_rise_points:
        kind = "worse"
        sentence = _(
            "Your pain is higher than at the start: {baseline} then, {recent} on average this week."
        ).format(baseline=baseline, recent=write_number(recent))
    else:
        kind = "about_same"
        sentence = _("Your pain is about the same as at the start: {baseline} then, {recent} now.").format(
            baseline=baseline, recent=write_number(recent)
        )
    return PainChange(kind=kind, baseline=baseline, recent=recent, sentence=sentence)


#: Plan changes that ease the plan off when pain goes up.
EASING_KINDS = ("repeat_level", "drop_back", "flare_day")


def worse_advice(adapted: AdaptedPlan) -> list[str]:
    """One message for pain that is worse: what the plan did, what to do, when to see someone.

    Never "keep going", and nothing the person cannot act on: the app, not the
    person, moves the plan between levels.
    """
    easing = [
        a
        for a in adapted.adjustments
        if a.kind in EASING_KINDS and a.log_dates and max(a.log_dates) <= adapted.today
    ]
    if easing:
        done = _("The plan has already eased off for you. {change}").format(change=easing[-1].sentence)
    else:
        trigger = spike_from(adapted.plan.profile.baseline_pain)
        done = _("The plan eases off by itself on any day you log pain of {pain} or more.").format(
            pain=trigger
        )
    return [
        done,
        _(
            "Keep each walk short and easy. If pain goes up during a walk, stop and stand for a minute "
            "or two, and make the next walk shorter."
        ),
        _(
            "If your pain stays this high for a week, or you are worried, book a GP or physio. "
            "If you notice a warning sign, stop and use the daily check."
        ),
    ]


def summarise(frame: pd.DataFrame, adapted: AdaptedPlan) -> ProgressSummary:
    """Days logged, adherence, mean pain over the last week and what it means, up to `today`."""
    rules = content.walking_plan().progress
    today = pd.Timestamp(adapted.today)
    past = frame[frame["date"] <= today]
    logged = past[past["logged"]]
    target = float(past["target_minutes"].sum())
    walked = float(past[["minutes", "target_minutes"]].fillna(0).min(axis=1).sum())
    recent = logged[logged["date"] > today - pd.Timedelta(days=rules.mean_pain_days)]
    mean_pain = float(recent["pain"].mean()) if not recent.empty else None
    change = pain_change(adapted.plan.profile.baseline_pain, mean_pain)
    if adapted.severe is not None:
        # Severe pain holds the plan: never "about the same", "keep going" or "improving".
        latest_limit = content.walking_plan().rules.spike_pain_at_least
        change = change.model_copy(
            update={
                "kind": "severe",
                "sentence": _(
                    "Your pain has been severe. "
                    "The plan stays at short, gentle walks until you log a day below {pain}."
                ).format(pain=latest_limit),
            }
        )
    days_so_far = len(past)
    advice: list[str] = []  # severe: the governing instruction (who to see, how soon) leads the page
    if change.kind == "worse":
        advice = worse_advice(adapted)
    elif change.kind not in ("much_better", "severe") and days_so_far >= rules.see_clinician_after_days:
        advice.append(
            _(
                "Your pain is no better after several weeks. Book a GP or physiotherapist "
                "to check what else may help."
            )
        )
    elif change.kind not in ("much_better", "severe") and days_so_far >= rules.expect_change_after_days:
        advice.append(
            _(
                "It often takes 2 to 4 weeks of walking on most days before mild back pain starts to ease. "
                "Carry on with the plan, and log each day."
            )
        )
    return ProgressSummary(
        days_so_far=days_so_far,
        days_logged=len(logged),
        adherence=walked / target if target else None,
        mean_pain_7d=mean_pain,
        change=change,
        advice=advice,
    )
