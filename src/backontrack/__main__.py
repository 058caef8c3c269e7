"""Command line: `python -m backontrack triage ANSWERS.json` and `... plan PROFILE.json`.

Formats and exit codes are the contract in shared/clinical/: JSON on stdout;
exit 2 with one line on stderr naming the field for bad input; exit 3 (and no
plan) when the result is emergency or urgent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from pydantic import ValidationError

from backontrack import settings
from backontrack.instruction import for_result
from backontrack.models import Answers, Profile, describe_error
from backontrack.plan import PlanRefused, build_plan
from backontrack.store import StorageError, Store, migrations
from backontrack.triage import assess

EXIT_NOT_READY = 1
EXIT_BAD_INPUT = 2
EXIT_NO_PLAN = 3
PROFILE_ONLY_FIELDS = frozenset(Profile.model_fields) - frozenset(Answers.model_fields)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message}\n")


class BadInput(Exception):
    """Input the CLI cannot use; the message names the file and field."""


def _read_json(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"{path}: cannot read file ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path}: not UTF-8 text") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(f"{path}: not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from exc
    if not isinstance(data, dict):
        raise BadInput(f"{path}: expected a JSON object at the top level")
    return data


def _validate(model: type[Answers], path: Path, data: dict[str, Any]) -> Answers:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise BadInput(f"{path}: {describe_error(exc)}") from exc


def _start_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def _print(payload: dict[str, Any]) -> None:
    json.dump(payload, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


def triage_command(args: argparse.Namespace) -> int:
    data = _read_json(args.answers)
    # A full profile is accepted too (its extra fields are validated, not ignored).
    model = Profile if PROFILE_ONLY_FIELDS & data.keys() else Answers
    result = assess(_validate(model, args.answers, data))
    _print(result.model_dump(mode="json"))
    return 0


def _refuse(refused: PlanRefused) -> int:
    """No plan, and what to do instead: the one instruction every output takes (call, never travel,
    for chest pain and faintness; revision 4, item 6)."""
    try:
        current = settings.load()
    except settings.SettingsError:
        current = settings.Settings()  # the refusal must still say what to do
    instr = for_result(refused.result, current)
    print(f"no walking plan: the result is {refused.result.tier}. {instr.action}", file=sys.stderr)
    return EXIT_NO_PLAN


def plan_command(args: argparse.Namespace) -> int:
    data = _read_json(args.profile)
    # Safety first: answers that need care get "no plan" even if the baseline is missing.
    answers = {k: v for k, v in data.items() if k not in PROFILE_ONLY_FIELDS}
    try:
        result = assess(Answers.model_validate(answers))
    except ValidationError:
        result = None  # reported below, with the profile's own field names
    if result is not None and not result.plan_allowed:
        return _refuse(PlanRefused(result))
    profile = _validate(Profile, args.profile, data)
    assert isinstance(profile, Profile)
    try:
        plan = build_plan(profile, args.start)
    except PlanRefused as refused:
        return _refuse(refused)
    _print(plan.model_dump(mode="json", exclude={"profile"}))
    return 0


def parser() -> argparse.ArgumentParser:
    top = _Parser(
        prog="python -m backontrack",
        description="Back on Track: red-flag triage and a two-week walking plan for back pain. "
        "Not a diagnosis; in an emergency call your local emergency number.",
        epilog="Exit status: 0 done; 1 not ready (ready); 2 bad input (one line on stderr naming the "
        "field); 3 no plan, because the result is emergency or urgent.",
    )
    commands = top.add_subparsers(dest="command", required=True, parser_class=_Parser)
    t = commands.add_parser(
        "triage",
        help="decide the tier for a completed questionnaire",
        description="Print the tier, whether a plan is allowed, every reason (id, tier, answer, source) "
        "and education points for yellow flags, as JSON. ANSWERS.json holds age, pain_weeks, "
        "pain_now, an `answers` object with every red-flag item id (yes/no/unsure), and optional "
        "`yellow_flags` (an object), `seen_clinician` (true/false) and `clinician_knew` (the urgent "
        "items answered yes that the clinician knew about, unchanged since; never fever).",
    )
    t.add_argument("answers", type=Path, metavar="ANSWERS.json")
    t.set_defaults(run=triage_command)
    p = commands.add_parser(
        "plan",
        help="build the 14-day walking plan for a profile",
        description="Print the 14-day plan as JSON: each day has day, date, level, walks (required "
        "minutes) and optional (minutes). PROFILE.json is ANSWERS.json plus baseline_minutes (1-10), "
        "baseline_pain (0-10) and optional preferences (walks_per_day 2-6, times_of_day, "
        "balance_concerns, terrain). Exits 3 with no plan for an emergency or urgent result.",
    )
    p.add_argument("profile", type=Path, metavar="PROFILE.json")
    p.add_argument(
        "--start", type=_start_date, default=dt.date.today(), help="first day, YYYY-MM-DD (default: today)"
    )
    p.set_defaults(run=plan_command)
    r = commands.add_parser(
        "ready",
        help="check that the settings and the database can be used (for a kiosk's start-up script)",
        description="Exit 0 and print 'ready' when the BACKONTRACK_* settings are valid and the "
        "database opens and is up to date; otherwise print one line saying what is wrong and exit 1. "
        "Streamlit's /_stcore/health only says the web server is up.",
    )
    r.set_defaults(run=ready_command)
    m = commands.add_parser(
        "migrate",
        help="bring the database's schema up to date (hosted mode: as the owner role)",
        description="Run the schema migrations on BACKONTRACK_MIGRATE_URL (or BACKONTRACK_DATABASE_URL) "
        "and, on PostgreSQL, give the app's role (BACKONTRACK_APP_ROLE) only what it needs. Print the "
        "schema revision and exit 0; otherwise print one line saying what is wrong and exit 1.",
    )
    m.set_defaults(run=migrate_command)
    return top


def _not_ready(problem: object) -> int:
    print(f"not ready: {problem}", file=sys.stderr)
    return EXIT_NOT_READY


def ready_command(args: argparse.Namespace) -> int:
    """Readiness: settings valid, the database usable and at this code's schema, and (PostgreSQL)
    the app connected as a role that row-level security holds (Streamlit's health check cannot know)."""
    try:
        current = settings.load()
        store = Store.from_url(current.resolved_database_url)
        problems = store.role_problems()
    except (settings.SettingsError, StorageError) as exc:
        return _not_ready(exc)
    if problems:
        return _not_ready("; ".join(problems))
    print("ready")
    return 0


def migrate_command(args: argparse.Namespace) -> int:
    """Run the migrations as the owner role (the app's own role may not change the schema)."""
    try:
        current = settings.load()
        revision = migrations.migrate(current.migrate_url or current.resolved_database_url, current.app_role)
    except (settings.SettingsError, StorageError) as exc:
        return _not_ready(exc)
    print(f"migrated: schema {revision}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except BadInput as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # e.g. piped into `head`: not an error worth a traceback
        sys.stderr.close()
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())
