"""Pure rules: roles, templates, settings defaults, credentials, the export envelope."""

from __future__ import annotations

from pathlib import Path

import pytest

from empathy_studio.domain.errors import InvalidInput
from empathy_studio.domain.roles import Permission, allows
from empathy_studio.domain.templates import WORKSHOP_ORDER, Template, has_segment, segments_of
from empathy_studio.domain.values import Role
from empathy_studio.export.project_json import FORMAT_VERSION
from empathy_studio.services.credentials import hash_password, new_token, password_matches, token_hash
from empathy_studio.services.personas import image_type
from empathy_studio.services.transfer import parse_export
from empathy_studio.settings import Settings


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.VIEWER, {Permission.READ}),
        (Role.GUEST, {Permission.READ, Permission.CONTRIBUTE}),
        (Role.MEMBER, {Permission.READ, Permission.CONTRIBUTE, Permission.WRITE}),
        (Role.FACILITATOR, {Permission.READ, Permission.CONTRIBUTE, Permission.WRITE, Permission.FACILITATE}),
        (Role.OWNER, set(Permission)),
    ],
)
def test_roles_form_one_ordered_scale(role: Role, allowed: set[Permission]) -> None:
    assert {p for p in Permission if allows(role, p)} == allowed


def test_templates_and_workshop_order() -> None:
    assert segments_of("six_segment") == ("see", "hear", "think_feel", "say_do", "pain", "gain")
    assert segments_of("four_area") == ("think", "feel", "say", "do")
    assert WORKSHOP_ORDER[Template.SIX_SEGMENT] == ("see", "say_do", "hear", "think_feel", "pain", "gain")
    for template in Template:
        assert sorted(WORKSHOP_ORDER[template]) == sorted(segments_of(template))
    assert has_segment("six_segment", "pain") and not has_segment("four_area", "pain")


def test_settings_default_to_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert settings.database_url == f"sqlite+aiosqlite:///{tmp_path.resolve() / 'empathy.db'}"
    assert settings.cookie_secure is False
    assert Settings(public_url="https://maps.example.org").cookie_secure is True


def test_passwords_are_hashed_with_argon2() -> None:
    stored = hash_password("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert password_matches(stored, "correct horse battery")
    assert not password_matches(stored, "correct horse batterY")
    assert not password_matches("garbage", "x")


def test_tokens_are_random_and_stored_hashed() -> None:
    a, b = new_token("es_"), new_token("es_")
    assert a != b and a.startswith("es_") and len(a) > 40
    assert token_hash(a) == token_hash(a) and token_hash(a) != a


def test_image_types_are_judged_by_content() -> None:
    assert image_type(b"\x89PNG\r\n\x1a\nrest") == "image/png"
    assert image_type(b"\xff\xd8\xff\xe0rest") == "image/jpeg"
    assert image_type(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert image_type(b"<svg onload=alert(1)>") is None


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (
            {"format": "empathy-studio/project", "version": FORMAT_VERSION + 1, "project": {"name": "x"}},
            "import_version_unsupported",
        ),
        ({"format": "empathy-studio/project", "version": "1"}, "import_invalid"),
        ({"format": "empathy-studio/project", "version": True}, "import_invalid"),
        ({"format": "other", "version": 1}, "import_not_a_project"),
        ("just a string", "import_not_a_project"),
        (
            {"format": "empathy-studio/project", "version": 1, "project": {"name": "x"}, "extra": 1},
            "import_invalid",
        ),
    ],
)
def test_export_envelope_is_checked_before_anything_else(raw: object, code: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_export(raw)
    assert caught.value.code == code


def test_a_minimal_export_document_is_accepted() -> None:
    doc = parse_export({"format": "empathy-studio/project", "version": 1, "project": {"name": "Only a name"}})
    assert doc.project.name == "Only a name" and doc.maps == []
