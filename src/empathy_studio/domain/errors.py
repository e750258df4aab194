"""Domain errors: a stable code for programs, a message for people, optional details."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error a user can cause. ``kind`` decides the HTTP status and the CLI exit code."""

    kind = "invalid"
    code = "invalid_input"

    def __init__(self, message: str, *, code: str | None = None, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details: dict[str, Any] = details or {}


class InvalidInput(DomainError):
    kind = "invalid"
    code = "invalid_input"

    @classmethod
    def field(cls, field: str, message: str) -> InvalidInput:
        return cls(message, details={"fields": [{"field": field, "message": message}]})


class NotFound(DomainError):
    kind = "not_found"
    code = "not_found"


class Forbidden(DomainError):
    kind = "forbidden"
    code = "forbidden"


class NotAuthenticated(DomainError):
    kind = "not_authenticated"
    code = "not_authenticated"


class Conflict(DomainError):
    kind = "conflict"
    code = "conflict"


class LimitExceeded(DomainError):
    kind = "too_large"
    code = "limit_exceeded"


class TooManyRequests(DomainError):
    """Slow down: ``details["retry_after"]`` says in how many seconds to try again."""

    kind = "rate_limited"
    code = "rate_limited"
