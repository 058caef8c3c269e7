"""Which language this session reads, the switch that changes it, and the page told its language.

The UI's one seam for languages (issue 27). app.py calls `speak()` at the start of every run,
before anything is drawn, so every `_()` and every content file read in that run is in the
person's language. The language comes from, in order:

1. their choice in this session (the switch);
2. their choice kept with their data (personal mode's profile, a hosted account), read once a
   session;
3. the browser's preferred languages (Accept-Language), except at a kiosk, which starts every
   person in the clinic's language;
4. the install's default, BACKONTRACK_LANGUAGE.

Finish and clear and the idle wipe empty the session, so a kiosk goes back to its default.
"""

from __future__ import annotations

import json
from functools import cache

import streamlit as st

from backontrack import i18n
from backontrack.i18n import N_
from backontrack.ui import context, state

PAGE = "language"
CHOSEN = state.key(PAGE, "chosen")
SWITCH = state.key(PAGE, "switch")
#: Read the kept choice once a session; a later switch updates both.
READ_KEPT = state.key(PAGE, "read_kept")
#: The browser's preferred language among those offered, worked out once a session.
BROWSER = state.key(PAGE, "browser")


def session_language(*, kept: bool = True) -> str:
    """The language this session reads (see the module's docstring for the order); `kept=False`
    leaves out the choice kept with the data, before a sign-in is known to be usable."""
    settings = context.settings()
    offered = settings.offered
    chosen = st.session_state.get(CHOSEN)
    if chosen in offered:
        return str(chosen)
    if kept and context.keeps_language() and not st.session_state.get(READ_KEPT):
        st.session_state[READ_KEPT] = True  # once a session: looking finds the profile, if any
        profile_id = context.profile_id()
        saved = context.store().language(profile_id) if profile_id is not None else None
        if saved in offered:
            st.session_state[CHOSEN] = saved
            return str(saved)
    if context.follows_browser():
        if BROWSER not in st.session_state:  # the browser's languages do not change within a session
            st.session_state[BROWSER] = i18n.negotiate(
                st.context.headers.get("Accept-Language") or "", offered
            )
        asked = st.session_state[BROWSER]
        if asked in offered:
            return str(asked)
    return settings.language


def speak(*, kept: bool = True) -> str:
    """Speak this session's language for the rest of this run; returns it (`kept`: as for
    session_language)."""
    language = session_language(kept=kept)
    i18n.use(language)
    return language


def _chosen() -> None:
    """The switch moved: this session speaks the new language, and keeps it with the person's data."""
    language = st.session_state.get(SWITCH)
    if language not in context.settings().offered:
        return
    st.session_state[CHOSEN] = language
    if context.keeps_language():  # personal mode: a setting of the one local profile, made if need be
        context.store().set_language(context.own_profile(), str(language))


def switch(*, where: str = "menu") -> None:
    """The language switch: each language named in its own words. Nothing when only one is offered."""
    offered = context.settings().offered
    if len(offered) < 2:
        return
    st.session_state[SWITCH] = i18n.current()
    st.segmented_control(
        # Named in every offered language, so a person who reads only one of them finds it.
        " · ".join(dict.fromkeys(_label(code) for code in offered)),
        options=list(offered),
        format_func=lambda code: i18n.NAMES.get(code, code),
        key=SWITCH,
        on_change=_chosen,
        width="stretch" if where == "kiosk" else "content",
    )


def _label(language: str) -> str:
    with i18n.speaking(language):
        return i18n._("Language")


#: The names Streamlit gives its own controls on our screens (for screen readers), and ours.
STREAMLIT_NAMES = {
    "Sidebar": N_("Menu"),
    "Expand sidebar": N_("Show the menu"),
    "Collapse sidebar": N_("Hide the menu"),
    "Open": N_("Open the list"),
    "progress": N_("How far you are"),
    "file upload": N_("Upload"),  # the file picker's own (hidden) input
}


def tell_the_page(language: str) -> None:
    """The page's `<html lang>` set to the language shown, so a screen reader speaks it with the
    right voice (WCAG 3.1.1), and Streamlit's own few words in that language too: it writes
    lang="en" and English words ("Skip to main content", "Upload", "per file") and offers no
    setting for either, nor for the sentence shown when a download fails. The words are swapped by
    the page style where React owns the text (its node stays, hidden, so React never finds its DOM
    changed), with an accessible name to match."""
    # On every run, though the page keeps what it did: an element drawn on one run and not the
    # next moves every element after it, and Streamlit then draws those anew (an open expander
    # closes, a button being pressed is replaced).
    # The style that shows the swapped words is part of the page style (layout.STYLE), drawn on
    # every run anyway: a style in this element would make Streamlit drop the script.
    st.html(_page_script(language), unsafe_allow_javascript=True)


