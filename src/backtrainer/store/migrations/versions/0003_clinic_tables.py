"""Clinic mode, clinicians' PIN hashes and PIN lock-outs move into the database (issue 17): clinic_info,
clinician, pin_lockout.

Before this revision they lived in settings.toml and two JSON files, where a damaged settings file switched clinic
mode off and deleting a file reset a lock-out. The clinicians of an existing settings.toml are moved in by
services.clinic on the first look after the upgrade (the migration does not read files outside the database).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clinic_info",
        sa.Column("id", sa.Integer(), primary_key=True, nullable=False),
        sa.Column("clinic_name", sa.String(length=120), nullable=False),
        sa.Column("enabled_at", sa.String(), nullable=False),
    )
    op.create_table(
        "clinician",
        sa.Column("id", sa.String(length=40), primary_key=True, nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("pin_hash", sa.String(length=400), nullable=False),
        sa.Column("added_at", sa.String(), nullable=False),
    )
    op.create_table(
        "pin_lockout",
        sa.Column("key", sa.String(length=60), primary_key=True, nullable=False),
        sa.Column("profile_id", sa.Integer(), sa.ForeignKey("profile.id", ondelete="CASCADE"), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.String(), nullable=True),
    )
    op.create_index("ix_pin_lockout_profile_id", "pin_lockout", ["profile_id"])


def downgrade() -> None:
    op.drop_index("ix_pin_lockout_profile_id", table_name="pin_lockout")
    op.drop_table("pin_lockout")
    op.drop_table("clinician")
    op.drop_table("clinic_info")
