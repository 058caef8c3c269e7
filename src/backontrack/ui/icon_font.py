"""Streamlit's icon font, cut down to the icons that can appear: 366 KB becomes about 16 KB.

Every ":material/name:" icon, the app's and Streamlit's own, is a ligature in one font file,
Material Symbols Rounded, which holds about 4,000 icons. Any page with one icon downloads all of
it, and on a slow mobile link those 366 KB cost about 2 seconds before anything is painted
(Lighthouse, issue 26). The icons that can appear are the ones named in the app's files and in
Streamlit's own code, about 150, so serve.py serves a copy of the font with only those (and the
letters their names are spelt with), cut with fontTools, the library fpdf2 already brings.

The copy is served at the font's own address, but revalidated on each visit (no-cache with an
ETag) instead of cached for a year, so a later version that names a new icon is never shown
with an older copy. An icon missing from the copy would show its name as text:
tests/browser/test_compression.py checks every icon on every screen is drawn as one glyph.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

#: How the app names an icon (":material/directions_walk:"), and how Streamlit's frontend does
#: ("material/expand_more", in its JavaScript).
APP_ICON = re.compile(r":material/([a-z0-9_]+):")
FRONTEND_ICON = re.compile(r"material/([a-z0-9_]+)")
#: The font's own file name in Streamlit's static folder (its hash part changes between versions).
FONT_GLOB = "MaterialSymbols-Rounded.*.woff2"
#: The characters an icon's name is spelt with: a ligature needs them in the font.
SPELLING = "abcdefghijklmnopqrstuvwxyz0123456789_ "


def font_file(static_root: Path) -> Path | None:
    """The icon font in Streamlit's static folder, if this Streamlit has one."""
    found = sorted(static_root.rglob(FONT_GLOB))
    return found[0] if found else None


def named_icons(sources: Iterable[Path], static_root: Path, streamlit_root: Path) -> frozenset[str]:
    """Every icon name that can reach a page: in the app's files (`sources`: files and folders of
    .py, .yaml, .json and .toml), in Streamlit's Python code, and in its frontend's JavaScript."""
    names: set[str] = set()
    for source in sources:
        files = [source] if source.is_file() else [p for p in source.rglob("*") if p.is_file()]
        for path in files:
            if path.suffix in (".py", ".yaml", ".yml", ".json", ".toml"):
                names |= set(APP_ICON.findall(path.read_text(errors="ignore")))
    for path in streamlit_root.rglob("*.py"):
        names |= set(APP_ICON.findall(path.read_text(errors="ignore")))
    for path in static_root.rglob("*.js"):
        names |= set(FRONTEND_ICON.findall(path.read_text(errors="ignore")))
    return frozenset(names)


def _ligatures(font: TTFont) -> dict[tuple[str, ...], str]:
    """{glyphs spelling a name: the icon's glyph}, from the font's ligature substitutions."""
    found: dict[tuple[str, ...], str] = {}
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            table = getattr(table, "ExtSubTable", table)  # an extension lookup wraps the real one
            for first, ligatures in (getattr(table, "ligatures", None) or {}).items():
                for ligature in ligatures:
                    found[(first, *ligature.Component)] = ligature.LigGlyph
    return found


def icon_glyphs(font: TTFont, names: Iterable[str]) -> dict[str, str]:
    """{icon name: its glyph} for the names the font has (the rest are not icons: skipped)."""
    characters = font.getBestCmap()
    ligatures = _ligatures(font)
    glyphs: dict[str, str] = {}
    for name in names:
        if all(ord(c) in characters for c in name):
            glyph = ligatures.get(tuple(characters[ord(c)] for c in name))
            if glyph is not None:
                glyphs[name] = glyph
    return glyphs


def trimmed(font_bytes: bytes, names: Iterable[str]) -> bytes:
    """The font (WOFF2) with only the icons named, and the letters that spell them.

    Layout closure is off: with it on, fontTools would keep every ligature its letters can
    spell, which is every icon."""
    font = TTFont(io.BytesIO(font_bytes))
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.layout_closure = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    cutter = subset.Subsetter(options)
    cutter.populate(glyphs=sorted(set(icon_glyphs(font, names).values())), unicodes=map(ord, SPELLING))
    cutter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()
