"""The clinical content's shape: what each content file must hold, checked as it loads.

Clinicians review the TOML files (one folder per language, `en/`, `es/`, ...); these models make
sure a mistake there (a duplicate or unknown id, a missing tier or source) fails loudly at load,
not in front of a person. The rules between files (every source cited is listed; a translation
has the same ids, keys and placeholders as the English) live in loader.py.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

TierId = Literal["emergency", "urgent", "soon", "self_care"]
QuestionTier = Literal["emergency", "urgent", "soon"]

#: The app's pictures (assets/ at the top of the repository, beside app.py).
ASSETS = Path(__file__).resolve().parents[3] / "assets"
#: A drawing is a few lines; anything bigger is not what the screens and printout expect.
DRAWING_MAX_BYTES = 10 * 1024

#: The derived rules triage.py implements; content must define exactly these.
DERIVED_RULE_IDS = frozenset({"age_onset", "long_duration", "severe_now", "worst_pain_now", "under_18"})
#: Pain at or above this, at the check or in a daily log, needs help today (revision 4: `worst_pain_now`).
WORST_PAIN_RULE = "worst_pain_now"


class ContentError(ValueError):
    """A content file is malformed; the message names the file and the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TierInfo(_Strict):
    rank: int = Field(ge=1, le=4)
    plan_allowed: bool
    title: str = Field(min_length=1)
    action: str = Field(min_length=1)
    stopped_title: str = Field(min_length=1, description="When a daily re-check tick stopped the plan.")
    stopped_action: str = Field(min_length=1)
    action_call_only: str = Field("", description="When a call_only sign triggered it: call, never travel.")
    stopped_action_call_only: str = ""
    kiosk_action: str = Field("", description="At a clinic kiosk: what to tell the reception desk.")
    kiosk_lead: str = Field("", description="At a kiosk, before an action of a rule's own: the desk first.")
    kiosk_leaving: str = Field(
        "", description="On a kiosk's printout and QR text: what to do on leaving before being seen."
    )
    action_seen_today: str = Field("", description="Not sure about a nerve sign: be seen in person today.")


class QuestionGroup(_Strict):
    id: QuestionTier
    title: str
    intro: str


