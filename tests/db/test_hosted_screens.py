"""Hosted mode's screens on a real PostgreSQL (AppTest; issue 18): a signed-out visitor sees
only the welcome page, a signed-in person only their own data, an old session is signed out."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from backontrack.store import Store
from backontrack.ui import context, language
from deploy import postgres
from tests.app.conftest import APP, TIMEOUT
from tests.conftest import log, saved_plan_for

ISSUER = "https://id.example.test"


@pytest.fixture
def hosted(cluster: postgres.Cluster, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setenv("BACKONTRACK_MODE", "hosted")
    monkeypatch.setenv("BACKONTRACK_DATABASE_URL", cluster.app_url)
    monkeypatch.setenv("BACKONTRACK_SESSION_HOURS", "12")
    context.settings.cache_clear()
    yield Store.from_url(cluster.app_url)
    context.settings.cache_clear()


def signed_in(subject: str, hours_ago: float = 0.1, **claims: Any) -> Callable[[], AppTest]:
    def make() -> AppTest:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.user = {
            "is_logged_in": True,
            "iss": ISSUER,
            "sub": subject,
            "email": "same@example.test",  # two people, one email: the account is never keyed on it
            "iat": int(time.time() - hours_ago * 3600),
        } | claims
        return at

    return make


def text_of(at: AppTest) -> str:
    return " ".join(str(m.value) for m in [*at.markdown, *at.title, *at.header, *at.subheader, *at.caption])


def test_a_signed_out_visitor_gets_only_the_welcome_page_and_no_data(hosted: Store) -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.user = {"is_logged_in": False}
    at.run()
    assert not at.exception
    labels = [b.label for b in at.button]
    assert labels[:2] == ["Sign in", "Try it without an account"]
    assert "In an emergency, call" in " ".join(w.value for w in at.warning)
    assert [p.label for p in at.sidebar.get("page_link")] == ["Welcome"]  # no personal screen to open
    assert context.PROFILE_KEY not in at.session_state


def test_each_signed_in_person_sees_only_their_own_data(hosted: Store) -> None:
    eve, fay = hosted.sign_in(ISSUER, "eve"), hosted.sign_in(ISSUER, "fay")
    today = dt.date.today()
    for person, minutes in ((eve, 11), (fay, 29)):
        saved_plan_for(hosted, person, today)
        hosted.upsert_log(person, log(1, 3, minutes, start=today))
    for subject, mine, theirs in (("eve", 11, 29), ("fay", 29, 11)):
        at = signed_in(subject)()
        at.run()
        assert not at.exception
        assert [b.label for b in at.sidebar.button] == ["Sign out"]  # drawn by the router
        at.switch_page("pages/log.py").run()
        shown = text_of(at)
        assert f"{mine} minutes" in shown or str(mine) in [t.value for t in at.text_input]
        assert f"{theirs} minutes" not in shown
        assert at.session_state[context.PROFILE_KEY] == (eve if subject == "eve" else fay)


def test_a_session_older_than_the_session_hours_is_signed_out(hosted: Store) -> None:
    at = signed_in("gus", hours_ago=12.5)()
    at.run()
    assert not at.exception
    assert at.user == {"is_logged_in": False}
    assert not at.button  # nothing of theirs drawn: the browser is on its way to /auth/logout
    at.run()  # back from signing out
    assert [b.label for b in at.button][:1] == ["Sign in"]
    fresh = signed_in("gus", hours_ago=11.5)()
    fresh.run()
    assert fresh.user["is_logged_in"] is True


def test_a_session_with_no_sign_in_time_is_signed_out(hosted: Store) -> None:
    at = signed_in("hal")()
    at.user = {k: v for k, v in at.user.items() if k != "iat"}
    at.run()
    assert at.user == {"is_logged_in": False}


def test_delete_my_account_removes_every_row_and_signs_out(hosted: Store) -> None:
    at = signed_in("ivy")()
    at.run()
    pid = at.session_state[context.PROFILE_KEY]
    saved_plan_for(hosted, pid, dt.date.today())
    at.switch_page("pages/data.py").run()
    at.checkbox(key="data.sure.g0").check().run()
    at.button(key="data.delete.g0").click().run()
    assert not at.exception
    assert hosted.count_rows(pid) == 0
    assert at.user == {"is_logged_in": False}


def test_trying_it_without_an_account_keeps_nothing_in_the_database(
    hosted: Store, cluster: postgres.Cluster
) -> None:
    before = cluster.psql("SELECT count(*) FROM profiles", database=postgres.DATABASE)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.user = {"is_logged_in": False}
    at.run()
    at.button(key="welcome.try.g0").click().run()
    assert not at.exception
    assert "Where to start" in [h.value for h in at.header]  # on to Home
    at.switch_page("pages/data.py").run()
    assert "nothing is kept when you close or reload this tab" in text_of(at)
    assert cluster.psql("SELECT count(*) FROM profiles", database=postgres.DATABASE) == before


def test_sign_in_on_a_server_with_no_provider_set_up_says_so_plainly(hosted: Store) -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.user = {"is_logged_in": False}
    at.run()
    at.button(key="welcome.sign_in.g0").click().run()
    assert not at.exception
    assert "Signing in does not work here yet" in at.error[0].value


@pytest.mark.parametrize("subject", ["x" * 3000, "ali\x00ce"], ids=["too long", "a NUL byte"])
def test_issue_25_an_identity_no_account_can_be_keyed_on_is_refused_in_words_and_signs_out(
    hosted: Store, subject: str
) -> None:
    """Over 255 characters went to the provider's page with no word of why; a NUL byte gave "cannot
    reach its data (DataError)" on every screen, and Sign out did nothing."""
    at = signed_in(subject)()
    at.run()
    assert not at.exception
    assert "Signing in did not work" in at.error[0].value
    assert "cannot reach its data" not in at.error[0].value
    at.button(key="account.refused_sign_out").click().run()
    assert at.user == {"is_logged_in": False}


def test_issue_27_a_refused_sign_in_is_told_in_the_language_chosen(hosted: Store) -> None:
    """The refusal was drawn before the language was known, so it was always English."""
    at = signed_in("ali\x00ce")()
    at.session_state[language.CHOSEN] = "es"
    at.run()
    assert not at.exception
    assert "No se pudo entrar" in at.error[0].value
    assert at.button(key="account.refused_sign_out").label == "Salir"
