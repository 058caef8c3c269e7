"""One local profile by a unique key (the oldest one); a revision number on each daily log.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("profiles", sa.Column("local_key", sa.String(16)))
    op.create_index("uq_profiles_local_key", "profiles", ["local_key"], unique=True)
    op.execute(sa.text("UPDATE profiles SET local_key = 'local' WHERE id = (SELECT min(id) FROM profiles)"))
    op.add_column("daily_logs", sa.Column("revision", sa.Integer, nullable=False, server_default="1"))
