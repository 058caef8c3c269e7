"""The server's memory: Python's garbage collector in a long-running Streamlit process.

Nearly all the objects the collector tracks belong to the libraries
(streamlit, pandas, plotly, pydantic, SQLAlchemy: about 190,000 objects, 40 to
90 ms a full walk on a 2-core machine), and they never become garbage.
Freezing them once, after importing everything a page uses, leaves every
full collection only what was made since (the sessions' own objects), and
lets Python's collector run its full collections sooner, since they are
triggered by how much is new against what is old. Streamlit's extra full
collection after every run is off (.streamlit/config.toml).
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