@cache  # the same words for every run in a language: written once per language and process
def _page_script(language: str) -> str:
    """The script that tells the page its language and Streamlit's words in it (tell_the_page)."""
    with i18n.speaking(language):
        words = {
            "skip": i18n._("Skip to main content"),
            "upload": i18n._("Upload"),
            "per_file": i18n._("{size} MB per file").format(size="{size}"),
            # Names Streamlit gives its own controls, read by screen readers (never shown).
            "aria": {english: i18n._(ours) for english, ours in STREAMLIT_NAMES.items()},
            # The file picker's own words: while a file is dragged over it, after a file of a kind
            # it does not take, and the name of its button for another file.
            "drop": i18n._("Drop the file here"),
            "not_allowed": i18n._("This kind of file cannot be used here."),
            "add_file": i18n._("Choose another file"),
            # In place of Streamlit's "Failed to generate file for download", in every language: a
            # download is refused when what the page shows is no longer true (downloads.guarded).
            "download_failed": i18n._(
                "This file could not be made: this page may no longer be up to date. "
                "Reload the page, then try again."
            ),
        }
    code = "en" if language == i18n.PSEUDO else language
    return f"<script>{_SCRIPT % json.dumps({'lang': code, **words})}</script>"


#: Swaps the words in: `window.botWords` is set on each run; one observer for the page's life.
_SCRIPT = """
window.botWords = %s;
document.documentElement.lang = window.botWords.lang;
if (!window.botWordsWatch) {
  const name = (el, words) => {
    el.dataset.botWords = words;
    words ? el.setAttribute("aria-label", words) : el.removeAttribute("aria-label");
  };
  const show = () => {
    const w = window.botWords, english = w.upload === "Upload" && w.lang === "en";
    document.documentElement.lang = w.lang;
    const skip = document.querySelector("[data-testid=stSkipToContent]");
    if (skip) name(skip, english ? "" : w.skip);
    const drop = "[data-testid=stFileUploaderDropzone] button";
    document.querySelectorAll(drop).forEach((b) => name(b, english ? "" : w.upload));
    const failed = "[data-testid=stDownloadButtonError]";
    document.querySelectorAll(failed).forEach((e) => name(e, w.download_failed));
    // The picker's words with no test id: "Drag and drop a file here" (while a file is dragged
    // over), "... files are not allowed." and "add icon" (read by screen readers).
    document.querySelectorAll("[data-testid=stFileUploader] *").forEach((d) => {
      const t = d.children.length ? "" : d.textContent;
      if (/^Drag and drop/.test(t)) name(d, english ? "" : w.drop);
      else if (/files are not allowed\\.$/.test(t)) name(d, english ? "" : w.not_allowed);
      else if (t === "add icon") name(d, english ? "" : w.add_file);
    });
    // Streamlit's names for its own controls, in ours; its "... icon" names on pictures that
    // are not controls say nothing to a listener, so those pictures are left out of what is read.
    document.querySelectorAll("[aria-label]").forEach((e) => {
      const own = e.dataset.botAria || e.getAttribute("aria-label");
      if (Object.hasOwn(w.aria, own)) {
        e.dataset.botAria = own;
        const said = english ? own : w.aria[own];
        if (e.getAttribute("aria-label") !== said) e.setAttribute("aria-label", said);
      } else if (/^[a-z_]+ icon$/.test(own) && !e.closest("button, a, [role=button]")) {
        e.removeAttribute("aria-label");
        e.setAttribute("aria-hidden", "true");
      }
    });
    const sizes = "[data-testid=stFileUploaderDropzoneInstructions] span";
    document.querySelectorAll(sizes).forEach((s) => {
      const size = (s.textContent.match(/([0-9.]+) ?MB/) || [])[1];
      const rest = s.textContent.replace(/^[^\u2022]*/, " ");
      s.dataset.botWords = english || !size ? "" : w.per_file.replace("{size}", size) + rest;
    });
  };
  window.botWordsWatch = new MutationObserver(show);
  window.botWordsWatch.observe(document.body, { childList: true, subtree: true });
  show();
}
"""

#: Our words shown and Streamlit's hidden (kept in place for React). A control is named by its
#: aria-label; other text is hidden from screen readers too (visibility), so only ours is read. The
#: page style holds these rules (layout.STYLE) in every language: a failed download's words are ours
#: in English too.
WORDS_STYLE = """
[data-bot-words]:not([data-bot-words=""]) { font-size: 0 !important; }
[data-bot-words]:not([data-bot-words=""])::after { content: attr(data-bot-words); font-size: 1rem; }
[data-bot-words]:not([data-bot-words=""]):not(a, button) { visibility: hidden; }
[data-bot-words]:not([data-bot-words=""]):not(a, button)::after { visibility: visible; }
[data-testid=stFileUploaderDropzone] button[data-bot-words]:not([data-bot-words=""]) * { display: none; }
[data-testid=stFileUploaderDropzoneInstructions] span[data-bot-words]::after { font-size: 0.875rem; }
"""
