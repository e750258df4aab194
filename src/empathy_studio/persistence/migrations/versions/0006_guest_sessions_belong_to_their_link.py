"""guest sessions belong to the join link they came through; guests hold no API tokens

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 04:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("login_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("guest_link_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_login_sessions_guest_link_id"), ["guest_link_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_login_sessions_guest_link_id_guest_links"),
            "guest_links",
            ["guest_link_id"],
            ["id"],
            ondelete="CASCADE",
        )
    # Sessions from before cannot tell which link they came through, so closing it could not end them:
    # those guests join again through a link that is still open.
    op.execute(
        "DELETE FROM login_sessions WHERE user_id IN (SELECT id FROM users WHERE guest_map_id IS NOT NULL)"
    )
    # A token would have outlived the link that let the guest in: guests may no longer make them, and
    # the ones made before are dropped.
    op.execute(
        "DELETE FROM api_tokens WHERE user_id IN (SELECT id FROM users WHERE guest_map_id IS NOT NULL)"
    )


def downgrade() -> None:
    with op.batch_alter_table("login_sessions", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_login_sessions_guest_link_id_guest_links"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_login_sessions_guest_link_id"))
        batch_op.drop_column("guest_link_id")
