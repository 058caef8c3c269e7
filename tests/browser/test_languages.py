"""Issue 27 in Chromium: the whole journey in Spanish and in the pseudo-language, in each mode.

The pseudo-language turns every catalogued message and every content sentence into accented,
bracketed, longer text (i18n.pseudo). Walking every screen in it, any visible text left outside
the brackets did not come from a catalogue (a string the code forgot to mark, or Streamlit's own
words), and any label the longer text no longer fits shows as cut. The test acts through the
same words the app shows, worked out in this process in the same language (`_()` under
`i18n.speaking`), so it also proves the labels a person sees are the catalogue's.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import Browser, Page, expect

from backontrack import content, i18n
from backontrack.dates import day_long
from backontrack.demo import personas
from backontrack.i18n import _
from backontrack.ui.log_form import RECHECK_LABELS, RECHECK_QUESTION
from backontrack.ui.widgets import LIST_ANSWERS, LIST_QUESTION, MARKS, NONE_OF_THESE, SOME_OF_THESE
from tests.browser.conftest import serve
from tests.browser.helpers import choose, fill_number, progress_picture, wait_for_app

TODAY = dt.date.today()
PSEUDO_SERVER = {
    i18n.PSEUDO_SWITCH: "1",
    "BACKONTRACK_LANGUAGES": f"{i18n.PSEUDO},en",
    "BACKONTRACK_LANGUAGE": i18n.PSEUDO,
}
#: Text nodes that are never words of ours: icons drawn from a font (their text is the icon's
#: name), and Streamlit's own words where the page style shows ours instead (language.py).
NOT_WORDS = (
    "[data-bot-icon], [data-testid=stIconMaterial], [data-testid=stAlertDynamicIcon], "
    "[data-bot-words]:not([data-bot-words='']), [data-testid=stToolbar], [data-testid=stDecoration]"
)
VISIBLE_TEXT = f"""() => {{
    for (const e of document.querySelectorAll('span, i')) {{  // icons: a font draws their names
        if (getComputedStyle(e).fontFamily.includes('Material Symbols')) e.dataset.botIcon = '';
    }}
    const style = document.createElement('style');
    style.textContent = `{NOT_WORDS} {{ display: none !important; }}`;
    document.head.appendChild(style);
    const text = document.body.innerText;
    style.remove();
    return text;
}}"""
CUT = """() => [...document.querySelectorAll(
    '[data-testid=stMain] button, [data-testid=stMain] label, [data-testid=stSidebar] a, '
    + '[data-testid=stMain] [role=radio], [data-testid=stMain] [role=tab]')]
  .filter((e) => e.checkVisibility() && e.scrollWidth > e.clientWidth + 1)
  .map((e) => e.innerText.slice(0, 80))"""


def leaks(page: Page) -> list[str]:
    """Lines of visible text with a word outside the pseudo-language's brackets."""
    text = re.sub(r"⟦.*?⟧", " ", page.evaluate(VISIBLE_TEXT), flags=re.S)
    names = set(i18n.NAMES.values()) | {"Language"}  # the switch names each language in its own words
    words = [w for line in text.splitlines() for w in re.findall(r"[A-Za-z]{3,}", line)]
    return sorted({line.strip() for line in text.splitlines() for w in words if w in line and w not in names})


def audit(page: Page, screen: str, language: str) -> None:
    """In the pseudo-language: nothing uncatalogued, nothing cut; in any: the page says its language."""
    wait_for_app(page)
    expected = "en" if language == i18n.PSEUDO else language
    expect(page.locator("html")).to_have_attribute("lang", expected)
    if language == i18n.PSEUDO:
        assert leaks(page) == [], screen
        assert page.evaluate(CUT) == [], screen


