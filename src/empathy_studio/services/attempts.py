"""Counting failed sign-in attempts, so that guessing passwords is slow: after too many failures for one
e-mail address or from one client address within the window, sign-in waits until the window passes.

Counts live in the process; with several instances each counts its own share, which still bounds
guessing to the limit times the number of instances."""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

from empathy_studio.domain.errors import TooManyRequests


class AttemptLimiter:
    def __init__(self, limit: int, window: timedelta):
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[datetime]] = {}

    def _recent(self, key: str, now: datetime) -> deque[datetime]:
        failures = self._failures.setdefault(key, deque())
        while failures and now - failures[0] >= self.window:
            failures.popleft()
        if not failures:
            self._failures.pop(key, None)
        return failures

    def check(self, keys: list[str], now: datetime) -> None:
        for key in keys:
            failures = self._recent(key, now)
            if len(failures) >= self.limit:
                wait = int((failures[0] + self.window - now).total_seconds()) + 1
                raise TooManyRequests(
                    f"Too many failed sign-ins. Try again in {max(1, wait // 60)} minute(s).",
                    details={"retry_after": wait},
                )

    def failed(self, keys: list[str], now: datetime) -> None:
        for key in keys:
            self._recent(key, now)
            self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, key: str) -> None:
        self._failures.pop(key, None)
