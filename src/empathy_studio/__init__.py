"""Empathy Studio: build customer empathy maps together and keep them true."""

__version__ = "0.1.0"
