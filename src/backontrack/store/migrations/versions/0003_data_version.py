"""A data version on each profile, bumped by every write (sessions key what they derive on it).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("profiles", sa.Column("data_version", sa.Integer, nullable=False, server_default="0"))
