"""Home: what Back on Track is and is not, where to start, and where a returning person is today."""

from __future__ import annotations

import streamlit as st

from backontrack import content
from backontrack.i18n import _
from backontrack.streak import streak
from backontrack.ui import context
from backontrack.ui.guards import day_words, emergency_first, instruction_only
from backontrack.ui.layout import page_setup
from backontrack.ui.widgets import instruction_alert, walks_label

page_setup()
journey = context.journey()
emergency_first(journey)
st.title(_("Back on Track"))
st.write(
    _(
        "For most back pain, walking helps. First we ask about signs that need a doctor. "
        "Then you get a two-week walking plan. It starts at a level you can manage, and it "
        "changes as you tell us how you feel."
    )
)
st.warning(
    _("**This is not a diagnosis.** In an emergency, call {number}.").format(
        number=context.settings().emergency_call
    ),
    icon=":material/emergency:",
)
result = journey.governing_result
if result is None:
    st.header(_("Where to start"))
    st.markdown(
        "1. "
        + _("**Check**: your age and pain, then lists of warning signs, about {minutes} minutes.").format(
            minutes=content.red_flags().check.minutes
        )
        + "\n2. "
        + _("**Plan**: a short test walk of up to 10 minutes sets where you start.")
        + "\n3. "
        + _("**Log**: ten seconds a day for pain and minutes walked.")
        + "\n4. "
        + _("**Progress**: see your walking and pain side by side.")
    )
    st.page_link("pages/check.py", label=_("Start the check"), icon=":material/arrow_forward:")
elif not result.plan_allowed:
    instruction_only(journey)
elif journey.showable is None:
    st.success(_("Your check is done, and walking suits you right now."))
    st.page_link("pages/plan.py", label=_("Make your walking plan"), icon=":material/arrow_forward:")
else:
    instr = context.instruction(journey)
    if instr is not None and (instr.tier != "self_care" or instr.origin == "severe_pain"):
        instruction_alert(instr)  # see a GP or physio, or severe pain: the plan's own advice comes first
    adapted = journey.showable
    day = adapted.day_on(journey.today)
    length = content.walking_plan().rules.plan_days
    if day is None:
        st.info(_("Your plan starts on {day}.").format(day=day_words(adapted.plan.start)))
    else:
        if day.day <= length:
            today = _("Today: day {day} of {length}").format(day=day.day, length=length)
        else:
            today = _("Today: day {day}, after the first {length}").format(day=day.day, length=length)
        st.header(today)
        st.markdown(_("**{level}**: {walks}").format(level=day.level_name, walks=walks_label(day.walks)))
        run = context.derived("home.streak", lambda: streak(journey.logged_days(), journey.today))
        if run.sentence:
            st.info(
                run.sentence,
                icon=":material/waving_hand:" if run.welcome_back else ":material/event_available:",
            )
        if not run.logged_today:
            st.page_link("pages/log.py", label=_("Log today"), icon=":material/edit_calendar:")
    st.page_link("pages/plan.py", label=_("See the whole plan"), icon=":material/directions_walk:")
    st.page_link("pages/progress.py", label=_("See your progress"), icon=":material/monitoring:")
