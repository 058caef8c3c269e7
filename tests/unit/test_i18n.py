"""Issue 27: the language layer: which language a browser gets, dates and numbers in each language,
the pseudo-language for tests, and the services named by place, never by language."""

from __future__ import annotations

import datetime as dt

import pytest

from backontrack import content, dates, i18n
from backontrack.models import Answers
from backontrack.settings import SettingsError, load

SUNDAY = dt.date(2026, 12, 6)


@pytest.mark.parametrize(
    ("header", "chosen"),
    [
        ("es-ES,es;q=0.9,en;q=0.8", "es"),
        ("es-MX", "es"),
        ("en-GB,en;q=0.9", "en"),
        ("fr-FR,fr;q=0.9,es;q=0.5,en;q=0.4", "es"),  # the first offered one, by weight
        ("en;q=0.2,es;q=0.8", "es"),
        ("fr-FR", None),  # nothing offered: the install's default decides
        ("", None),
        ("es;q=0", None),  # "not Spanish"
        ("es;q=nonsense,en", "en"),
    ],
)
def test_the_browser_language_chooses_among_those_offered(header: str, chosen: str | None) -> None:
    assert i18n.negotiate(header, ("en", "es")) == chosen


def test_english_dates_are_written_as_before_every_day_of_two_years() -> None:
    for offset in range(731):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=offset)
        assert dates.day_long(day) == f"{day:%A} {day.day} {day:%B}"
        assert dates.day_short(day) == f"{day:%a} {day.day} {day:%b}"
        assert dates.date_long(day) == f"{day.day} {day:%B %Y}"
        assert dates.date_short(day) == f"{day:%a} {day.day} {day:%b %Y}"


def test_spanish_dates_are_written_the_spanish_way() -> None:
    with i18n.speaking("es"):
        assert dates.day_long(SUNDAY) == "domingo 6 de diciembre"
        assert dates.date_long(SUNDAY) == "6 de diciembre de 2026"
        assert i18n.write_number(2.5) == "2,5"
    assert dates.day_long(SUNDAY) == "Sunday 6 December"  # and back to English after the block
    assert i18n.write_number(2.5) == "2.5"


def test_the_pseudo_language_changes_every_letter_and_keeps_placeholders_and_icons() -> None:
    text = "Call {emergency_number} now :material/call: **today**"
    shown = i18n.pseudo(text)
    assert shown.startswith("⟦")
    assert shown.endswith("⟧")
    assert "{emergency_number}" in shown
    assert ":material/call:" in shown
    assert "**" in shown
    assert "Call" not in shown  # every word outside the kept parts is changed
    assert len(shown) >= len(text) * 1.2


def test_the_pseudo_language_content_has_the_english_ids_and_every_sentence_changed() -> None:
    english, pseudo = content.red_flags(), content.red_flags(i18n.PSEUDO)
    assert [i.id for i in pseudo.items] == [i.id for i in english.items]
    assert [i.tier for i in pseudo.items] == [i.tier for i in english.items]
    assert all(p.question != e.question for p, e in zip(pseudo.items, english.items, strict=True))


def test_gettext_falls_back_to_the_english_message_and_speaks_the_pseudo_language() -> None:
    assert i18n._("A message no catalogue holds") == "A message no catalogue holds"
    with i18n.speaking("es"):
        assert i18n._("A message no catalogue holds") == "A message no catalogue holds"
    with i18n.speaking(i18n.PSEUDO):
        assert i18n._("Save") != "Save"


def test_services_are_named_by_place_in_each_language_and_an_install_sets_its_own() -> None:
    default = load({})
    assert "999" in default.emergency_call
    with i18n.speaking("es"):
        said = default.emergency_call
        assert "112" in said
        assert "España" in said
        assert "911" in said
        assert "México" in said
        assert "centro de salud" in default.fill("{urgent_advice}")
    clinic = load({"BACKONTRACK_EMERGENCY_NUMBER": "112", "BACKONTRACK_URGENT_ADVICE": "el 061"})
    with i18n.speaking("es"):
        assert clinic.fill("Llame al {emergency_number}; {urgent_advice}") == "Llame al 112; el 061"


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"BACKONTRACK_LANGUAGES": "en,fr"}, "BACKONTRACK_LANGUAGES: no translation for 'fr'"),
        ({"BACKONTRACK_LANGUAGES": "en, es"}, "BACKONTRACK_LANGUAGES: must be language codes"),
        ({"BACKONTRACK_LANGUAGE": "Spanish"}, "BACKONTRACK_LANGUAGE: must be a two-letter language code"),
        (
            {"BACKONTRACK_LANGUAGE": "es", "BACKONTRACK_LANGUAGES": "en"},
            "BACKONTRACK_LANGUAGE: 'es' is not among",
        ),
    ],
)
def test_a_bad_language_setting_names_its_variable(environ: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError, match="^" + named.replace("(", r"\(")):
        load(environ)


def test_languages_offered_default_to_english_and_spanish() -> None:
    assert load({}).offered == ("en", "es")
    assert load({"BACKONTRACK_LANGUAGES": "es,en", "BACKONTRACK_LANGUAGE": "es"}).offered == ("es", "en")