class RedFlagItem(_Strict):
    """One yes / no / not sure question of the screen."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(
        min_length=1,
        max_length=110,
        description="Short form for checklists and results (room for translations).",
    )
    tier: QuestionTier
    question: str = Field(min_length=1)
    hint: str = ""
    reason: str = Field(min_length=1, description="Why a yes matters, worded for the item's tier.")
    reason_unsure: str = Field("", description="Why a not sure matters, worded for the lower tier.")
    source: str = Field(min_length=1, description="Citations joined with '; ' (see sources.toml).")
    recheck_label: str = Field(
        "", max_length=120, description="As the daily re-check and safety net name it."
    )
    history: bool = Field(False, description="Something a person has or had, not a sign that starts.")
    call_only: bool = Field(False, description="Call the emergency number; never make your own way.")
    unsure_condition: bool = Field(False, description="The not-sure reason is a check the person can do.")
    unsure_seen_today: bool = Field(False, description="Not sure means being seen in person today.")
    recheck_reason: str = Field("", description="Why a tick in the daily re-check matters, if not `reason`.")

    @property
    def sign(self) -> str:
        """How the daily re-check and the safety-net card name this sign."""
        return self.recheck_label or self.label


class DerivedRule(_Strict):
    """A rule worked out from age, weeks of pain and pain now."""

    id: str
    label: str = Field(min_length=1, max_length=110)
    tier: QuestionTier
    said: str = Field(min_length=1, description="The answers that triggered it, in words.")
    reason: str = Field(min_length=1)
    source: str = Field(min_length=1)
    limits: dict[str, int]
    #: What to do when this rule alone gives its tier (a 10 out of 10: help today, keep moving gently).
    action: str = ""
    #: The same, when a daily log set it off and stopped the plan.
    stopped_title: str = ""
    stopped_action: str = ""
    #: How a daily log that set it off reads among the reasons ("You logged pain of 10 out of 10.").
    logged_said: str = ""


class YellowFlag(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    question: str
    education: str


class YellowFlagAdvice(_Strict):
    several_at_least: int = Field(ge=1)
    text: str


class SeenClinician(_Strict):
    """Revision 4: a clinician has checked this pain; two questions per urgent sign decide what it lowers."""

    question: str
    hint: str
    step_title: str
    step_intro: str
    knew_question: str
    changed_question: str
    reason: str
    never_lowered: list[str]


class Audience(_Strict):
    """Revision 3: who the check is for; younger people see only this."""

    min_age: int = Field(ge=1)
    title: str
    text: str


class SafetyNetText(_Strict):
    title: str
    when: dict[QuestionTier, str]
    #: On a kiosk's screen, in a clinic: tell the reception desk (tiers not given keep `when`).
    kiosk_when: dict[QuestionTier, str] = {}


class SafetyNetGroup(_Strict):
    """One block of the safety-net card: how fast to act, and the signs that call for it."""

    tier: QuestionTier
    when: str
    signs: tuple[RedFlagItem, ...]


class CheckInfo(_Strict):
    minutes: int = Field(ge=1, description="How long the check takes, as every screen says it.")


class RedFlagContent(_Strict):
    check: CheckInfo
    tiers: dict[TierId, TierInfo]
    unsure_tier: dict[QuestionTier, QuestionTier]
    groups: list[QuestionGroup]
    items: list[RedFlagItem]
    derived: list[DerivedRule]
    recheck_extra: list[RedFlagItem]
    safety_net: SafetyNetText
    seen_clinician: SeenClinician
    audience: Audience
    yellow_flags: list[YellowFlag]
    yellow_flag_advice: YellowFlagAdvice

    @model_validator(mode="after")
    def _check_ids(self) -> RedFlagContent:
        missing_tiers = {"emergency", "urgent", "soon", "self_care"} - set(self.tiers)
        if missing_tiers:
            raise ValueError(f"tiers: missing {sorted(missing_tiers)}")
        if set(self.unsure_tier) != {"emergency", "urgent", "soon"}:
            raise ValueError("unsure_tier: needs exactly emergency, urgent and soon")
        ids = [i.id for i in self.items + self.recheck_extra] + [d.id for d in self.derived]
        ids += [y.id for y in self.yellow_flags]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate ids: {duplicates}")
        derived = {d.id for d in self.derived}
        if derived != DERIVED_RULE_IDS:
            raise ValueError(f"derived: expected {sorted(DERIVED_RULE_IDS)}, got {sorted(derived)}")
        for item in self.items:
            if self.unsure_tier[item.tier] != item.tier and not item.reason_unsure:
                raise ValueError(f"items: {item.id}: reason_unsure is required (not sure gives a lower tier)")
        item_ids = {i.id for i in self.items}
        unknown = [i for i in self.seen_clinician.never_lowered if i not in item_ids]
        if unknown:
            raise ValueError(f"seen_clinician.never_lowered: unknown item {unknown[0]}")
        for item in self.items:
            if item.call_only and item.tier != "emergency":
                raise ValueError(f"items: {item.id}: call_only is for emergency items")
            if item.history and item.tier == "emergency":
                raise ValueError(f"items: {item.id}: an emergency sign cannot be history")
        worst = next(d for d in self.derived if d.id == WORST_PAIN_RULE)
        if worst.tier != "urgent" or not (
            worst.action and worst.stopped_title and worst.stopped_action and worst.logged_said
        ):
            raise ValueError(
                f"derived.{WORST_PAIN_RULE}: must be urgent, with action, stopped_title, stopped_action "
                "and logged_said"
            )
        for tier_id, info in self.tiers.items():
            if tier_id in ("emergency", "urgent") and not (info.kiosk_action and info.kiosk_leaving):
                raise ValueError(f"tiers.{tier_id}: kiosk_action and kiosk_leaving are required")
        if not self.tiers["urgent"].kiosk_lead:
            raise ValueError("tiers.urgent: kiosk_lead is required (a 10 out of 10 at a kiosk)")
        if not (
            self.tiers["emergency"].action_call_only and self.tiers["emergency"].stopped_action_call_only
        ):
            raise ValueError("tiers.emergency: action_call_only and stopped_action_call_only are required")
        missing_when = {i.tier for i in self.recheck_items} - set(self.safety_net.when)
        if missing_when:
            raise ValueError(f"safety_net.when: missing {sorted(missing_when)}")
        return self

    def reason_for(self, item: RedFlagItem, tier: QuestionTier) -> str:
        """The item's reason worded for the tier it actually triggered."""
        return item.reason if tier == item.tier else item.reason_unsure

    def item(self, item_id: str) -> RedFlagItem:
        """The question (or re-check sign) with this id."""
        for item in self.items + self.recheck_extra:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def derived_rule(self, rule_id: str) -> DerivedRule:
        """The derived rule with this id."""
        return next(d for d in self.derived if d.id == rule_id)

    @property
    def worst_pain(self) -> int:
        """The pain score that needs help today, at the check and in the daily log (revision 4)."""
        return self.derived_rule(WORST_PAIN_RULE).limits["pain_now_at_least"]

    def label(self, reason_id: str) -> str:
        """The short label of a question, re-check sign or derived rule."""
        labels = {e.id: e.label for e in self.items + self.recheck_extra}
        labels |= {d.id: d.label for d in self.derived}
        return labels[reason_id]

    @property
    def item_ids(self) -> tuple[str, ...]:
        """Every question id, in the order the screen asks them."""
        return tuple(i.id for i in self.items)

    @property
    def yellow_flag_ids(self) -> tuple[str, ...]:
        return tuple(y.id for y in self.yellow_flags)

    @cached_property
    def recheck_items(self) -> tuple[RedFlagItem, ...]:
        """The daily re-check list: every emergency and urgent sign that can start, plus sharp pain.

        History (having had cancer, a weak immune system, ...) does not start
        overnight, so it is never asked "since your last log" (revision 3).
        """
        urgent_or_worse = [i for i in self.items if i.tier in ("emergency", "urgent") and not i.history]
        return tuple(urgent_or_worse + self.recheck_extra)

    @cached_property
    def loggable_ids(self) -> frozenset[str]:
        """Every id a stored daily log may hold: today's re-check list, and signs it held before."""
        return frozenset(i.id for i in self.items + self.recheck_extra)

    @cached_property
    def recheck_ids(self) -> frozenset[str]:
        """The re-check signs' ids (every daily log is checked against these)."""
        return frozenset(i.id for i in self.recheck_items)

    def safety_net_groups(self, at_kiosk: bool = False) -> list[SafetyNetGroup]:
        """The safety-net card, built from the re-check list so both always name the same signs;
        `at_kiosk`: worded for a screen in a clinic's waiting room."""
        tiers = sorted({i.tier for i in self.recheck_items}, key=lambda t: -self.tiers[t].rank)
        when = self.safety_net.when | (self.safety_net.kiosk_when if at_kiosk else {})
        return [
            SafetyNetGroup(
                tier=tier,
                when=when[tier],
                signs=tuple(i for i in self.recheck_items if i.tier == tier),
            )
            for tier in tiers
        ]


