"""Sign-outs end open tabs too, never lie in the future, and are kept only as long as they matter.

- `backontrack_signed_out_since`: whether a sign-in was ended (signed out or deleted) since it was
  made; every open tab of that sign-in asks it on its next action (issue 25: tabs signed out in
  another tab still exported and saved).
- `backontrack_sign_out` caps the time it records at now (plus the provider clock skew the app
  allows): `now() + 100 years` locked an account out for good.
- A sign-out older than the longest session the app allows (30 days) can refuse nothing any more:
  it is deleted, so the subjects of deleted accounts are not kept for ever.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from alembic import context, op

from backontrack.store import security

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in security.sign_out_limit_statements(context.config.attributes["app_role"]):
            op.execute(statement)
