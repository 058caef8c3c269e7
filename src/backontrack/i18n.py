"""The language a person reads: which one, and the words, dates and numbers that depend on it.

Two kinds of words are translated, each where a translator and a reviewer can find them:

- the clinical content (questions, reasons, instructions, plan notes): one folder of TOML files
  per language under content/, checked against the English at load (content/loader.py);
- everything else a person reads (buttons, headings, messages): gettext catalogues managed with
  Babel, `locales/<language>/LC_MESSAGES/messages.po`, marked in the code with `_("...")`.

The language of the run in progress is a context variable (`speaking`), set once per script run by
the UI and carried into a download's worker thread with the file it makes, so the core's functions
that write sentences need no language argument threaded through every call. Dates and numbers are
written by Babel in the language's own way, never by hand.

A pseudo-language (`PSEUDO`) exists only for tests: each English message comes back accented,
bracketed and about a third longer, so a test can see any text that bypassed the catalogues and any
label that no longer fits.
"""

from __future__ import annotations

import datetime as dt
import gettext as gettext_module
import io
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol

from backontrack.http_headers import weighted

#: The language every other is translated from; its catalogue is the code itself.
REFERENCE = "en"
#: Each language's name in its own words, as the switch offers it.
NAMES = {"en": "English", "es": "Español", "en-XA": "Pseudo"}
#: The test-only pseudo-language (a private-use tag, never offered to people).
PSEUDO = "en-XA"
LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"

_current: ContextVar[str] = ContextVar("backontrack_language", default=REFERENCE)


#: Set to 1 by the tests that walk every screen in the pseudo-language; never by an install.
PSEUDO_SWITCH = "BACKONTRACK_PSEUDO_LANGUAGE"