class Level(_Strict):
    level: int = Field(ge=0)
    name: str
    days: int = Field(ge=0)
    walks: list[int]
    optional: list[int] = []
    note: str


class PlanRules(_Strict):
    standard_baseline_minutes: int
    guess_baseline_minutes: int
    min_walk_minutes: int
    max_day_total_minutes: int
    max_longest_step_minutes: int
    flare_walk_minutes: int
    flare_min_walks: int
    flare_start_pain: int
    flare_start_days: int
    spike_rise: int
    spike_pain_at_least: int = Field(ge=1, le=10)
    severe_logs: int = Field(ge=1)
    severe_window_days: int = Field(ge=1)
    drop_back_days: int
    plan_days: int
    maintenance_total_minutes: int
    maintenance_optional_minutes: int


class PlanNotes(_Strict):
    split: str
    treadmill: str
    park: str
    flat_route: str
    balance: str
    leg_pain: str
    hold: str
    flare: str
    eased: str
    test_walk: str
    severe_hold: str
    flare_start: str


class SevereWording(_Strict):
    """What the plan and every output say while severe pain holds the plan (revision 4)."""

    days_title: str
    days_action: str
    days_sentence: str
    resume_sentence: str


class ProgressRules(_Strict):
    meaningful_fall_points: int
    meaningful_fall_share: float = Field(gt=0, lt=1)
    worse_rise_points: int
    mean_pain_days: int = Field(ge=1)
    expect_change_after_days: int
    see_clinician_after_days: int