def click(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    wait_for_app(page)


def through_the_check(page: Page, language: str) -> None:
    """Every step of the check, all no, to the result, auditing each step."""
    flags = content.red_flags()
    expect(page.locator("h1")).to_have_text(_("Check your back pain"))
    fill_number(page, _("How old are you?"), 36)
    fill_number(page, _("How many weeks has this bout of back pain lasted?"), 1)
    choose(page, _("How bad is your back pain right now?"), "3")
    audit(page, "check: numbers", language)
    click(page, _("Next"))
    for title in [g.title for g in flags.groups] + [_("How you feel about it")]:
        expect(page.get_by_role("heading", name=title)).to_be_visible()
        wait_for_app(page)
        choose(page, _(LIST_QUESTION), _(LIST_ANSWERS[NONE_OF_THESE]))
        audit(page, f"check: {title}", language)
        click(page, _("See my result") if title == _("How you feel about it") else _("Next"))
    expect(page.get_by_text(flags.tiers["self_care"].title, exact=True)).to_be_visible()
    audit(page, "check: result", language)


def to_the_emergency_step(page: Page, language: str) -> None:
    """The numbers, then a yes on the emergency list: the call-now screen, before any more questions."""
    flags = content.red_flags()
    expect(page.locator("h1")).to_have_text(_("Check your back pain"))
    fill_number(page, _("How old are you?"), 36)
    fill_number(page, _("How many weeks has this bout of back pain lasted?"), 1)
    choose(page, _("How bad is your back pain right now?"), "3")
    click(page, _("Next"))
    emergency = next(g for g in flags.groups if g.id == "emergency")
    expect(page.get_by_role("heading", name=emergency.title)).to_be_visible()
    wait_for_app(page)
    choose(page, _(LIST_QUESTION), _(LIST_ANSWERS[SOME_OF_THESE]))
    first = next(i for i in flags.items if i.tier == "emergency")
    choose(page, first.question, _(MARKS["yes"]))
    click(page, _("Next"))
    expect(page.locator("h1")).to_have_text(flags.tiers["emergency"].title)
    audit(page, "check: emergency", language)


def make_plan(page: Page, language: str) -> None:
    choose(page, _("Minutes you walked"), "10")
    choose(page, _("Your pain before the walk"), "3")
    audit(page, "plan: test walk", language)
    click(page, _("Make my plan"))
    expect(page.get_by_role("heading", name=_("Your plan"), exact=True)).to_be_visible()
    audit(page, "plan", language)


def log_today(page: Page, language: str) -> None:
    box = page.get_by_role("combobox", name=_("Day"), exact=True)
    expect(box).to_have_value(re.compile(re.escape(day_long(TODAY))))
    choose(page, _("Your usual back pain today"), "3")
    fill_number(page, _("Minutes walked today (total)"), 20)
    choose(page, _(RECHECK_QUESTION), _(RECHECK_LABELS[NONE_OF_THESE]))
    audit(page, "log", language)
    click(page, _("Save"))
    saved = _("Saved your log for {day}: pain {pain}/10, {minutes} minutes.").format(
        day=day_long(TODAY), pain=3, minutes=20
    )
    expect(page.get_by_text(saved)).to_be_visible()


def visit(page: Page, path: str, heading: str, language: str) -> None:
    page.goto(path)
    wait_for_app(page)
    expect(page.locator("h1")).to_have_text(heading)
    audit(page, path, language)


# -- Personal mode -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pseudo_personal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("pseudo-personal")
    with serve(data, BACKONTRACK_DATA_DIR=str(data), **PSEUDO_SERVER) as url:
        yield url


@pytest.fixture(scope="module")
def spanish_personal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("spanish-personal")
    with serve(data, BACKONTRACK_DATA_DIR=str(data)) as url:  # the install's default: en, es offered
        yield url


def whole_journey(browser: Browser, url: str, language: str, locale: str) -> None:
    context = browser.new_context(base_url=url, locale=locale, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        with i18n.speaking(language):
            visit(page, "/", _("Back on Track"), language)
            visit(page, "/check", _("Check your back pain"), language)
            through_the_check(page, language)
            visit(page, "/plan", _("Your walking plan"), language)
            make_plan(page, language)
            visit(page, "/log", _("Daily log"), language)
            log_today(page, language)
            visit(page, "/progress", _("Your progress"), language)
            progress_picture(page).wait_for()
            visit(page, "/data", _("Your data"), language)
    finally:
        context.close()


def test_issue_27_every_personal_screen_is_catalogued_and_fits_in_the_pseudo_language(
    browser: Browser, pseudo_personal: str
) -> None:
    whole_journey(browser, pseudo_personal, i18n.PSEUDO, "en-GB")


@pytest.mark.parametrize(("language", "locale"), [(i18n.PSEUDO, "en-GB"), ("es", "es-ES")])
def test_issue_27_the_emergency_screen_is_catalogued_in_the_pseudo_language_and_in_spanish(
    browser: Browser, tmp_path: Path, language: str, locale: str
) -> None:
    """A server of its own: the journeys above leave a check saved, and the check page then shows it."""
    settings = PSEUDO_SERVER if language == i18n.PSEUDO else {}
    with serve(tmp_path, BACKONTRACK_DATA_DIR=str(tmp_path), **settings) as url:
        context = browser.new_context(base_url=url, locale=locale, viewport={"width": 390, "height": 844})
        try:
            page = context.new_page()
            with i18n.speaking(language):
                visit(page, "/check", _("Check your back pain"), language)
                to_the_emergency_step(page, language)
        finally:
            context.close()


def test_issue_27_an_unknown_address_answers_in_the_browsers_language(
    browser: Browser, spanish_personal: str
) -> None:
    context = browser.new_context(base_url=spanish_personal, locale="es-ES")
    try:
        page = context.new_page()
        response = page.goto("/_stcore/nothing-here")
        assert response is not None
        assert response.status == 404
        expect(page.locator("html")).to_have_attribute("lang", "es")
        with i18n.speaking("es"):
            expect(page.get_by_role("heading", name=_("This page does not exist"))).to_be_visible()
    finally:
        context.close()


def test_issue_27_a_spanish_browser_does_the_whole_journey_in_spanish(
    browser: Browser, spanish_personal: str
) -> None:
    whole_journey(browser, spanish_personal, "es", "es-ES")


def test_issue_27_the_language_switch_keeps_the_choice_with_the_persons_data(
    browser: Browser, spanish_personal: str
) -> None:
    """An English browser switches to Español in the menu; a new visit opens in Spanish."""
    context = browser.new_context(base_url=spanish_personal, locale="en-GB")
    try:
        page = context.new_page()
        page.goto("/")
        wait_for_app(page)
        page.get_by_test_id("stSidebar").get_by_text("Español", exact=True).click()
        wait_for_app(page)
        expect(page.locator("html")).to_have_attribute("lang", "es")
        with i18n.speaking("es"):
            expect(page.locator("h1")).to_have_text(_("Back on Track"))
            again = context.new_page()  # a new session: the choice comes from the saved profile
            again.goto("/check")
            wait_for_app(again)
            expect(again.locator("h1")).to_have_text(_("Check your back pain"))
            expect(again.locator("html")).to_have_attribute("lang", "es")
    finally:
        context.close()


# -- Kiosk --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pseudo_kiosk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("pseudo-kiosk")
    with serve(data, BACKONTRACK_MODE="kiosk", BACKONTRACK_DATA_DIR=str(data), **PSEUDO_SERVER) as url:
        yield url


@pytest.fixture(scope="module")
def kiosk_in_english(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("kiosk-languages")
    with serve(data, BACKONTRACK_MODE="kiosk", BACKONTRACK_DATA_DIR=str(data)) as url:
        yield url


def kiosk_visit(browser: Browser, url: str, language: str, locale: str = "en-GB") -> bytes:
    """Start, the check, the plan, and the printout; returns the printout."""
    context = browser.new_context(
        base_url=url, locale=locale, viewport={"width": 1080, "height": 1920}, accept_downloads=True
    )
    try:
        page = context.new_page()
        page.goto("/")
        wait_for_app(page)
        if language != i18n.PSEUDO:  # the clinic's language first; the person taps theirs
            page.get_by_text(i18n.NAMES[language], exact=True).click()
            wait_for_app(page)
        with i18n.speaking(language):
            audit(page, "kiosk: start", language)
            click(page, _("Start"))
            through_the_check(page, language)
            page.get_by_role("link", name=_("Go to your walking plan")).click()
            wait_for_app(page)
            make_plan(page, language)
            page.get_by_role("link", name=_("Take your plan with you")).click()
            expect(page.locator("h1")).to_have_text(_("Take it with you"))
            wait_for_app(page)
            audit(page, "kiosk: take it with you", language)
            with page.expect_download() as event:
                page.get_by_role("button", name=re.compile(re.escape(_("Print my page (PDF)")))).click()
            printout = Path(event.value.path()).read_bytes()
            click(page, _("Finish and clear the screen"))
        return printout
    finally:
        context.close()


def test_issue_27_every_kiosk_screen_is_catalogued_and_fits_in_the_pseudo_language(
    browser: Browser, pseudo_kiosk: str
) -> None:
    kiosk_visit(browser, pseudo_kiosk, i18n.PSEUDO)


def test_issue_27_a_kiosk_visit_in_spanish_prints_spanish_with_every_accent_and_ends_in_english(
    browser: Browser, kiosk_in_english: str
) -> None:
    printout = kiosk_visit(browser, kiosk_in_english, "es")
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(printout)).pages)
    with i18n.speaking("es"):
        assert _("Back on Track: your result and walking plan") in text
        assert _("Your 14-day walking plan, from {date}").split("{")[0].strip() in " ".join(text.split())
    assert all(letter in text for letter in "áéíóñ¿")  # drawn, never replaced
    # The next person starts in the clinic's language.
    context = browser.new_context(base_url=kiosk_in_english, locale="es-ES")
    try:
        page = context.new_page()
        page.goto("/")
        wait_for_app(page)
        expect(page.locator("html")).to_have_attribute("lang", "en")
    finally:
        context.close()


# -- Demo ----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pseudo_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("pseudo-demo")
    with serve(data, BACKONTRACK_MODE="demo", BACKONTRACK_DATA_DIR=str(data), **PSEUDO_SERVER) as url:
        yield url


def test_issue_27_the_demo_people_and_their_screens_are_catalogued_in_the_pseudo_language(
    browser: Browser, pseudo_demo: str
) -> None:
    context = browser.new_context(base_url=pseudo_demo, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto("/")
        wait_for_app(page)
        with i18n.speaking(i18n.PSEUDO):
            audit(page, "demo: people", i18n.PSEUDO)
            first = personas()[0]
            show = _("Show {name}").format(name=first.name.split(",")[0])
            page.get_by_role("button", name=show).first.click()
            wait_for_app(page)
            audit(page, f"demo: {first.id}", i18n.PSEUDO)
    finally:
        context.close()
