"""workshop sessions: phases, themes, votes, private and hidden notes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 05:59:10.984774
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "themes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("map_id", sa.Integer(), nullable=False),
        sa.Column("segment", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("final", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["map_id"], ["maps.id"], name=op.f("fk_themes_map_id_maps"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_themes")),
    )
    with op.batch_alter_table("themes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_themes_map_id"), ["map_id"], unique=False)

    op.create_table(
        "workshop_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("map_id", sa.Integer(), nullable=False),
        sa.Column("phase", sa.String(length=12), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("vote_budget", sa.Integer(), nullable=False),
        sa.Column("one_vote_per_note", sa.Boolean(), nullable=False),
        sa.Column("named_votes", sa.Boolean(), nullable=False),
        sa.Column("one_segment_at_a_time", sa.Boolean(), nullable=False),
        sa.Column("focus_segment", sa.String(length=20), nullable=True),
        sa.Column("timer_ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_by", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("summary", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["map_id"], ["maps.id"], name=op.f("fk_workshop_sessions_map_id_maps"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["started_by"],
            ["users.id"],
            name=op.f("fk_workshop_sessions_started_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_sessions")),
    )
    with op.batch_alter_table("workshop_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshop_sessions_map_id"), ["map_id"], unique=False)

    op.create_table(
        "votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=True),
        sa.Column("theme_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["note_id"], ["notes.id"], name=op.f("fk_votes_note_id_notes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["workshop_sessions.id"],
            name=op.f("fk_votes_session_id_workshop_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"], ["themes.id"], name=op.f("fk_votes_theme_id_themes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_votes_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_votes")),
    )
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_votes_note_id"), ["note_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_votes_session_id"), ["session_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_votes_theme_id"), ["theme_id"], unique=False)

    with op.batch_alter_table("board_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("audience", sa.String(length=20), nullable=True))

    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("private", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("hidden", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("theme_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("final", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(
            sa.Column("merged_from", sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
        )
        batch_op.create_index(batch_op.f("ix_notes_theme_id"), ["theme_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_notes_theme_id_themes"), "themes", ["theme_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_notes_theme_id_themes"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_notes_theme_id"))
        batch_op.drop_column("merged_from")
        batch_op.drop_column("final")
        batch_op.drop_column("theme_id")
        batch_op.drop_column("hidden")
        batch_op.drop_column("private")

    with op.batch_alter_table("board_events", schema=None) as batch_op:
        batch_op.drop_column("audience")

    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_votes_theme_id"))
        batch_op.drop_index(batch_op.f("ix_votes_session_id"))
        batch_op.drop_index(batch_op.f("ix_votes_note_id"))

    op.drop_table("votes")
    with op.batch_alter_table("workshop_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshop_sessions_map_id"))

    op.drop_table("workshop_sessions")
    with op.batch_alter_table("themes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_themes_map_id"))

    op.drop_table("themes")
