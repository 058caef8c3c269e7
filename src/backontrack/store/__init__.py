"""Storage: a small SQLAlchemy 2 package for profiles, checks, plans, daily logs and accounts.

- schema.py: the tables;
- migrations/: Alembic's steps, for SQLite and PostgreSQL alike;
- database.py: opening a database, and one sentence for each way it can fail;
- security.py: row-level security on each person's rows (PostgreSQL);
- repository.py: the Store the pages call, speaking in domain models.

SQLite by default (WAL, busy timeout, foreign keys on); PostgreSQL through psycopg 3 for
hosted mode; any URL via BACKONTRACK_DATABASE_URL.
"""

from backontrack.store.database import SETTINGS_HINT, StorageError, engine_for
from backontrack.store.repository import CheckRecord, LogConflict, PlanRecord, ProfileGone, Snapshot, Store
from backontrack.store.schema import LOCAL_KEY, CheckRow, LogRow, PlanRow, ProfileRow

__all__ = [
    "LOCAL_KEY",
    "SETTINGS_HINT",
    "CheckRecord",
    "CheckRow",
    "LogConflict",
    "LogRow",
    "PlanRecord",
    "PlanRow",
    "ProfileGone",
    "ProfileRow",
    "Snapshot",
    "StorageError",
    "Store",
    "engine_for",
]
