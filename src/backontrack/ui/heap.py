"""The server's memory: Python's garbage collector in a long-running Streamlit process.

Streamlit collects garbage in full after every run (`runner.postScriptGC`, on
by default), so memory from closed sessions is handed back. A full collection
walks every object the collector tracks, and nearly all of them belong to the
libraries (streamlit, pandas, plotly, pydantic, SQLAlchemy: about 190,000
objects, 40 to 90 ms a walk on a 2-core machine; bench/ measured half the
server's time there). Those never become garbage. Freezing them once, after
importing everything a page uses, leaves each collection only what was made
since: the sessions' own objects.
"""

from __future__ import annotations

import gc
import importlib
import threading

#: Every library a page imports, so all of them are loaded before the freeze.
LIBRARIES = (
    "pandas",
    "plotly.graph_objects",
    "plotly.io",
    "sqlalchemy",
    "fpdf",
    "segno",
    "icalendar",
    "backontrack.charts",
    "backontrack.pdf",
    "backontrack.records",
    "backontrack.reminders",
    "backontrack.journey",
)

_lock = threading.Lock()
_settled = False


def settle() -> None:
    """Once per process: load every library, collect, then freeze what is left (gc.freeze)."""
    global _settled
    if _settled:
        return
    with _lock:
        if _settled:
            return
        for name in LIBRARIES:
            importlib.import_module(name)
        gc.collect()
        gc.freeze()
        _settled = True
