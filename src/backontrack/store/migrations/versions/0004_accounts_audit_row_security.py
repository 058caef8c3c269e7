"""Hosted mode: accounts, an audit trail, and (PostgreSQL) row-level security on every person's rows.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

from backontrack.store import security

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("issuer", sa.String(255), nullable=False),
        sa.Column("subject", sa.String(255), nullable=False),
        sa.Column(
            "profile_id",
            sa.Integer,
            sa.ForeignKey("profiles.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signed_in_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("issuer", "subject", name="uq_account_identity"),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("profile_id", sa.Integer, nullable=False),
        sa.Column("event", sa.String(16), nullable=False),
    )
    op.create_index("ix_audit_profile_id", "audit", ["profile_id"])
    op.execute("DROP TABLE IF EXISTS schema_version")  # the hand-written steps' record, now Alembic's
    if op.get_bind().dialect.name == "postgresql":
        for statement in security.statements(context.config.attributes["app_role"]):
            op.execute(statement)
