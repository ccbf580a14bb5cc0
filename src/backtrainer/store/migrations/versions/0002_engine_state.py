"""Engine state between runs: plan_chain progression/deload/maintenance columns, profile.plan_meta.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan_chain") as batch:
        batch.add_column(sa.Column("last_progressed_day", sa.String(), nullable=True))
        batch.add_column(sa.Column("deload_restore", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("maintenance", sa.Boolean(), nullable=False, server_default="0"))
    with op.batch_alter_table("profile") as batch:
        batch.add_column(sa.Column("plan_meta", sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("profile") as batch:
        batch.drop_column("plan_meta")
    with op.batch_alter_table("plan_chain") as batch:
        batch.drop_column("maintenance")
        batch.drop_column("deload_restore")
        batch.drop_column("last_progressed_day")
