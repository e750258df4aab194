"""Alembic environment. It imports no application code: the caller hands over the connection
(and, only when autogenerating, the target metadata) through ``config.attributes``."""

from typing import Any

from alembic import context
from sqlalchemy.types import TypeDecorator

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through `empathy db upgrade`, which supplies the connection.")


def render_item(kind: str, obj: Any, _autogen_context: Any) -> Any:
    """Write plain SQLAlchemy types into migrations, so they never import application code."""
    if kind == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


context.configure(
    connection=connection,
    target_metadata=config.attributes.get("target_metadata"),
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
    render_item=render_item,
)
with context.begin_transaction():
    context.run_migrations()
