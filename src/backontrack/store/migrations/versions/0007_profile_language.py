"""The language a person chose, kept with their data (issue 27): their next visit opens in it.

A plain column on the profile, so it is theirs by the same row security as everything else, and
goes with "delete my data". Empty until they choose: the browser's language, then the install's,
decide until then.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("profiles", sa.Column("language", sa.String(8), nullable=True))