def test_a_check_saved_in_english_reads_in_spanish_with_its_result_as_saved() -> None:
    from backontrack import triage
    from tests.conftest import answers_data

    answers = Answers.model_validate({**answers_data(below_knee="yes", fever="unsure"), "age": 67})
    saved = triage.assess(answers)  # saved in English
    with i18n.speaking("es"):
        shown = triage.reworded(saved, answers)
        spanish = content.red_flags()
        for reason in shown.reasons:
            if reason.id in spanish.item_ids:
                assert reason.why == spanish.reason_for(spanish.item(reason.id), reason.tier)
    assert (shown.tier, [(r.id, r.tier, r.answer) for r in shown.reasons]) == (
        saved.tier,
        [(r.id, r.tier, r.answer) for r in saved.reasons],
    )
    assert [r.why for r in shown.reasons] != [r.why for r in saved.reasons]


@pytest.mark.parametrize("language", [*i18n.DATE_PATTERNS, i18n.PSEUDO])
def test_every_language_writes_every_date_style(language: str) -> None:
    styles = set(i18n.DATE_PATTERNS[i18n.REFERENCE])
    assert set(i18n.DATE_PATTERNS.get(language, i18n.DATE_PATTERNS[i18n.REFERENCE])) == styles
    for style in styles:
        assert i18n.write_date(SUNDAY, style, language).strip()


@pytest.mark.parametrize(
    ("language", "average", "change", "share"),
    [("en", "2.5", "-1.5", "46%"), ("es", "2,5", "-1,5", "46\xa0%"), ("en-XA", "2.5", "-1.5", "46%")],
)
def test_numbers_are_written_with_the_languages_decimal_sign(
    language: str, average: str, change: str, share: str
) -> None:
    assert i18n.write_number(2.46, language=language) == average
    assert i18n.write_number(-1.5, "signed", language=language) == change
    assert i18n.write_number(1.0, "signed", language=language).startswith("+")  # the metric's arrow
    assert i18n.write_number(3.0, "short", language=language) == "3"
    assert i18n.write_share(0.456, language) == share


def test_the_progress_sentence_and_the_clinician_summary_write_spanish_decimals() -> None:
    from backontrack.progress import pain_change

    with i18n.speaking("es"):
        sentence = pain_change(6, 3.46).sentence
    assert "3,5" in sentence
    assert "3.5" not in sentence
    with i18n.speaking("en"):
        assert "3.5" in pain_change(6, 3.46).sentence


@pytest.mark.parametrize(
    ("language", "hover", "months"),
    [
        ("en", "%A %-d %B", ["January", "December"]),
        ("es", "%A %-d de %B", ["enero", "diciembre"]),
    ],
)
def test_the_interactive_chart_writes_its_dates_in_the_language_shown(
    language: str, hover: str, months: list[str]
) -> None:
    """Plotly knows English alone: the chart gets the language's names, and its hover box the day as
    every other output writes it (checked in Chromium by test_languages.py)."""
    from backontrack.charts import plotly_config

    config = plotly_config(language)
    words = config["locales"][language]["format"]  # type: ignore[index]
    assert config["locale"] == language
    assert config["displayModeBar"] is False
    assert [words["months"][0], words["months"][11]] == months
    assert len(words["days"]) == 7
    assert words["decimal"] == i18n.write_number(0.5, language=language)[1]
    assert i18n.d3_date_pattern("day_long", language) == hover
    with i18n.speaking(language):
        written = i18n.write_date(SUNDAY, "day_long")
    assert written.split()[0] == words["days"][0]  # 6 December 2026 is a Sunday: d3's first day


@pytest.mark.parametrize(
    ("environ", "english", "spanish"),
    [
        ({"BACKONTRACK_SESSION_HOURS": "abc"}, "must be a whole number", "número entero"),
        ({"BACKONTRACK_SESSION_HOURS": "0"}, "must be 1 or more", "1 o más"),
        ({"BACKONTRACK_KIOSK_IDLE_SECONDS": "9999"}, "must be 3600 or less", "3600 o menos"),
        ({"BACKONTRACK_MODE": "clinic"}, "must be one of personal, kiosk, demo, hosted", "personal, kiosk"),
        ({"BACKONTRACK_CRISIS_LINE": "ab"}, "must be at least 3 characters long", "3 caracteres"),
    ],
)
def test_a_bad_setting_is_named_in_the_language_spoken_never_in_pydantics_words(
    environ: dict[str, str], english: str, spanish: str
) -> None:
    """Pydantic words its problems in English ("Input should be ..."): each setting's problem is
    ours, translated, with the variable's name as it is."""
    name, value = next(iter(environ.items()))
    for language, words in (("en", english), ("es", spanish)):
        with i18n.speaking(language), pytest.raises(SettingsError) as caught:
            load(environ)
        message = str(caught.value)
        assert message.startswith(f"{name}: ")
        assert words in message
        assert repr(value) in message
        assert "Input should" not in message


def test_the_pages_language_script_has_no_markup_in_it() -> None:
    """A "<type>" in a comment of the script that swaps Streamlit's words made Streamlit's HTML
    element drop the whole script: the page stayed lang="en" with every English word."""
    from backontrack.ui import language

    assert "<" not in language._SCRIPT
    assert "<" not in language.WORDS_STYLE


def test_a_date_pattern_reaches_the_chart_with_its_literals_kept_and_an_unknown_field_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    patterns = dict(i18n.DATE_PATTERNS)
    patterns["xx"] = {"day_long": "d ''MMM'' '100%'", "day_short": "EEE d LLL"}
    monkeypatch.setattr(i18n, "DATE_PATTERNS", patterns)
    assert i18n.d3_date_pattern("day_long", "xx") == "%-d '%b' 100%%"
    with pytest.raises(ValueError, match="no d3 field for 'L'"):
        i18n.d3_date_pattern("day_short", "xx")
