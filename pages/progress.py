"""Progress: target against walked minutes, the pain trend, and what changed in the plan and why."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from backontrack.chart_svg import progress_svg
from backontrack.charts import alt_text, plotly_config, progress_figure
from backontrack.i18n import N_, _, write_number, write_share
from backontrack.progress import summarise
from backontrack.ui import context, state
from backontrack.ui.guards import emergency_first, plan_or_instruction
from backontrack.ui.layout import page_setup
from backontrack.ui.widgets import adjustment_list, drawn_picture, instruction_alert, plain_table

PAGE = "progress"

page_setup()
journey = context.journey()
emergency_first(journey)
st.title(_("Your progress"))
#: The chart opens on the last four weeks; "Everything" shows every day since the plan began.
RECENT_DAYS = 28
RANGES = {"recent": N_("Last 4 weeks"), "all": N_("Everything")}
INTERACTIVE = state.key(PAGE, "interactive")


def shown_rows(frame: pd.DataFrame, today: dt.date, span: str) -> pd.DataFrame:
    """The days the chart and table show: the last four weeks (and the plan days still ahead), or all."""
    if span == "all":
        return frame
    return frame[frame["date"] > pd.Timestamp(today - dt.timedelta(days=RECENT_DAYS))]


def number_table(rows: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """The chart's days up to today as numbers, for anyone who reads a table better than a chart."""
    names = {"date": _("Date"), "target_minutes": _("Target"), "minutes": _("Walked"), "pain": _("Pain")}
    names["flare"] = _("Flare")
    return rows[rows["date"] <= pd.Timestamp(today)][list(names)].rename(columns=names)


if plan_or_instruction(journey):
    adapted = journey.showable
    # Derived once per change of the data, then reused on every rerun (ui/context.py).
    frame = journey.progress_frame() if adapted else None
    if adapted is None or frame is None:
        st.info(_("Make your walking plan first. Then log each day, and your progress shows here."))
        st.page_link("pages/plan.py", label=_("Make my plan"), icon=":material/directions_walk:")
    elif not frame["logged"].any():
        st.info(_("Nothing logged yet. Log your first day and your chart starts here."))
        st.page_link("pages/log.py", label=_("Log today"), icon=":material/edit_calendar:")
    else:
        summary = context.derived(f"{PAGE}.summary", lambda: summarise(frame, adapted))
        baseline = adapted.plan.profile.baseline_pain
        days, adherence, pain = st.columns(3)
        days.metric(
            _("Days logged"),
            _("{logged} of {days}").format(logged=summary.days_logged, days=summary.days_so_far),
        )
        adherence.metric(
            _("Target minutes walked"), "-" if summary.adherence is None else write_share(summary.adherence)
        )
        mean = summary.mean_pain_7d
        pain.metric(
            _("Pain, 7-day average"),
            "-" if mean is None else write_number(mean),
            # Streamlit reads the arrow's way from a leading "-", which Babel writes for es and en;
            # no change at all gets no colour (a "+0.0" would read as worse, in red).
            delta=None
            if mean is None
            else _("{change} since start").format(change=write_number(mean - baseline, "signed")),
            delta_color="off" if mean is not None and round(mean - baseline, 1) == 0 else "inverse",
        )
        instr = context.instruction(journey)
        if instr is not None and instr.origin == "severe_pain":
            instruction_alert(instr)
        if summary.change.kind in ("worse", "severe"):
            # One message: the change, what the plan did, what to do, and when to see someone.
            st.warning("\n\n".join([f"**{summary.change.sentence}**", *summary.advice]))
        else:
            st.markdown(f"**{summary.change.sentence}**")
            for advice in summary.advice:
                st.info(advice)
        long_history = len(frame) > RECENT_DAYS
        span = "recent"
        if long_history:
            span = (
                st.segmented_control(
                    _("Show"),
                    options=list(RANGES),
                    format_func=lambda shown: _(RANGES[shown]),
                    default="recent",
                    key=state.key(PAGE, "span"),
                )
                or "recent"
            )
        rows = context.derived(f"{PAGE}.rows", lambda: shown_rows(frame, journey.today, span), span)
        first_shown = rows["date"].iloc[0].date()
        changed = [pd.Timestamp(a.date) for a in adapted.adjustments if a.date >= first_shown]
        # The picture comes with the page, so a phone on a slow link shows it at once; the
        # interactive chart needs Plotly's 1.2 MB of JavaScript, loaded only when asked for.
        if st.session_state.get(INTERACTIVE):
            figure = context.derived(f"{PAGE}.figure", lambda: progress_figure(rows, baseline, changed), span)
            st.plotly_chart(figure, width="stretch", config=plotly_config(), key="progress.chart")
        else:
            picture = context.derived(f"{PAGE}.picture", lambda: progress_svg(rows, baseline, changed), span)
            drawn_picture(picture)
        st.toggle(
            _("Interactive chart: zoom in and see each day's numbers (loads about 1 MB)"), key=INTERACTIVE
        )
        st.caption(context.derived(f"{PAGE}.alt", lambda: alt_text(rows, baseline), span))
        st.caption(
            _(
                "Bars: minutes walked. Stepped line: target. Red line, in the lower panel: pain; "
                "dashed: your pain at the start. Green band: pain low enough to count as much better."
            )
        )
        st.header(_("How your plan has changed"))
        adjustment_list(adapted.adjustments, since=first_shown)
        with st.expander(_("Show the numbers as a table")):
            plain_table(
                context.derived(f"{PAGE}.table", lambda: number_table(rows, journey.today), span),
                _("Your days as numbers"),
            )
