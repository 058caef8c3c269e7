"""Drive the app like a person would, through AppTest, by widget keys from ui.state.key."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pandas as pd
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Node

from backontrack import content

FLAGS = content.red_flags()


def key(page: str, name: str, generation: int = 0) -> str:
    return f"{page}.{name}.g{generation}"


def page_text(at: AppTest) -> str:
    """Everything written on the page, for 'must not appear' assertions."""
    parts = [e.value for e in at.markdown] + [e.value for e in at.title] + [e.value for e in at.header]
    parts += [e.value for e in at.error] + [e.value for e in at.warning] + [e.value for e in at.info]
    parts += [e.value for e in at.success] + [e.value for e in at.caption]
    return "\n".join(str(p) for p in parts)


def next_step(at: AppTest, step: int) -> AppTest:
    return at.button(key=key("check", f"next.{step}")).click().run()


def complete_check(
    at: AppTest,
    answers: dict[str, str] | None = None,
    age: int = 36,
    pain_weeks: int = 1,
    pain_now: int = 3,
    yellow: str = "no",
    seen_clinician: bool = False,
    knew: dict[str, tuple[str, str]] | None = None,
) -> AppTest:
    """Answer every step (all 'no' unless given) and submit; the app shows the result.

    `knew`: after a clinician's check, for each urgent sign answered yes, the answers to "did you
    tell them about this" and "has it changed since" (revision 4); any not given are "not sure".
    """
    chosen = {i.id: "no" for i in FLAGS.items} | (answers or {})
    at.switch_page("pages/check.py").run()
    at.text_input(key=key("check", "age")).input(str(age))
    at.text_input(key=key("check", "pain_weeks")).input(str(pain_weeks))
    at.segmented_control(key=key("check", "pain_now")).set_value(pain_now)
    if seen_clinician:
        at.checkbox(key=key("check", "seen_clinician")).check()
    step = 0
    next_step(at, step)
    known = [i for i in FLAGS.items if i.tier == "urgent" and i.id != "fever" and chosen[i.id] == "yes"]
    for group in FLAGS.groups:
        step += 1
        answer_list(at, group.id, {f"answer.{i.id}": chosen[i.id] for i in FLAGS.items if i.tier == group.id})
        next_step(at, step)
        if has_key(at, key("check", "go_on")):
            at.button(key=key("check", "go_on")).click().run()  # past the "call now" stop
        if group.id == "urgent" and seen_clinician and known:
            step += 1  # the questions about what the clinician knew, straight after the urgent signs
            for item in known:
                told, changed = (knew or {}).get(item.id, ("unsure", "unsure"))
                at.segmented_control(key=key("check", f"knew.{item.id}")).set_value(told)
                at.segmented_control(key=key("check", f"changed.{item.id}")).set_value(changed)
            next_step(at, step)
    answer_list(at, "feelings", {f"yellow.{flag.id}": yellow for flag in FLAGS.yellow_flags})
    return next_step(at, step + 1)


def to_first_list(at: AppTest) -> AppTest:
    """Open the check, give age 40, 2 weeks and pain 4, and go on to the first list of signs."""
    at.switch_page("pages/check.py").run()
    at.text_input(key=key("check", "age")).input("40")
    at.text_input(key=key("check", "pain_weeks")).input("2")
    at.segmented_control(key=key("check", "pain_now")).set_value(4)
    return next_step(at, 0)


def answer_list(at: AppTest, step: str, rows: dict[str, str]) -> None:
    """Answer a step's list of signs: 'None of these', or mark each sign that is not 'no'."""
    marked = {name: value for name, value in rows.items() if value != "no"}
    choice = at.segmented_control(key=key("check", f"list.{step}"))
    if not marked:
        choice.set_value("none")
        return
    choice.set_value("some").run()
    for name, value in marked.items():
        at.segmented_control(key=key("check", name)).set_value(value)


def make_plan(
    at: AppTest, minutes: int = 10, pain: int = 3, walks_per_day: int = 2, start: dt.date | None = None
) -> AppTest:
    at.switch_page("pages/plan.py").run()
    if start is not None:
        at.selectbox(key=key("plan", "start")).set_value(start)
    at.segmented_control(key=key("plan", "minutes")).set_value(minutes)
    at.segmented_control(key=key("plan", "pain")).set_value(pain)
    at.segmented_control(key=key("plan", "per_day")).set_value(walks_per_day)
    return at.button(key=key("plan", "make")).click().run()


def log_day(
    at: AppTest,
    date: dt.date,
    pain: int,
    minutes: int | str | None = 20,
    signs: list[str] | None = None,
    note: str = "",
    flare: bool = False,
) -> AppTest:
    at.switch_page("pages/log.py").run()
    at.selectbox(key=key("log", "date")).set_value(date).run()
    day = date.isoformat()
    at.segmented_control(key=key("log", f"pain.{day}")).set_value(pain)
    if minutes is not None:
        at.text_input(key=key("log", f"minutes.{day}")).input(str(minutes))
    if flare:
        at.toggle(key=key("log", f"flare.{day}")).set_value(True)
    if signs:
        at.segmented_control(key=key("log", f"recheck.{day}")).set_value("some").run()
        at.pills(key=key("log", f"signs.{day}")).set_value(signs)
    else:
        at.segmented_control(key=key("log", f"recheck.{day}")).set_value("none")
    at.text_area(key=key("log", f"note.{day}")).input(note)
    return at.button(key=key("log", f"save.{day}")).click().run()


def in_order(at: AppTest) -> list[Node]:
    """Every element of the main area in the order a person reads it (containers opened)."""

    def walk(block: Block) -> Iterator[Node]:
        for index in sorted(block.children):
            node = block.children[index]
            yield node
            if isinstance(node, Block):
                yield from walk(node)

    return list(walk(at.main))


def has_key(at: AppTest, widget_key: str) -> bool:
    return any(b.key == widget_key for b in at.button)


class _TableReader(HTMLParser):
    """The rows of a plain table (widgets.plain_table), each a list of its cells' text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def chart_pictures(at: AppTest) -> list[str]:
    """The progress chart drawn as a picture (chart_svg.py), as its markup, for each on the screen."""
    return [md.value for md in at.markdown if 'class="bot-progress-chart"' in md.value]


def interactive_chart(at: AppTest) -> dict[str, Any]:
    """The progress page's interactive chart (one tap away), as its Plotly figure."""
    at.toggle(key=key("progress", "interactive")).set_value(True).run()
    return dict(json.loads(at.get("plotly_chart")[0].proto.spec))  # type: ignore[attr-defined]


def tables(at: AppTest) -> list[pd.DataFrame]:
    """Every plain table on the screen, as text, in order (the header row gives the columns)."""
    found = []
    for node in at.get("html"):
        body = node.proto.body  # type: ignore[attr-defined]
        if 'class="bot-table"' in body:
            reader = _TableReader()
            reader.feed(body)
            found.append(pd.DataFrame(reader.rows[1:], columns=reader.rows[0]))
    return found
