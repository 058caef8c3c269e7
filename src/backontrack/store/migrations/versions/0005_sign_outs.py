"""Signing out, or deleting the account, ends every copy of the sign-in (hosted mode).

Streamlit's identity cookie is signed but kept by the browser for 30 days, and signing out only
deletes the copy in that browser. The time of each identity's last sign-out or deletion is kept
here; a sign-in from before it is refused, so a saved copy of the cookie no longer works.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

from backontrack.store import security

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_outs",
        sa.Column("issuer", sa.String(255), primary_key=True),
        sa.Column("subject", sa.String(255), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        for statement in security.sign_out_statements(context.config.attributes["app_role"]):
            op.execute(statement)
