"""Every screen, read as a person reads it: plain words, nothing copied from the seeds, no diagnosis.

The unit tests check the content files; this renders each page in the states
people meet (new, each result, a plan with spikes and a flare, a stopped plan,
worse pain) and checks everything written on them, widget labels included.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from streamlit.testing.v1 import AppTest

from backontrack.store import Store
from backontrack.ui import context
from tests import wording
from tests.app.conftest import APP, TIMEOUT
from tests.app.journeys import complete_check, log_day, make_plan

TODAY = dt.date.today()
PAGES = [f"pages/{name}.py" for name in ("home", "check", "plan", "log", "progress", "data")]
LABELLED = ("button", "number_input", "segmented_control", "toggle", "pills", "text_area", "date_input")


class _Readable(HTMLParser):
    """What a person reads in drawn markup (the progress picture): its words and its labels."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts += [value for name, value in attrs if name in ("aria-label", "alt") and value]

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.parts.append(data.strip())


def readable(text: str) -> list[str]:
    """Markdown as it is read: drawn markup turned into its words, one string per label or text."""
    if not text.lstrip().startswith("<"):
        return [text]
    parser = _Readable()
    parser.feed(text)
    return parser.parts


def screen_text(at: AppTest) -> list[str]:
    """Everything written on the current page, one string per element."""
    written = ("markdown", "title", "header", "subheader", "caption")
    texts = [part for kind in written for e in at.get(kind) for part in readable(str(e.value))]
    texts += [str(e.value) for kind in ("error", "warning", "info", "success") for e in at.get(kind)]
    texts += [e.label for e in at.get("expander")]
    texts += [e.label for kind in LABELLED for e in at.get(kind) if getattr(e, "label", None)]
    texts += [e.help for kind in LABELLED for e in at.get(kind) if getattr(e, "help", None)]
    return texts


def every_page(at: AppTest) -> list[str]:
    texts: list[str] = []
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, page
        texts += screen_text(at)
    return texts


def fresh(app: Callable[[], AppTest], store: Store) -> AppTest:
    """A new person: the one local profile emptied, then a new session."""
    for profile_id in store.profile_ids():
        store.delete_profile(profile_id)
    return app().run()


@pytest.fixture
def shown(app: Callable[[], AppTest], store: Store) -> list[str]:
    """What people read across the app's states (one run of each journey)."""
    texts = every_page(app().run())  # a new person
    at = app().run()
    at.switch_page("pages/check.py").run()
    texts += screen_text(at)
    for answers, extra in [
        ({"saddle_numbness": "unsure", "fever": "unsure"}, {}),
        ({"both_legs": "yes"}, {}),
        ({"below_knee": "yes"}, {"age": 55, "pain_weeks": 0, "pain_now": 8, "yellow": "yes"}),
    ]:
        at = complete_check(fresh(app, store), answers, **extra)  # type: ignore[arg-type]
        texts += screen_text(at) + every_page(at)
    at = complete_check(fresh(app, store))
    make_plan(at, minutes=4, walks_per_day=3, start=TODAY - dt.timedelta(days=13))
    for day, pain in enumerate([3, 6, 6, 3, 3, 4, 7, 7, 7, 3, 3, 5, 6, 7]):
        log_day(at, TODAY - dt.timedelta(days=13 - day), pain=pain, flare=day == 5)
    texts += every_page(at)
    log_day(at, TODAY, pain=6, signs=["sharp_spreading_pain"])
    texts += screen_text(at) + every_page(at)
    return texts


def test_no_screen_names_a_diagnosis(shown: list[str]) -> None:
    assert_plain(shown)


def assert_plain(shown: list[str]) -> None:
    """No diagnosis, each sentence and the whole at a plain reading grade, nothing copied."""
    assert [t for t in shown if wording.DIAGNOSIS_WORDS.search(t)] == []
    hard = {t: round(wording.grade(t), 1) for t in wording.graded(shown)}
    assert {t: g for t, g in hard.items() if g > wording.MAX_GRADE} == {}, "grade above 8"
    together = " ".join(t if t.endswith((".", "?", "!", ":")) else t + "." for t in wording.graded(shown))
    assert wording.grade(together) <= wording.MAX_MEAN_GRADE
    if wording.SEEDS.is_dir():
        assert {t: wording.copied(t) for t in shown if wording.copied(t)} == {}
    else:
        print("!!! shared/seeds is not beside this checkout: the copied-text check did not run")


def test_hosted_welcome_and_trial_screens_read_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hosted mode's own words: the welcome page, sign-in not set up, and the trial's data page
    (a signed-out session never opens the database, so no server is needed here)."""
    monkeypatch.setenv("BACKONTRACK_MODE", "hosted")
    monkeypatch.setenv("BACKONTRACK_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/none")
    context.settings.cache_clear()
    try:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.user = {"is_logged_in": False}
        at.run()
        at.button(key="welcome.sign_in.g0").click().run()
        texts = screen_text(at)
        at.button(key="welcome.try.g0").click().run()
        at.switch_page("pages/data.py").run()
        assert not at.exception
        texts += screen_text(at)
    finally:
        context.settings.cache_clear()
    assert any("Sign in" in t for t in texts)
    assert any("without an account" in t for t in texts)
    assert_plain(texts)
