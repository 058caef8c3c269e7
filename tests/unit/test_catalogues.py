"""Issue 27: every message the code marks is in every language's catalogue, translated, with the
same placeholders; the template (messages.pot) is what `make catalogues` would write today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from backontrack import i18n

ROOT = Path(__file__).resolve().parents[2]
METHODS = [
    ("app.py", "python"),
    ("serve.py", "python"),
    ("pages/**.py", "python"),
    ("src/backontrack/**.py", "python"),
]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
LANGUAGES = [code for code in i18n.known() if code not in (i18n.REFERENCE, i18n.PSEUDO)]


def marked() -> dict[str, str | None]:
    """Every message marked in the code: its id, and its plural where it has one."""
    found: dict[str, str | None] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT, METHODS, keywords=KEYWORDS, comment_tags=()
    ):
        if isinstance(message, tuple):
            found[message[0]] = message[1]
        elif message:
            found[message] = None
    return found


def test_catalogue_the_template_holds_every_message_marked_in_the_code() -> None:
    template = read_po((i18n.LOCALES / "messages.pot").open("rb"))
    held = {m.id[0] if isinstance(m.id, tuple) else m.id for m in template if m.id}
    code = marked()
    assert len(code) > 400
    assert sorted(set(code) - held) == [], "run make catalogues"
    assert sorted(held - set(code)) == [], "run make catalogues"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_every_message_is_translated_with_the_same_placeholders(language: str) -> None:
    catalogue = read_po((i18n.LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb"), locale=language)
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        english = list(message.id) if isinstance(message.id, tuple) else [message.id]
        forms = list(message.string) if isinstance(message.string, tuple) else [message.string]
        if message.fuzzy or not all(forms):
            problems.append(f"untranslated: {english[0][:60]}")
            continue
        for number, form in enumerate(forms):  # a singular against the singular, the rest the plural
            wanted = sorted(set(PLACEHOLDER.findall(english[min(number, len(english) - 1)])))
            if sorted(set(PLACEHOLDER.findall(form))) != wanted:
                problems.append(f"placeholders {wanted}: {form[:60]}")
            if form.count("**") != english[0].count("**"):
                problems.append(f"bold: {form[:60]}")
    assert problems == []
    held = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalogue if m.id}
    assert sorted(set(marked()) - held) == []


def test_catalogue_a_message_missing_from_a_catalogue_reads_in_english() -> None:
    with i18n.speaking("es"):
        assert i18n._("A message nobody marked") == "A message nobody marked"
        assert i18n._("Save") != "Save"
