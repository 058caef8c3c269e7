"""Adapting to the daily log: every rule of the contract's "Adapting to the daily log" section."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import textstat

from backontrack import content
from backontrack.adapt import adapt, is_spike, when
from backontrack.models import AdaptedPlan, LogEntry, Plan, Profile
from backontrack.plan import build_plan
from tests.conftest import START, log, make_profile, on_day


@pytest.fixture
def plan(standard_profile: Profile) -> Plan:
    return build_plan(standard_profile, START)  # baseline pain 3: a spike is 5 or more


def levels(adapted: AdaptedPlan, first: int, last: int) -> list[int]:
    return [d.level for d in adapted.days[first - 1 : last]]


def test_spike_is_pain_at_least_2_above_baseline(plan: Plan) -> None:
    assert is_spike(plan, log(1, pain=5))
    assert not is_spike(plan, log(1, pain=4))


def test_no_logs_follows_the_plan_as_generated(plan: Plan) -> None:
    adapted = adapt(plan, [])
    assert adapted.days[:14] == plan.days
    assert adapted.adjustments == []


def test_good_days_follow_the_plan_as_generated(plan: Plan) -> None:
    adapted = adapt(plan, [log(d, pain=3) for d in range(1, 15)])
    assert adapted.days[:14] == plan.days
    assert adapted.adjustments == []


def test_one_spike_day_repeats_the_current_level(plan: Plan) -> None:
    adapted = adapt(plan, [log(1, 3), log(2, 3), log(3, 3), log(4, 3), log(5, pain=6)])
    # Level 2 began on day 4; the spike on day 5 starts its three days again from day 6.
    assert levels(adapted, 4, 10) == [2, 2, 2, 2, 2, 3, 3]
    [change] = adapted.adjustments
    assert change.kind == "repeat_level"
    assert change.date == on_day(6)
    assert change.log_dates == [on_day(5)]
    assert change.sentence == (
        "Your pain was 6/10 on Fri 27 Nov, up from 3 at the start. So Level 2 starts again on Sat 28 Nov."
    )


def test_pain_spike_two_days_in_a_row_drops_back_a_level_for_a_week(plan: Plan) -> None:
    logs = [log(d, 3) for d in range(1, 7)] + [log(7, pain=5), log(8, pain=7), log(9, pain=3)]
    adapted = adapt(plan, logs, today=on_day(16))
    assert levels(adapted, 7, 7) == [3]
    # Revision 4: a drop back starts on the day of the second spike, so that day never shows the
    # higher level beside it; the previous level for seven days from then.
    assert levels(adapted, 8, 14) == [2] * 7
    assert levels(adapted, 15, 15) == [3]
    drop = adapted.adjustments[-1]
    assert drop.kind == "drop_back"
    assert drop.date == on_day(8)
    assert drop.log_dates == [on_day(7), on_day(8)]
    assert "5/10 on Sun 29 Nov and 7/10 on Mon 30 Nov" in drop.sentence
    assert "goes back to Level 2 for 7 days, starting on Mon 30 Nov" in drop.sentence


def test_spikes_two_days_in_a_row_at_level_1_drop_to_flare_days(plan: Plan) -> None:
    adapted = adapt(plan, [log(1, pain=6), log(2, pain=6)])
    assert levels(adapted, 2, 8) == [0] * 7  # from the day of the second spike (revision 4)
    assert all(d.flare and d.walks == [5, 5, 5, 5] for d in adapted.days[1:8])
    assert levels(adapted, 9, 9) == [1]
    assert "flare days" in adapted.adjustments[-1].sentence


def test_spikes_with_a_gap_between_them_only_repeat_the_level(plan: Plan) -> None:
    adapted = adapt(plan, [log(1, pain=6), log(3, pain=6)])
    assert {a.kind for a in adapted.adjustments} == {"repeat_level"}


def test_spike_on_a_third_day_in_a_row_restarts_the_week_at_the_lower_level(plan: Plan) -> None:
    logs = [log(d, 3) for d in range(1, 5)] + [log(5, 6), log(6, 6), log(7, 6)]
    adapted = adapt(plan, logs)
    assert levels(adapted, 6, 14) == [1] * 9  # day 6 drops back; day 7 starts the week again
    assert adapted.adjustments[-1].sentence.startswith("Your pain was still 6/10 on Sun 29 Nov")


def test_unlogged_days_hold_the_level_until_a_day_is_logged(plan: Plan) -> None:
    adapted = adapt(plan, [], today=on_day(6))
    assert levels(adapted, 1, 6) == [1] * 6  # level 1 never logged: it carries on up to today
    assert levels(adapted, 7, 7) == [2]  # after today the plan is a projection
    hold = adapted.adjustments[0]
    assert hold.kind == "hold"
    assert hold.date == on_day(4)
    assert "The plan moves on once you log a day of Level 1 with pain under 5/10." in hold.sentence
    assert " no " not in f" {hold.sentence.lower()} "  # issue 16, fault 11: no double negative
    hold_note = content.walking_plan().notes.hold
    assert hold_note in adapted.days[3].notes  # held days say why
    assert hold_note not in adapted.days[0].notes


def test_logging_a_day_without_a_spike_lets_the_held_level_move_on(plan: Plan) -> None:
    adapted = adapt(plan, [log(5, pain=3)], today=on_day(5))
    assert levels(adapted, 1, 6) == [1, 1, 1, 1, 1, 2]


def test_days_after_today_are_projected_to_move_on(plan: Plan) -> None:
    adapted = adapt(plan, [log(1, 3)], today=on_day(2))
    assert levels(adapted, 1, 14) == [d.level for d in plan.days]


def test_a_day_marked_as_a_flare_becomes_short_frequent_5_minute_walks(plan: Plan) -> None:
    adapted = adapt(plan, [log(1, 3), log(2, pain=4, flare=True)])
    day = adapted.days[1]
    assert day.flare
    assert day.walks == [5, 5, 5, 5]
    assert day.level == 1  # the level is kept; only that day changes
    [change] = adapted.adjustments
    assert change.kind == "flare_day"
    assert change.sentence == (
        "You marked Tue 24 Nov as a flare, with pain at 4/10. So that day became short walks of 5 minutes, "
        "20 minutes at most in all."
    )
    assert adapted.days[2].walks == [10, 10]


@pytest.mark.parametrize("sign", ["saddle_numbness", "fever", "sharp_spreading_pain"])
def test_red_flag_tick_in_the_daily_log_stops_the_plan_with_its_triage_result(plan: Plan, sign: str) -> None:
    adapted = adapt(plan, [log(1, 3), log(2, 3, red_flags=[sign]), log(3, 3)])
    assert adapted.stopped is not None
    assert adapted.stopped.plan_allowed is False
    assert [r.id for r in adapted.stopped.reasons] == [sign]
    assert adapted.stopped_on == on_day(2)
    assert [d.day for d in adapted.days] == [1, 2]  # nothing planned after the stop
    assert adapted.day_on(on_day(3)) is None
    assert adapted.adjustments[-1].kind == "stop"
    assert "Tue 24 Nov" in adapted.adjustments[-1].sentence


def test_maintenance_level_after_day_14(plan: Plan) -> None:
    adapted = adapt(plan, [log(d, 3) for d in range(1, 31)])
    assert len(adapted.days) == 30
    for day in adapted.days[14:]:
        assert day.level_name == "Keep going"
        assert 30 <= day.target_minutes + sum(day.optional) <= 40


def test_maintenance_comes_after_the_adapted_equivalent_of_day_14(plan: Plan) -> None:
    adapted = adapt(plan, [log(d, 3) for d in range(1, 5)] + [log(5, 6)] + [log(d, 3) for d in range(6, 20)])
    assert adapted.days[14].level == 5  # one repeat pushed level 5 back by a day
    assert adapted.days[16].level_name == "Keep going"


@pytest.fixture
def low_plan() -> Plan:
    """A 3-minute baseline (pain 3): level 5 is one 9-minute walk, then Levels 6-11 add 3 minutes
    each (days 15-32 as planned) and Keep going (30 minutes) is level 12."""
    return build_plan(make_profile(baseline_minutes=3), START)


def good_days(first: int, last: int) -> list[LogEntry]:
    return [log(d, 3) for d in range(first, last + 1)]


def test_a_low_baseline_plan_logged_well_climbs_its_extra_levels_to_keep_going(low_plan: Plan) -> None:
    adapted = adapt(low_plan, good_days(1, 40))
    assert (
        levels(adapted, 13, 35)
        == [5] * 2 + [6, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9, 10, 10, 10] + [11] * 3 + [12] * 3
    )
    assert [d.walks for d in adapted.days[14:33:3]] == [[12], [15], [18], [21], [24], [27], [30]]
    assert adapted.days[32].level_name == "Keep going"
    assert adapted.adjustments == []


def test_one_spike_on_an_extra_level_repeats_it(low_plan: Plan) -> None:
    adapted = adapt(low_plan, [*good_days(1, 15), log(16, pain=6), *good_days(17, 25)])
    assert levels(adapted, 15, 20) == [6, 6, 6, 6, 6, 7]  # Level 6's three days start again on day 17
    [change] = adapted.adjustments
    assert change.kind == "repeat_level"
    assert change.log_dates == [on_day(16)]
    assert change.sentence == (
        f"Your pain was 6/10 on {when(on_day(16))}, up from 3 at the start. "
        f"So Level 6 starts again on {when(on_day(17))}."
    )


def test_two_spikes_in_a_row_on_an_extra_level_drop_back_one_level_for_a_week(low_plan: Plan) -> None:
    adapted = adapt(low_plan, [*good_days(1, 17), log(18, pain=5), log(19, pain=6), *good_days(20, 30)])
    assert levels(adapted, 18, 18) == [7]
    assert levels(adapted, 19, 25) == [6] * 7  # from the day of the second spike (revision 4)
    assert levels(adapted, 26, 26) == [7]
    assert [d.walks for d in adapted.days[17:19]] == [[15], [12]]  # a drop back may shorten the walk
    drop = adapted.adjustments[-1]
    assert drop.kind == "drop_back"
    assert drop.log_dates == [on_day(18), on_day(19)]
    assert f"5/10 on {when(on_day(18))} and 6/10 on {when(on_day(19))}" in drop.sentence
    assert f"goes back to Level 6 for 7 days, starting on {when(on_day(19))}" in drop.sentence


def test_unlogged_days_hold_an_extra_level_until_a_day_is_logged(low_plan: Plan) -> None:
    adapted = adapt(low_plan, good_days(1, 14), today=on_day(25))
    assert levels(adapted, 15, 25) == [6] * 11  # never logged: Level 6 carries on up to today
    [hold] = adapted.adjustments
    assert hold.kind == "hold"
    assert hold.date == on_day(18)
    assert f"Level 6 carries on from {when(on_day(18))}" in hold.sentence
    assert content.walking_plan().notes.hold in adapted.days[17].notes
    moved_on = adapt(low_plan, [*good_days(1, 14), log(24, 3)], today=on_day(25))
    assert levels(moved_on, 24, 25) == [6, 7]  # one day logged well: the next level begins


def test_a_flare_day_on_an_extra_level_becomes_short_walks_and_keeps_the_level(low_plan: Plan) -> None:
    adapted = adapt(low_plan, [*good_days(1, 15), log(16, pain=4, flare=True), *good_days(17, 20)])
    flare_day = adapted.days[15]
    assert (flare_day.level, flare_day.flare, flare_day.walks) == (6, True, [3, 3])  # Level 1 is 3 + 3
    assert adapted.days[16].walks == [12]
    assert levels(adapted, 18, 18) == [7]  # days 15 and 17 were logged well: Level 6 still ends on time
    [change] = adapted.adjustments
    assert change.kind == "flare_day"
    assert when(on_day(16)) in change.sentence
    assert "4/10" in change.sentence


def test_every_adjustment_names_the_dates_and_pain_scores_that_caused_it(plan: Plan) -> None:
    logs = [log(1, 6), log(2, 7), log(3, 3, flare=True), log(10, 5)]
    adapted = adapt(plan, logs)
    pains = {entry.date: entry.pain for entry in logs}
    for change in adapted.adjustments:
        for date in change.log_dates:
            assert f"{date.day} {date:%b}" in change.sentence
            assert f"{pains[date]}/10" in change.sentence


def test_adaptation_is_deterministic(plan: Plan) -> None:
    logs = [log(1, 6), log(2, 7), log(3, 3, flare=True), log(10, 5)]
    assert adapt(plan, logs) == adapt(plan, list(reversed(logs)))


def test_editing_a_past_log_re_derives_the_plan(plan: Plan) -> None:
    before = adapt(plan, [log(1, 6), log(2, 6)])
    after = adapt(plan, [log(1, 6), log(2, 3)])  # day 2 corrected: it was a good day
    assert before.adjustments[-1].kind == "drop_back"
    assert [a.kind for a in after.adjustments] == ["repeat_level"]
    assert levels(after, 3, 5) == [1, 1, 2]


def test_logs_before_the_plan_start_are_ignored(plan: Plan) -> None:
    early = LogEntry(date=START - dt.timedelta(days=3), pain=9, minutes=0, red_flags=["fever"])
    assert adapt(plan, [early], today=START) == adapt(plan, [], today=START)


def test_months_of_history_keep_adapting(plan: Plan) -> None:
    logs = [log(d, 3 if d % 9 else 6) for d in range(1, 181)]
    adapted = adapt(plan, logs)
    assert len(adapted.days) == 180
    assert adapted.days[-1].level_name == "Keep going"


def test_flare_days_are_named_in_plain_grammar(plan: Plan) -> None:
    flare_start = build_plan(make_profile(pain_now=7), START)
    adapted = adapt(flare_start, [log(1, 6), log(2, 3), log(4, 6), log(5, 6), log(6, 6), log(7, 6)])
    sentences = [a.sentence for a in adapted.adjustments]
    assert f"So flare days start again on {when(on_day(2))}." in sentences[0]
    assert f"So the plan goes back to flare days for 7 days, starting on {when(on_day(5))}." in sentences[-3]
    assert "Those days have short walks of 5 minutes." in sentences[-3]
    assert f"So your 7 flare days start again on {when(on_day(7))}." in sentences[-2]
    held = adapt(flare_start, [], today=on_day(4)).adjustments[0].sentence
    assert held.startswith(f"Flare days carry on from {when(on_day(3))}.")
    assert "once you log a flare day with pain under 5/10" in held


@pytest.mark.parametrize("baseline", [3, 10])
def test_every_adjustment_reads_plainly_and_names_its_log_entries(baseline: int) -> None:
    plan = build_plan(make_profile(baseline_minutes=baseline, pain_now=7), START)
    pains = [6, 6, 6, 3, 3, 3, 7, 3, 3, 3, 3, 3] + [3] * 10 + [6, 6, 3, 3, 6] + [3] * 20
    logs = [log(d, p, flare=d % 11 == 0) for d, p in enumerate(pains, start=1)]
    logs += [log(len(pains) + 1, 3, red_flags=["fever"])]
    changes = adapt(plan, logs).adjustments + adapt(plan, logs[:3], today=on_day(20)).adjustments
    assert {c.kind for c in changes} == {"repeat_level", "drop_back", "flare_day", "hold", "stop"}
    by_date = {entry.date: entry for entry in logs}
    for change in changes:
        for sentence in re.split(r"(?<=\.) ", change.sentence):
            if len(sentence.split()) >= 6:
                assert textstat.flesch_kincaid_grade(sentence) <= 8, sentence
        assert textstat.flesch_kincaid_grade(change.sentence) <= 8, change.sentence
        assert not re.search(r"baseline|spike", change.sentence, re.IGNORECASE), change.sentence
        for date in change.log_dates:
            assert when(date) in change.sentence
            assert f"{by_date[date].pain}/10" in change.sentence


# -- Severe pain (walking-plan contract, revised 2026-12-01) -----------------------------------
def test_spike_is_any_pain_of_8_or_more_whatever_the_baseline() -> None:
    high = build_plan(make_profile(pain_now=9, baseline_pain=9), START)
    assert is_spike(high, log(1, pain=8))
    assert not is_spike(high, log(1, pain=7))


def test_severe_pain_for_three_days_holds_the_plan_at_flare_days_and_advises_a_gp_or_physio(
    plan: Plan,
) -> None:
    logs = [log(d, pain=p) for d, p in enumerate([3, 3, 3, 9, 8, 9], start=1)]
    adapted = adapt(plan, logs, today=on_day(6))
    assert adapted.severe is not None
    assert adapted.severe.log_dates == [on_day(4), on_day(5), on_day(6)]
    assert all(d.level == 0 for d in adapted.days[5:])  # held from the third log's day, projection included
    severe = next(a for a in adapted.adjustments if a.kind == "severe")
    assert severe.log_dates == [on_day(4), on_day(5), on_day(6)]
    assert all(f"{p}/10" in severe.sentence for p in (9, 8))
    assert "GP or physio" in severe.sentence


def test_severe_pain_hold_lifts_only_after_a_logged_day_below_8(plan: Plan) -> None:
    logs = [log(d, pain=p) for d, p in enumerate([3, 3, 3, 9, 8, 9, 9, 8, 7, 3], start=1)]
    held = adapt(plan, logs[:8], today=on_day(10))  # days 9 and 10 not logged: still held
    assert held.severe is not None
    assert [d.level for d in held.days[6:12]] == [0] * 6
    lifted = adapt(plan, logs, today=on_day(10))
    assert lifted.severe is None
    resume = next(a for a in lifted.adjustments if a.kind == "resume")
    assert resume.log_dates == [on_day(9)]
    assert lifted.days[9].level >= 1


def test_revision4_2_a_logged_10_stops_the_plan_with_the_worst_pain_instruction(plan: Plan) -> None:
    adapted = adapt(plan, [log(1, pain=3), log(2, pain=10)], today=on_day(2))
    assert adapted.severe is None
    assert adapted.stopped is not None
    assert adapted.stopped.tier == "urgent"
    assert [r.id for r in adapted.stopped.reasons] == ["worst_pain_now"]
    assert adapted.stopped_on == on_day(2)
    assert [d.day for d in adapted.days] == [1, 2]  # nothing planned after the stop
    stop = adapted.adjustments[-1]
    assert stop.kind == "stop"
    assert "10 out of 10" in stop.sentence


def test_fault_1_severe_pain_from_a_baseline_of_9_eases_the_plan_and_never_climbs() -> None:
    """Issue 16, fault 1: baseline pain 9, then 9/10 for three weeks, climbed to 30 minutes."""
    high = build_plan(make_profile(pain_now=9, baseline_pain=9), START)
    logs = [log(d, pain=9, minutes=5) for d in range(1, 22)]
    adapted = adapt(high, logs, today=on_day(21))
    assert adapted.severe is not None
    flare_total = sum(adapted.days[0].walks)
    assert max(d.target_minutes for d in adapted.days) == flare_total
    assert all(d.level == 0 for d in adapted.days)
