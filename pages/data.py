"""Your data: where it is kept; take it with you (summary, export, CSV, reminders); bring it back; delete."""

from __future__ import annotations

import streamlit as st

from backontrack import records
from backontrack.dates import date_long
from backontrack.i18n import _
from backontrack.records import Contents, ImportProblem
from backontrack.ui import context, state
from backontrack.ui.downloads import data_downloads, reminders_download
from backontrack.ui.guards import emergency_first
from backontrack.ui.layout import escape_markdown, page_setup

PAGE = "data"
#: Streamlit's own limit sits above the app's, so a file just over it gets the app's plain message.
MAX_MB = records.MAX_BYTES // 1024 // 1024 + 2


def import_section() -> None:
    """Read a file from 'Save all my data' back in: checked whole first, then written in one go."""
    st.header(_("Bring your data back"))
    st.write(
        _(
            "Choose a file that 'Save all my data' made, on this computer or another one. "
            "Nothing changes until you say so."
        )
    )
    upload = st.file_uploader(
        _("Your Back on Track file (.json)"),
        type=["json"],
        max_upload_size=MAX_MB,
        key=state.key(PAGE, "file"),
    )
    if context.offers_take_home_import():
        st.caption(
            _("Have the text from a clinic's QR code? Paste it on the Plan page, under 'Continue at home'.")
        )
    if upload is None:
        return
    try:
        contents = records.read_export(upload.getvalue(), context.today())
    except ImportProblem as exc:
        st.error(  # the problem as written
            _("Nothing was imported. {problem}").format(problem=escape_markdown(str(exc))),
            icon=":material/error:",
        )
        return
    saved = contents.exported
    st.write(
        _("This file holds {summary}. It was saved on {date}.").format(
            summary=contents.summary, date=date_long(saved)
        )
    )
    profile_id = context.profile_id()
    current = context.store().snapshot(profile_id) if profile_id is not None else None
    if current is None or current.empty:
        if st.button(_("Import this file"), type="primary", key=state.key(PAGE, "import")):
            bring_back(contents)
        return
    if records.same_records(current, contents.snapshot):
        st.info(_("This file holds just what is here already, so there is nothing to change."))
        return
    st.warning(
        _(
            "Importing this file replaces everything here: every check, plan and daily log in the app now. "
            "This cannot be undone. To keep what is here, save all your data first (above)."
        ),
        icon=":material/warning:",
    )
    sure = st.checkbox(
        _("I understand that this replaces all my data here"), key=state.key(PAGE, "replace_sure")
    )
    if st.button(
        _("Replace my data with this file"), type="primary", disabled=not sure, key=state.key(PAGE, "replace")
    ):
        bring_back(contents)


def bring_back(contents: Contents) -> None:
    """Write the file's records in one transaction, then start the session afresh on them."""
    records.import_into(context.store(), contents, context.own_profile())
    context.audit("import")
    state.wipe()  # answers in progress and forms belong to the data that was replaced
    state.put(PAGE, "imported", contents.summary)
    st.rerun()


page_setup()
journey = context.journey()
# An emergency leads this screen too, but a stop never locks a person's data away (revision 4):
# the summary, the export and "delete everything" follow beneath the instruction.
emergency_first(journey, then_data=True)
emergency = journey.governing_result is not None and journey.governing_result.tier == "emergency"
(st.header if emergency else st.title)(_("Your data"))  # under an emergency, its instruction is the heading
st.write(context.where_data_is_kept())
if state.get(PAGE, "deleted"):
    st.success(_("All your data has been deleted."), icon=":material/check_circle:")
    state.drop(PAGE, "deleted")
if imported := state.get(PAGE, "imported"):
    st.success(_("Your data is back: {summary}.").format(summary=imported), icon=":material/check_circle:")
    state.drop(PAGE, "imported")
st.header(_("Take your data with you"))
data_downloads(journey)
reminders_download(journey)
import_section()
deleting = _("Delete my account") if context.has_account() else _("Delete all my data")
st.header(deleting)
st.write(
    _(
        "This deletes your Back on Track account and every check, plan and daily log in it, then signs "
        "you out. It cannot be undone. The account you sign in with stays as it is."
    )
    if context.has_account()
    else _("This removes every check, plan and daily log. It cannot be undone.")
)
sure = st.checkbox(_("I understand that this deletes everything for good"), key=state.key(PAGE, "sure"))
if st.button(deleting, type="primary", disabled=not sure, key=state.key(PAGE, "delete")):
    context.delete_my_data()
    state.wipe()
    state.put(PAGE, "deleted", True)
    st.rerun()
