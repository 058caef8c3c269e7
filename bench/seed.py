"""Seed one benchmark database through the app's own public API.

Run as a script by the bench, with PYTHONPATH=<tree>/src, so the database is
written by the code of the tree being measured (its schema, its migrations):

    PYTHONPATH=<tree>/src python bench/seed.py --data-dir DIR --days 365

One person, one walk-safe check (every red-flag answer "no"), ONE plan that
started DAYS-1 days ago, and a log for every day from the plan's start to
today: pain drifting from 6 down to 2 with a little noise, minutes walked near
the day's target. It imports only `backontrack` and the standard library, so
it runs against any tree that has the store API it uses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

from backontrack import content
from backontrack.adapt import adapt
from backontrack.models import LogEntry, Profile
from backontrack.plan import build_plan
from backontrack.store import Store
from backontrack.triage import assess

#: Logs are written in blocks; each block's targets come from the plan adapted to the logs so far.
BLOCK_DAYS = 14


def profile() -> Profile:
    """A 36-year-old, one week in, pain 6, a 10-minute baseline walk, every red-flag answer "no"."""
    answers = dict.fromkeys(content.red_flags().item_ids, "no")
    return Profile.model_validate(
        {
            "age": 36,
            "pain_weeks": 1,
            "pain_now": 6,
            "answers": answers,
            "baseline_minutes": 10,
            "baseline_pain": 6,
        }
    )


def pain_on(index: int, days: int, rng: random.Random) -> int:
    """6 on the first day, 2 on the last, with the odd day one point either side."""
    trend = 6 - 4 * index / max(days - 1, 1)
    return max(0, min(10, round(trend + rng.choice((-1, 0, 0, 0, 1)))))


def seed(data_dir: Path, days: int, today: dt.date, seed_value: int = 11) -> int:
    """Write the database; returns the number of logs."""
    data_dir.mkdir(parents=True, exist_ok=True)
    store = Store.from_url(f"sqlite:///{data_dir / 'backontrack.sqlite3'}")
    person = profile()
    result = assess(person)
    if not result.plan_allowed:
        raise SystemExit(f"seed: the all-'no' check gave {result.tier}, which allows no plan")
    start = today - dt.timedelta(days=days - 1)
    plan = build_plan(person, start)
    profile_id = store.local_profile()
    check = store.save_check(profile_id, person, result)
    store.save_plan(profile_id, check.id, plan)

    rng = random.Random(seed_value)
    logs: list[LogEntry] = []
    for block_start in range(0, days, BLOCK_DAYS):
        first = start + dt.timedelta(days=block_start)
        last = min(today, first + dt.timedelta(days=BLOCK_DAYS - 1))
        # Days not yet logged hold their level, so this is the target the person sees that day.
        targets = {day.date: sum(day.walks) for day in adapt(plan, logs, today=last).days}
        date = first
        while date <= last:
            target = targets.get(date, 20)
            minutes = max(1, round(target * rng.uniform(0.85, 1.1)))
            entry = LogEntry(
                date=date, pain=pain_on((date - start).days, days, rng), minutes=minutes, red_flags=[]
            )
            store.upsert_log(profile_id, entry)
            logs.append(entry)
            date += dt.timedelta(days=1)
    return len(logs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--days", type=int, required=True)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    args = parser.parse_args(argv)
    began = time.perf_counter()
    count = seed(args.data_dir, args.days, args.today)
    print(f"seeded {count} logs in {time.perf_counter() - began:.1f}s into {args.data_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