class ClimbLevels(_Strict):
    """The levels after 5 for a plan still under 30 minutes a day (plan.level_table numbers them
    6, 7, ... and names them "Level 6", "Level 7", ...; their minutes come from the plan's own steps)."""

    days: int = Field(ge=1)
    note: str


class TestWalk(_Strict):
    """The test walk's steps, and the steps that differ for someone with pain in one leg (revision 4)."""

    steps: list[str] = Field(min_length=3)
    leg_steps: dict[int, str]

    @model_validator(mode="after")
    def _numbers_exist(self) -> TestWalk:
        unknown = [n for n in self.leg_steps if not 1 <= n <= len(self.steps)]
        if unknown:
            raise ValueError(f"leg_steps: no step {unknown[0]}")
        return self

    def for_person(self, leg_pain: bool) -> list[str]:
        """The steps in order, with the leg versions where they apply."""
        if not leg_pain:
            return list(self.steps)
        return [self.leg_steps.get(n, step) for n, step in enumerate(self.steps, start=1)]


class SharedWording(_Strict):
    """Words every output must use alike."""

    stroll_condition: str = Field(min_length=1)


class WalkingPlanContent(_Strict):
    rules: PlanRules
    wording: SharedWording
    levels: list[Level]
    climb: ClimbLevels
    notes: PlanNotes
    test_walk: TestWalk
    severe: SevereWording
    progress: ProgressRules

    @model_validator(mode="after")
    def _check_levels(self) -> WalkingPlanContent:
        numbers = [lv.level for lv in self.levels]
        if numbers != list(range(len(numbers))) or len(numbers) < 3:
            raise ValueError("levels: must be numbered 0 (flare), 1, 2, ... in order")
        if sum(self.maintenance.walks) != self.rules.maintenance_total_minutes:
            raise ValueError("levels: the last (maintenance) level must add up to maintenance_total_minutes")
        return self

    @property
    def flare(self) -> Level:
        return self.levels[0]

    @property
    def maintenance(self) -> Level:
        return self.levels[-1]

    @property
    def build_levels(self) -> list[Level]:
        """The climbing levels between flare days and maintenance (1..5)."""
        return self.levels[1:-1]


class Exercise(_Strict):
    id: str
    kind: Literal["stretch", "core"]
    #: Left out for someone whose pain goes into a leg (a straight-knee stretch pulls on the nerve).
    not_with_leg_pain: bool = False
    name: str
    how: str
    source: str = Field(min_length=1)
    #: What the drawing shows, for a screen reader and wherever the picture cannot be seen.
    alt: str = Field(min_length=20)

    @property
    def drawing(self) -> Path:
        """The exercise's line drawing (SVG), shown beside its steps and on the kiosk printout."""
        return ASSETS / "exercises" / f"{self.id}.svg"


class Tip(_Strict):
    id: str
    topic: str
    title: str
    text: str
    source: str = Field(min_length=1)


class GuidanceContent(_Strict):
    exercise_advice: str = Field(min_length=20)
    exercises: list[Exercise]
    tips: list[Tip]

    @model_validator(mode="after")
    def _check_ids(self) -> GuidanceContent:
        ids = [e.id for e in self.exercises] + [t.id for t in self.tips]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate ids: {duplicates}")
        for exercise in self.exercises:
            if not exercise.drawing.is_file():
                raise ValueError(f"exercise {exercise.id}: no drawing at {exercise.drawing}")
            if exercise.drawing.stat().st_size > DRAWING_MAX_BYTES:
                raise ValueError(f"exercise {exercise.id}: its drawing is over {DRAWING_MAX_BYTES} bytes")
        return self


class SourcesContent(_Strict):
    sources: dict[str, str] = Field(description="Citation -> the plain words people see.")

    def check_cited(self, name: str, where: str, cited: str) -> None:
        unknown = [c for c in citations(cited) if c not in self.sources]
        if unknown:
            raise ContentError(f"{name}: {where}: source {unknown[0]!r} is not listed in sources.toml")


def citations(source: str) -> list[str]:
    """The separate citations of a content `source` field ('A; B')."""
    return [part.strip() for part in source.split(";") if part.strip()]
