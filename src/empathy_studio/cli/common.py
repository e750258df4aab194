"""What every `empathy` command shares: running a coroutine with clean errors, and whom to act as."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

import typer
from rich.console import Console
from sqlalchemy import select

from empathy_studio.composition import Services
from empathy_studio.domain.errors import DomainError
from empathy_studio.persistence.tables import Membership, User
from empathy_studio.services.context import Actor

err = Console(stderr=True)
T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine; a user's mistake is printed as a message with exit code 1, not a traceback."""
    try:
        return asyncio.run(coroutine)
    except DomainError as error:
        err.print(f"[red]Error:[/red] {error.message}", highlight=False)
        raise typer.Exit(1) from None


async def owner_and_workspace(services: Services, email: str | None) -> tuple[Actor, int]:
    """The account to act as (by e-mail, or the instance owner) and the first workspace it may write in."""
    async with services.engine.connect() as connection:
        query = select(User.id, User.display_name)
        query = (
            query.where(User.email == email.lower())
            if email
            else query.where(User.is_instance_owner.is_(True))
        )
        user = (await connection.execute(query)).first()
        if user is None:
            raise DomainError(
                f"No account with the e-mail address {email}."
                if email
                else "There is no account yet. Open the app in a browser and create the first account."
            )
        workspace_id = await connection.scalar(
            select(Membership.workspace_id)
            .where(Membership.user_id == user.id, Membership.role.in_(["owner", "facilitator", "member"]))
            .order_by(Membership.workspace_id)
        )
        if workspace_id is None:
            raise DomainError("That account cannot write in any workspace.")
        return Actor(user.id, user.display_name), workspace_id
