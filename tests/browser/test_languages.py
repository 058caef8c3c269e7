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
from playwright.sync_api import Browser, BrowserContext, Page, expect

from backontrack import content, i18n
from backontrack.dates import day_long
from backontrack.demo import Persona, personas
from backontrack.i18n import N_, _
from backontrack.plan import build_plan
from backontrack.store import Store
from backontrack.triage import assess
from backontrack.ui.log_form import RECHECK_LABELS, RECHECK_QUESTION, SOMETHING_NEW
from backontrack.ui.widgets import LIST_ANSWERS, LIST_QUESTION, MARKS, NONE_OF_THESE, SOME_OF_THESE
from tests.browser.conftest import serve
from tests.browser.helpers import INTERACTIVE, choose, fill_number, progress_picture, wait_for_app
from tests.conftest import make_profile

TODAY = dt.date.today()
PSEUDO_SERVER = {
    i18n.PSEUDO_SWITCH: "1",
    "BACKONTRACK_LANGUAGES": f"{i18n.PSEUDO},en",
    "BACKONTRACK_LANGUAGE": i18n.PSEUDO,
}
#: Text nodes that are never words of ours: icons drawn from a font (their text is the icon's
#: name), the name of a file the person chose, and Streamlit's own words where the page style
#: shows ours instead (language.py).
NOT_WORDS = (
    "[data-bot-icon], [data-testid=stIconMaterial], [data-testid=stAlertDynamicIcon], "
    "[data-testid=stFileChipName], "
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
#: Names a screen reader reads that are not the pseudo-language's (a file's name is the person's).
UNREAD_NAMES = """() => [...document.querySelectorAll('[aria-label]')]
  .filter((e) => e.checkVisibility() && !e.closest('[data-testid=stFileChip]'))
  .map((e) => e.getAttribute('aria-label'))
  .filter((name) => !name.includes('⟦') && !['Pseudo', 'English', 'Español'].includes(name))"""
CUT = """() => [...document.querySelectorAll(
    '[data-testid=stMain] button, [data-testid=stMain] label, [data-testid=stSidebar] a, '
    + '[data-testid=stMain] [role=radio], [data-testid=stMain] [role=tab]')]
  .filter((e) => e.checkVisibility() && e.scrollWidth > e.clientWidth + 1)
  .map((e) => e.innerText.slice(0, 80))"""


def leaks(page: Page) -> list[str]:
    """Lines of visible text with a word outside the pseudo-language's brackets."""
    text, inner = page.evaluate(VISIBLE_TEXT), re.compile(r"⟦[^⟦⟧]*⟧")
    while inner.search(text):  # innermost first: a message holds others ("⟦⟦Sunday 6 December⟧ was⟧")
        text = inner.sub(" ", text)
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
        assert page.evaluate(UNREAD_NAMES) == [], screen
        assert page.evaluate(CUT) == [], screen


def opened(context: BrowserContext, path: str = "/") -> Page:
    """A new tab of `context` at `path`, once the app has drawn it."""
    page = context.new_page()
    page.goto(path)
    wait_for_app(page)
    return page


def tap_language(page: Page, name: str) -> None:
    """The language switch in the menu, tapped as a person does."""
    page.get_by_test_id("stSidebar").get_by_text(name, exact=True).click()
    wait_for_app(page)


def click(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    wait_for_app(page)


def through_the_check(page: Page, language: str, yes: str | None = None) -> None:
    """Every step of the check, all no but `yes` (an urgent or soon sign), to the result, auditing
    each step (the questions about a clinician's check too, where they come)."""
    flags = content.red_flags()
    sign = flags.item(yes) if yes else None
    expect(page.locator("h1")).to_have_text(_("Check your back pain"))
    fill_number(page, _("How old are you?"), 36)
    fill_number(page, _("How many weeks has this bout of back pain lasted?"), 1)
    choose(page, _("How bad is your back pain right now?"), "3")
    audit(page, "check: numbers", language)
    click(page, _("Next"))
    for group_id, title in [(g.id, g.title) for g in flags.groups] + [
        ("feelings", _("How you feel about it"))
    ]:
        expect(page.get_by_role("heading", name=title)).to_be_visible()
        wait_for_app(page)
        if sign is not None and sign.tier == group_id:
            choose(page, _(LIST_QUESTION), _(LIST_ANSWERS[SOME_OF_THESE]))
            choose(page, sign.question, _(MARKS["yes"]))
        else:
            choose(page, _(LIST_QUESTION), _(LIST_ANSWERS[NONE_OF_THESE]))
        audit(page, f"check: {title}", language)
        click(page, _("See my result") if group_id == "feelings" else _("Next"))
        seen = page.get_by_role("heading", name=flags.seen_clinician.step_title)
        if group_id == "urgent" and seen.count():
            audit(page, "check: a clinician's check", language)
            click(page, _("Next"))
    tier = sign.tier if sign is not None else "self_care"
    expect(page.get_by_text(flags.tiers[tier].title, exact=True).first).to_be_visible()
    audit(page, f"check: {tier} result", language)


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
def server_in(factory: pytest.TempPathFactory, name: str, **env: str) -> Iterator[str]:
    """The app with a data folder of its own named `name`, for a module's tests; yields its URL."""
    data = factory.mktemp(name)
    with serve(data, BACKONTRACK_DATA_DIR=str(data), **env) as url:
        yield url


@pytest.fixture(scope="module")
def pseudo_personal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from server_in(tmp_path_factory, "pseudo-personal", **PSEUDO_SERVER)


@pytest.fixture(scope="module")
def spanish_personal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from server_in(tmp_path_factory, "spanish-personal")  # the install's default: en, es offered


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


@pytest.fixture
def pseudo_store(tmp_path: Path) -> Iterator[tuple[str, Store]]:
    """A pseudo-language server of its own, and its database to seed."""
    database_url = f"sqlite:///{tmp_path / 'pseudo.sqlite3'}"
    with serve(tmp_path, BACKONTRACK_DATABASE_URL=database_url, **PSEUDO_SERVER) as url:
        yield url, Store.from_url(database_url)


def test_issue_27_log_conflict_import_stopped_plan_and_urgent_result_are_catalogued_in_the_pseudo_language(
    browser: Browser, pseudo_store: tuple[str, Store], tmp_path: Path
) -> None:
    url, store = pseudo_store
    profile = make_profile()
    profile_id = store.local_profile()
    check = store.save_check(profile_id, profile, assess(profile))
    store.save_plan(profile_id, check.id, build_plan(profile, TODAY - dt.timedelta(days=3)))
    context = browser.new_context(base_url=url, viewport={"width": 390, "height": 844}, accept_downloads=True)
    flags = content.red_flags
    try:
        first, second = context.new_page(), context.new_page()
        with i18n.speaking(i18n.PSEUDO):
            for page in (first, second):
                visit(page, "/log", _("Daily log"), i18n.PSEUDO)
            log_today(first, i18n.PSEUDO)
            # The second tab's form was drawn before that save: saving it shows both versions.
            choose(second, _("Your usual back pain today"), "5")
            fill_number(second, _("Minutes walked today (total)"), 30)
            choose(second, _(RECHECK_QUESTION), _(RECHECK_LABELS[NONE_OF_THESE]))
            click(second, _("Save"))
            expect(second.get_by_role("button", name=_("Save mine instead"))).to_be_visible()
            audit(second, "log: saved in another tab", i18n.PSEUDO)

            visit(first, "/data", _("Your data"), i18n.PSEUDO)
            with first.expect_download() as event:
                first.get_by_role("button", name=_("Save all my data (JSON)")).click()
            mine = tmp_path / "mine.json"
            event.value.save_as(mine)
            upload = first.get_by_test_id("stFileUploaderDropzoneInput")
            upload.set_input_files(mine)
            expect(first.get_by_role("button", name=_("Replace my data with this file"))).to_be_visible()
            audit(first, "data: a file to import", i18n.PSEUDO)
            bad = tmp_path / "not-ours.json"
            bad.write_text('{"format": "something else"}')
            upload.set_input_files(bad)
            expect(
                first.get_by_text(_("Nothing was imported. {problem}").split("{")[0].strip())
            ).to_be_visible()
            audit(first, "data: a file refused", i18n.PSEUDO)
            other = tmp_path / "notes.txt"  # a kind the picker does not take: its own words, swapped
            other.write_text("walked 20 minutes")
            upload.set_input_files(other)
            expect(first.locator("[data-testid=stFileUploader] [role=alert]")).to_have_attribute(
                "data-bot-words", _("This kind of file cannot be used here.")
            )
            audit(first, "data: a kind of file not taken", i18n.PSEUDO)

            # Today's log again, with a sign to get checked today: the plan stops.
            urgent = next(i for i in flags().items if i.tier == "urgent" and i.id != "fever")
            visit(first, "/log", _("Daily log"), i18n.PSEUDO)
            choose(first, _(RECHECK_QUESTION), _(RECHECK_LABELS[SOMETHING_NEW]))
            first.get_by_role("button", name=urgent.sign).click()
            wait_for_app(first)
            click(first, _("Save"))
            expect(first.get_by_text(flags().tiers["urgent"].stopped_title).first).to_be_visible()
            audit(first, "log: the plan stopped", i18n.PSEUDO)
            visit(first, "/plan", _("Your walking plan"), i18n.PSEUDO)

            for profile_id in store.profile_ids():  # a new person: the check with an urgent sign
                store.delete_profile(profile_id)
            fresh = context.new_page()
            visit(fresh, "/check", _("Check your back pain"), i18n.PSEUDO)
            through_the_check(fresh, i18n.PSEUDO, yes=urgent.id)
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
    context = browser.new_context(base_url=spanish_personal, locale="es-ES")
    try:  # The file picker's own words, in Spanish: its button, and while a file is dragged over it.
        page = context.new_page()
        with i18n.speaking("es"):
            visit(page, "/data", _("Your data"), "es")
            zone = page.get_by_test_id("stFileUploaderDropzone")
            expect(zone.get_by_test_id("stBaseButton-secondary")).to_have_attribute(
                "data-bot-words", _("Upload")
            )
            expect(zone.get_by_test_id("stFileUploaderDropzoneInput")).to_have_attribute(
                "aria-label", _("Upload")
            )
            dragged = page.evaluate_handle(
                "() => { const d = new DataTransfer(); d.items.add(new File(['{}'], 'a.json')); return d; }"
            )
            zone.dispatch_event("dragenter", {"dataTransfer": dragged})
            expect(zone.locator("[data-bot-words]", has_text="Drag and drop")).to_have_attribute(
                "data-bot-words", _("Drop the file here")
            )
            assert "Drag and drop" not in zone.aria_snapshot()  # a screen reader reads ours alone
    finally:
        context.close()


def test_issue_27_the_language_switch_keeps_the_choice_with_the_persons_data(
    browser: Browser, spanish_personal: str
) -> None:
    """An English browser switches to Español in the menu; a new visit opens in Spanish."""
    context = browser.new_context(base_url=spanish_personal, locale="en-GB")
    try:
        page = opened(context)
        tap_language(page, "Español")
        expect(page.locator("html")).to_have_attribute("lang", "es")
        with i18n.speaking("es"):
            expect(page.locator("h1")).to_have_text(_("Back on Track"))
            again = opened(context, "/check")  # a new session: the choice comes from the saved profile
            expect(again.locator("h1")).to_have_text(_("Check your back pain"))
            expect(again.locator("html")).to_have_attribute("lang", "es")
    finally:
        context.close()


# -- Kiosk --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pseudo_kiosk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from server_in(tmp_path_factory, "pseudo-kiosk", BACKONTRACK_MODE="kiosk", **PSEUDO_SERVER)


@pytest.fixture(scope="module")
def kiosk_in_english(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from server_in(tmp_path_factory, "kiosk-languages", BACKONTRACK_MODE="kiosk")


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
        expect(opened(context).locator("html")).to_have_attribute("lang", "en")
    finally:
        context.close()


# -- Demo ----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pseudo_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from server_in(tmp_path_factory, "pseudo-demo", BACKONTRACK_MODE="demo", **PSEUDO_SERVER)


#: Demo mode's screens after a person is chosen, by their name in the menu and their heading.
DEMO_SCREENS = [
    (N_("Home"), N_("Back on Track")),
    (N_("Plan"), N_("Your walking plan")),
    (N_("Daily log"), N_("Daily log")),
    (N_("Progress"), N_("Your progress")),
    (N_("Check"), N_("Check your back pain")),
]


def through_the_menu(page: Page, name: str, heading: str, language: str) -> None:
    """To a screen by the menu, as a presenter does: the same session, the same person."""
    page.get_by_test_id("stSidebar").get_by_role("link", name=name, exact=True).click()
    wait_for_app(page)
    expect(page.locator("h1")).to_have_text(heading)
    audit(page, name, language)


def show_persona(page: Page, persona: Persona) -> None:
    either = "|".join(re.escape(_(n)) for n in ("Choose a person", "Choose another person"))
    page.get_by_role("link", name=re.compile(f"^({either})$")).first.click()
    wait_for_app(page)
    page.get_by_role("button", name=_("Show {name}").format(name=persona.name.split(",")[0])).first.click()
    wait_for_app(page)
    expect(page.get_by_test_id("stMain")).to_contain_text(story(persona, 1))


def story(persona: Persona, day: int) -> str:
    """The demo's words for the day shown, from the person's name on (its sentence holds the name)."""
    said = _("**Demo: made-up people, nothing is saved.** Showing **{name}**, day {day} of the story.")
    return said.format(name=persona.name, day=day).replace("**", "").split(persona.name)[1]


def replay(page: Page, language: str, days: int) -> None:
    """The presenter's Next day, `days` times, on the progress page; then Previous day once."""
    sidebar = page.get_by_test_id("stSidebar")
    for _day in range(days):
        sidebar.get_by_role("button", name=_("Next day")).click()
        wait_for_app(page)
    audit(page, f"demo: replayed {days} days", language)
    sidebar.get_by_role("button", name=_("Previous day")).click()
    wait_for_app(page)


def test_issue_27_every_demo_person_screen_and_replay_is_catalogued_in_the_pseudo_language(
    browser: Browser, pseudo_demo: str
) -> None:
    context = browser.new_context(base_url=pseudo_demo, viewport={"width": 1280, "height": 900})
    try:
        page = opened(context)
        with i18n.speaking(i18n.PSEUDO):
            audit(page, "demo: people", i18n.PSEUDO)
            for persona in personas():
                show_persona(page, persona)
                audit(page, f"demo: {persona.id}", i18n.PSEUDO)
                if not page.get_by_test_id("stSidebar").is_visible():
                    continue  # an emergency in the story: its screen alone, with no menu
                for name, heading in DEMO_SCREENS:
                    through_the_menu(page, _(name), _(heading), i18n.PSEUDO)
            show_persona(page, next(p for p in personas() if p.id == "jo"))
            through_the_menu(page, _("Progress"), _("Your progress"), i18n.PSEUDO)
            replay(page, i18n.PSEUDO, 6)  # day 6: Jo's plan drops back, and says why
    finally:
        context.close()


def test_issue_27_a_presenter_switches_the_demo_to_spanish_and_replays_a_persons_days(
    browser: Browser, tmp_path: Path
) -> None:
    """A demo install in English; the presenter taps Español in the menu: people, screens and the
    replay's days and changes read in Spanish, the chart's dates and decimals too."""
    with serve(tmp_path, BACKONTRACK_MODE="demo", BACKONTRACK_DATA_DIR=str(tmp_path)) as url:
        context = browser.new_context(base_url=url, locale="en-GB", viewport={"width": 1280, "height": 900})
        try:
            page = opened(context)
            tap_language(page, "Español")
            with i18n.speaking("es"):
                jo = next(p for p in personas() if p.id == "jo")
                show_persona(page, jo)
                through_the_menu(page, _("Progress"), _("Your progress"), "es")
                sidebar = page.get_by_test_id("stSidebar")
                for day in range(2, 7):
                    sidebar.get_by_role("button", name=_("Next day")).click()
                    wait_for_app(page)
                    expect(page.get_by_test_id("stMain")).to_contain_text(story(jo, day))
                expect(page.locator("html")).to_have_attribute("lang", "es")
                changes = page.get_by_test_id("stAlert").filter(
                    has_text=_("**What changed today:** {changes}").split("{")[0].replace("*", "").strip()
                )
                expect(changes.first).to_be_visible()  # day 6: Jo's second high day, the plan drops back
                # The 7-day average in Spanish, with a decimal comma where it has a decimal.
                average = page.get_by_test_id("stMetricValue").nth(2).inner_text()
                assert "." not in average
                hover_day_in_spanish(page)
        finally:
            context.close()


def hover_day_in_spanish(page: Page) -> None:
    """The interactive chart's hover box names the day in Spanish, as every other output writes it."""
    page.get_by_text(_(INTERACTIVE)).click()
    page.get_by_test_id("stPlotlyChart").locator(".main-svg").first.wait_for()
    plot = page.locator(".js-plotly-plot .nsewdrag").first
    box = plot.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.5)
    title = page.locator(".hoverlayer .legendtitletext")
    expect(title).to_have_text(re.compile(r"^(lunes|martes|miércoles|jueves|viernes|sábado|domingo) \d+ de "))
