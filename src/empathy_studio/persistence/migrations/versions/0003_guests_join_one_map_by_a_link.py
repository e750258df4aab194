"""guests join one map by a link

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 01:48:52.289074
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "guest_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("map_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("passcode_hash", sa.String(length=200), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("joined_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_guest_links_created_by_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["map_id"], ["maps.id"], name=op.f("fk_guest_links_map_id_maps"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guest_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_guest_links_token_hash")),
    )
    with op.batch_alter_table("guest_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guest_links_map_id"), ["map_id"], unique=False)

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("guest_map_id", sa.Integer(), nullable=True))
        batch_op.alter_column("email", existing_type=sa.VARCHAR(length=254), nullable=True)
        batch_op.create_index(batch_op.f("ix_users_guest_map_id"), ["guest_map_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_users_guest_map_id_maps"), "maps", ["guest_map_id"], ["id"], ondelete="CASCADE"
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_users_guest_map_id_maps"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_users_guest_map_id"))
        batch_op.alter_column("email", existing_type=sa.VARCHAR(length=254), nullable=False)
        batch_op.drop_column("guest_map_id")

    with op.batch_alter_table("guest_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guest_links_map_id"))

    op.drop_table("guest_links")