@cache
def known() -> tuple[str, ...]:
    """Every language with a catalogue (English always), in the order the switch shows them; the
    pseudo-language too where a test asked for it."""
    found = sorted(p.parent.parent.name for p in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    pseudo = (PSEUDO,) if os.environ.get(PSEUDO_SWITCH) == "1" else ()
    return (REFERENCE, *(code for code in found if code != REFERENCE), *pseudo)


def current() -> str:
    """The language of the run in progress."""
    return _current.get()


def use(language: str) -> None:
    """Speak `language` for the rest of this thread's run (the UI calls it first in every run: each
    run of a session's script has a thread of its own)."""
    _current.set(language)


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Everything written inside this block is in `language`."""
    token = _current.set(language)
    try:
        yield
    finally:
        _current.reset(token)


def negotiate(accept_language: str, offered: Sequence[str]) -> str | None:
    """The first of the browser's preferred languages (its Accept-Language header) that is offered."""
    wanted = [
        (tag.replace("_", "-").lower(), weight) for tag, weight in weighted(accept_language) if weight > 0
    ]
    for tag, _weight in sorted(wanted, key=lambda pair: -pair[1]):  # a stable sort keeps the header's order
        for code in offered:
            if tag == code.lower() or tag.split("-")[0] == code.lower().split("-")[0]:
                return code
    return None


@cache
def translations(language: str) -> gettext_module.NullTranslations:
    """The catalogue of `language`, read once per process: the compiled .mo when it is at least as
    new as its .po (`make` compiles them), else the .po itself."""
    if language in (REFERENCE, PSEUDO):
        return gettext_module.NullTranslations()
    folder = LOCALES / language / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return gettext_module.GNUTranslations(handle)
    if not po.is_file():
        raise LookupError(f"no catalogue for language {language!r} ({po})")
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext_module.GNUTranslations(buffer)


def _(message: str) -> str:
    """`message` in the current language (itself in English, and where a catalogue lacks it)."""
    language = current()
    if language == PSEUDO:
        return pseudo(message)
    return translations(language).gettext(message)


def N_(message: str) -> str:  # noqa: N802 (gettext's own name for it)
    """Marks a message for the catalogue where it is defined (a constant), unchanged: translate it
    where it is shown, with `_(CONSTANT)`."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for `count`, in the current language."""
    language = current()
    if language == PSEUDO:
        return pseudo(singular if count == 1 else plural)
    return translations(language).ngettext(singular, plural, count)


_ACCENTED = str.maketrans("AaCcEeIiNnOoUuYy", "ÅåÇçÉéÎîÑñÖöÛûÝý")
_KEPT = re.compile(r"(\{[^}]*\}|:material/[a-z_]+:|\*\*|`[^`]*`)")


def pseudo(text: str) -> str:
    """The pseudo-language: letters accented, about 30% longer, in ⟦brackets⟧; placeholders, icons
    and markup kept as they are, so the text still works where it is used."""
    if not text.strip():
        return text
    parts = _KEPT.split(text)
    changed = "".join(part if _KEPT.fullmatch(part) else part.translate(_ACCENTED) for part in parts)
    letters = sum(c.isalpha() for c in text)
    return f"⟦{changed}{'·' * max(1, round(letters * 0.3))}⟧"


@cache
def _locale(language: str) -> Locale:
    try:
        return Locale.parse((REFERENCE if language == PSEUDO else language).replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(REFERENCE)


#: How each language writes a date (CLDR patterns; English keeps "Sunday 6 December", as before).
DATE_PATTERNS = {
    "en": {
        "day_long": "EEEE d MMMM",
        "day_short": "EEE d MMM",
        "date_long": "d MMMM y",
        "date_short": "EEE d MMM y",
        "day_month": "d MMM",
    },
    "es": {
        "day_long": "EEEE d 'de' MMMM",
        "day_short": "EEE d MMM",
        "date_long": "d 'de' MMMM 'de' y",
        "date_short": "EEE d MMM y",
        "day_month": "d MMM",
    },
}


def write_date(date: dt.date, style: str, language: str | None = None) -> str:
    """`date` in one of the app's styles (dates.py), in the current language."""
    return _written(date, style, language or current())


@lru_cache(maxsize=8192)  # the same few hundred days on every rerun: Babel once for each
def _written(date: dt.date, style: str, code: str) -> str:
    patterns = DATE_PATTERNS.get(code.split("-")[0], DATE_PATTERNS[REFERENCE])
    written = format_date(date, patterns[style], locale=_locale(code))
    return pseudo(written) if code == PSEUDO else written


@cache
def calendar_words(language: str) -> dict[str, list[str] | str]:
    """The day and month names and number signs of a language, in the shape d3 (and so Plotly) reads
    a locale's `format`: weeks start on Sunday there. Plotly knows English alone without them."""
    locale = _locale(language)
    mark = pseudo if language == PSEUDO else str
    days, months = locale.days["format"], locale.months["format"]
    week = [6, 0, 1, 2, 3, 4, 5]
    return {
        "days": [mark(days["wide"][d]) for d in week],
        "shortDays": [mark(days["abbreviated"][d]) for d in week],
        "months": [mark(months["wide"][m]) for m in range(1, 13)],
        "shortMonths": [mark(months["abbreviated"][m]) for m in range(1, 13)],
        "decimal": get_decimal_symbol(locale),
        "thousands": get_group_symbol(locale),
    }


#: The d3-time-format directive for each CLDR date field the app's patterns use.
_D3_FIELDS = {"EEEE": "%A", "EEE": "%a", "MMMM": "%B", "MMM": "%b", "d": "%-d", "y": "%Y"}


def d3_date_pattern(style: str, language: str | None = None) -> str:
    """One of the app's date styles as d3 (and so Plotly) writes it: "EEEE d 'de' MMMM" is
    "%A %-d de %B", so a chart writes a day as every other output does."""
    code = language or current()
    pattern = DATE_PATTERNS.get(code.split("-")[0], DATE_PATTERNS[REFERENCE])[style]
    written = []
    for quoted, field, other in re.findall(r"'([^']*)'|(E{3,4}|M{3,4}|d|y)|(.)", pattern):
        if other.isalpha():  # a field d3 is not given here would be written as its letters
            raise ValueError(f"DATE_PATTERNS[{code!r}][{style!r}]: no d3 field for {other!r}")
        written.append(_D3_FIELDS[field] if field else (quoted or other or "'").replace("%", "%%"))
    return "".join(written)


#: How the app writes a number (CLDR patterns: the language gives the decimal sign).
NUMBER_PATTERNS = {
    "one_place": "0.0",  # a 7-day average pain, 2.5
    "signed": "+0.0;-0.0",  # a change since the start, +1.5 or -2.0
    "short": "0.#",  # a pain score that may be whole, 3 or 2.5
}


def write_number(value: float, style: str = "one_place", language: str | None = None) -> str:
    """A number in one of the app's styles as the language writes it ("2.5" in English, "2,5" in
    Spanish)."""
    return format_decimal(value, format=NUMBER_PATTERNS[style], locale=_locale(language or current()))


def write_share(share: float, language: str | None = None) -> str:
    """A share as a whole percentage as the language writes it ("46%" in English, "46 %" in
    Spanish, with a space that does not break)."""
    return format_percent(share, locale=_locale(language or current()))
