"""board event command ids

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 01:40:58.101087
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("board_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("command_id", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint("uq_board_events_map_command", ["map_id", "command_id"])


def downgrade() -> None:
    with op.batch_alter_table("board_events", schema=None) as batch_op:
        batch_op.drop_constraint("uq_board_events_map_command", type_="unique")
        batch_op.drop_column("command_id")
