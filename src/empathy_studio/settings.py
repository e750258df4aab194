"""All configuration in one place. Every field can be set with an ``EMPATHY_`` environment variable."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EMPATHY_", env_file=None, extra="ignore")

    env: Literal["development", "production", "test"] = Field(
        "production", description="development relaxes nothing security-relevant; it only adds hints."
    )
    data_dir: Path = Field(Path("data"), description="Folder for the SQLite database and caches.")
    database_url: str = Field(
        "", description="SQLAlchemy async URL; empty means SQLite in data_dir (sqlite+aiosqlite:///...)."
    )
    redis_url: str = Field(
        "",
        description="redis:// URL: with it, instances relay live events to each other (several app "
        "instances behind one load balancer); empty: one instance, no Redis.",
    )
    redis_channel: str = Field(
        "empathy:board-events", description="Pub/sub channel; give each installation sharing a Redis its own."
    )
    log_format: Literal["text", "json"] = Field(
        "text", description="text for people; json (one object per line) for log collectors."
    )
    host: str = Field("127.0.0.1", description="Address `empathy serve` binds to.")
    port: int = Field(8000, ge=1, le=65535, description="Port `empathy serve` listens on.")
    public_url: str = Field("", description="How users reach the app, e.g. https://empathy.example.org.")
    cookie_secure: bool | None = Field(
        None, description="Mark cookies Secure; default: on when public_url starts with https."
    )
    open_signup: bool = Field(
        False, description="Let anyone create an account; otherwise only the first account and invitees."
    )
    session_days: int = Field(14, ge=1, le=365, description="How long a sign-in lasts.")
    invite_max_hours: int = Field(24 * 30, ge=1, description="Longest validity of an invite link.")
    max_note_length: int = Field(500, ge=1, description="Characters in one sticky note.")
    max_source_length: int = Field(1000, ge=1, description="Characters in a note's source or quote.")
    max_text_field_length: int = Field(
        4000, ge=1, description="Characters in descriptions and persona fields."
    )
    max_notes_per_map: int = Field(2000, ge=1, description="Sticky notes on one map.")
    max_photo_bytes: int = Field(2 * 1024 * 1024, ge=1024, description="Size of a persona photo upload.")
    max_import_bytes: int = Field(20 * 1024 * 1024, ge=1024, description="Size of a project JSON import.")
    max_live_message_bytes: int = Field(64 * 1024, ge=1024, description="Size of one live message.")
    login_attempts: int = Field(
        10, ge=1, description="Failed sign-ins per e-mail address (and per client address) within the window."
    )
    login_window_minutes: int = Field(15, ge=1, description="The window for counting failed sign-ins.")
    max_participants_per_map: int = Field(
        500, ge=1, description="Live connections on one map in one instance; more get a clear refusal."
    )
    max_live_messages_per_second: float = Field(
        20.0, gt=0, description="Messages one live connection may send per second (bursts of twice that)."
    )
    undo_depth: int = Field(50, ge=1, description="How many of a user's changes on a map can be undone.")
    model: str = Field(
        "sentence-transformers/all-MiniLM-L6-v2",
        description="Sentence-embedding model for sorting evidence: a model-hub name (downloaded once, needs "
        "internet) or a local folder holding model.onnx and tokenizer.json. Empty turns automatic sorting off.",
    )
    model_cache_dir: Path | None = Field(
        None, description="Where downloaded models and their ONNX files are kept; default data_dir/models."
    )
    commit_sync: Literal["normal", "full"] = Field(
        "normal",
        description="normal: a commit survives a crash of the app; a crash of the operating system or the "
        "database server, or a power cut, may undo the last second of work (the database stays whole). "
        "full: every commit waits for the disk, which stalled live edits for 0.25-1.6 s on the test "
        "machine. SQLite: synchronous=NORMAL or FULL; PostgreSQL (asyncpg): synchronous_commit off or on.",
    )
    live_compression: bool = Field(
        False,
        description="Compress live WebSocket messages (permessage-deflate). Off by default: board events "
        "are small, and compressing each one separately for every socket was the largest cost of the "
        "fan-out (about 45% of sending, benchmarks/live_propagation.py). Turn on for slow links.",
    )
    early_broadcast: bool = Field(
        True,
        description="Show a live note edit to the room before it is stored; with several instances, the "
        "instance running the map does it (the author's confirmation still waits for the commit; if the "
        "database had moved on, nothing is written and screens reload). false: every change waits for "
        "its commit before anyone sees it.",
    )
    model_threads: int = Field(0, ge=0, description="CPU threads for the model; 0 lets onnxruntime choose.")
    model_precision: Literal["int8", "fp32"] = Field(
        "int8",
        description="int8 runs a copy of the model with 8-bit weights (made once, per channel): about "
        "twice as fast, vectors within 1% of fp32 on average; fp32 runs the model as it is.",
    )
    max_feedback_items: int = Field(
        200_000, ge=1, description="Items (rows or lines) in one feedback import."
    )
    max_feedback_bytes: int = Field(
        100 * 1024 * 1024, ge=1024, description="Size of one feedback file upload."
    )
    mask_personal_data: bool = Field(
        True, description="Mask e-mail addresses, phone numbers and similar on import by default."
    )

    @model_validator(mode="after")
    def _resolve_defaults(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite+aiosqlite:///{(self.data_dir / 'empathy.db').resolve()}"
        if self.cookie_secure is None:
            self.cookie_secure = self.public_url.startswith("https://")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def ensure_data_dir(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
