"""Product content: segment texts and the sample project are complete, valid and really translated."""

from __future__ import annotations

import re

import pytest

from empathy_studio.domain.demo_content import DEMO_PROJECTS, DemoProject, demo_project
from empathy_studio.domain.segment_texts import FRAME_TEXTS, SEGMENT_TEXTS, SegmentText, segment_text
from empathy_studio.domain.templates import SEGMENTS, Template
from empathy_studio.domain.values import ActionStatus, Language, NoteBasis, NoteColor, SubjectType

LANGUAGES = tuple(lang.value for lang in Language)
ALL_SEGMENTS = tuple(s for segments in SEGMENTS.values() for s in segments)
SIX = SEGMENTS[Template.SIX_SEGMENT]

# Short, frequent words that belong to one language only; enough to tell the three apart.
STOPWORDS = {
    "en": {"the", "and", "of", "is", "with", "she", "her", "they", "their", "what", "when"},
    "nl": {"het", "een", "van", "niet", "ze", "zijn", "naar", "wat", "als", "ook", "dat"},
    "de": {"der", "das", "und", "ist", "nicht", "ein", "eine", "mit", "auf", "sie", "was"},
}


def language_of(text: str) -> str:
    words = re.findall(r"[a-zäöüßéèë']+", text.lower())
    scores = {lang: sum(w in stop for w in words) for lang, stop in STOPWORDS.items()}
    return max(scores, key=lambda lang: scores[lang])


def project_text(project: DemoProject) -> str:
    parts = [project.description, project.goal, project.map_goal]
    parts += [n.text for n in project.notes]
    parts += [a.description for a in project.actions]
    p = project.persona
    parts += [p.household, p.work, p.context_of_use, p.goals, p.pains, p.influences, p.how_we_help]
    return " ".join(parts)


# --- segment texts -------------------------------------------------------------------------------


def test_segment_texts_cover_exactly_the_segments_of_both_canvases() -> None:
    assert set(SEGMENT_TEXTS) == set(ALL_SEGMENTS)
    assert len(ALL_SEGMENTS) == 10


@pytest.mark.parametrize("segment", ALL_SEGMENTS)
def test_every_segment_is_complete_in_every_language(segment: str) -> None:
    texts = SEGMENT_TEXTS[segment]
    assert set(texts) == set(LANGUAGES)
    for lang, text in texts.items():
        assert isinstance(text, SegmentText)
        assert text.label.strip() and len(text.label) <= 30, (segment, lang)
        assert text.description.strip(), (segment, lang)
        assert text.description.rstrip().endswith("."), (segment, lang)
        assert 4 <= len(text.prompts) <= 6, (segment, lang)
        assert len(set(text.prompts)) == len(text.prompts), (segment, lang)
        for prompt in text.prompts:
            assert prompt.strip() and prompt.endswith("?"), (segment, lang, prompt)
            assert prompt[0].isupper(), (segment, lang, prompt)


@pytest.mark.parametrize("segment", ALL_SEGMENTS)
def test_segment_texts_are_translated_not_copied(segment: str) -> None:
    texts = SEGMENT_TEXTS[segment]
    for lang in ("nl", "de"):
        assert texts[lang].label != texts["en"].label, (segment, lang)
        assert texts[lang].description != texts["en"].description, (segment, lang)
        assert not set(texts[lang].prompts) & set(texts["en"].prompts), (segment, lang)
    assert texts["nl"].description != texts["de"].description
    for lang in LANGUAGES:
        body = " ".join((texts[lang].description, *texts[lang].prompts))
        assert language_of(body) == lang, (segment, lang)


def test_segment_labels_are_distinct_within_a_canvas() -> None:
    for segments in SEGMENTS.values():
        for lang in LANGUAGES:
            labels = [SEGMENT_TEXTS[s][lang].label for s in segments]
            assert len(set(labels)) == len(labels), (lang, labels)


def test_segment_text_falls_back_to_english_and_rejects_unknown_segments() -> None:
    assert segment_text("think_feel", "nl") is SEGMENT_TEXTS["think_feel"]["nl"]
    assert segment_text("think_feel", "fr") == SEGMENT_TEXTS["think_feel"]["en"]
    assert segment_text("see", "") == SEGMENT_TEXTS["see"]["en"]
    with pytest.raises(KeyError):
        segment_text("smell", "en")
    with pytest.raises(KeyError):
        segment_text("", "nl")


def test_frame_texts_exist_in_every_language() -> None:
    assert set(FRAME_TEXTS) == set(LANGUAGES)
    for lang, texts in FRAME_TEXTS.items():
        assert set(texts) == {"subject", "goal", "actions"}, lang
        assert all(v.strip() for v in texts.values()), lang
    for lang in ("nl", "de"):
        assert FRAME_TEXTS[lang]["goal"] != FRAME_TEXTS["en"]["goal"]
        assert FRAME_TEXTS[lang]["actions"] != FRAME_TEXTS["en"]["actions"]


# --- demo projects -------------------------------------------------------------------------------


def test_there_is_a_demo_project_per_language_with_english_fallback() -> None:
    assert set(DEMO_PROJECTS) == set(LANGUAGES)
    for lang in LANGUAGES:
        assert demo_project(lang) is DEMO_PROJECTS[lang]
    assert demo_project("fr") is DEMO_PROJECTS["en"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_demo_notes_fill_every_segment_of_the_six_segment_canvas(lang: str) -> None:
    project = DEMO_PROJECTS[lang]
    assert 28 <= len(project.notes) <= 34
    for segment in SIX:
        count = sum(n.segment == segment for n in project.notes)
        assert 4 <= count <= 6, (segment, count)
    assert {n.segment for n in project.notes} == set(SIX)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_demo_notes_are_valid_sticky_notes(lang: str) -> None:
    project = DEMO_PROJECTS[lang]
    colors = {c.value for c in NoteColor}
    texts = [n.text for n in project.notes]
    assert len(set(texts)) == len(texts), "duplicate note text"
    for note in project.notes:
        assert note.text.strip() and len(note.text) <= 200, note.text
        assert note.color in colors, note
        assert note.basis in {b.value for b in NoteBasis}, note
        if note.basis == NoteBasis.EVIDENCE:
            assert note.source.strip(), f"evidence without a source: {note.text}"
        else:
            assert note.source == "", f"hypothesis with a source: {note.text}"
    # colours carry themes: several are used, and no single one dominates the map
    used = {n.color for n in project.notes}
    assert len(used) >= 4
    assert max(sum(n.color == c for n in project.notes) for c in used) <= len(project.notes) // 2
    # a team map is a mix of assumptions and evidence
    evidence = sum(n.basis == NoteBasis.EVIDENCE for n in project.notes)
    assert 0.25 <= evidence / len(project.notes) <= 0.75


@pytest.mark.parametrize("lang", LANGUAGES)
def test_demo_actions_are_valid_and_point_at_notes(lang: str) -> None:
    project = DEMO_PROJECTS[lang]
    assert 4 <= len(project.actions) <= 5
    statuses = {s.value for s in ActionStatus}
    for action in project.actions:
        assert action.title.strip() and len(action.title) <= 200
        assert action.description.strip()
        assert action.status in statuses, action
        assert 1 <= len(action.note_indexes) <= 3, action.title
        assert len(set(action.note_indexes)) == len(action.note_indexes), action.title
        for i in action.note_indexes:
            assert 0 <= i < len(project.notes), (action.title, i)
        if action.status == ActionStatus.DONE:
            assert action.due_in_days <= 0, action.title
    assert len({a.status for a in project.actions}) >= 3, "statuses should be mixed"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_demo_project_frame_and_persona_are_filled(lang: str) -> None:
    project = DEMO_PROJECTS[lang]
    for value in (project.name, project.description, project.goal, project.map_title, project.map_goal):
        assert value.strip()
    assert len(project.name) <= 200 and len(project.map_title) <= 200
    assert project.map_goal.rstrip().endswith("?")
    assert 2 <= len(project.milestones) <= 3
    days = [m.in_days for m in project.milestones]
    assert days == sorted(days)
    assert all(d <= project.deadline_in_days for d in days)
    assert all(m.title.strip() and len(m.title) <= 200 for m in project.milestones)

    persona = project.persona
    assert persona.subject_type in {s.value for s in SubjectType}
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", persona.avatar_color)
    assert len(persona.age) <= 40
    for field, value in vars(persona).items():
        assert isinstance(value, str) and value.strip(), field


def test_demo_projects_are_really_in_different_languages() -> None:
    en, nl, de = (DEMO_PROJECTS[lang] for lang in ("en", "nl", "de"))
    assert len({en.name, nl.name, de.name}) == 3
    assert len({en.map_goal, nl.map_goal, de.map_goal}) == 3
    assert len({en.persona.name, nl.persona.name, de.persona.name}) == 3
    for other in (nl, de):
        assert not {n.text for n in other.notes} & {n.text for n in en.notes}
        assert not {a.title for a in other.actions} & {a.title for a in en.actions}
    assert not {n.text for n in nl.notes} & {n.text for n in de.notes}
    for lang, project in DEMO_PROJECTS.items():
        assert language_of(project_text(project)) == lang, lang


def test_demo_translations_keep_the_same_structure() -> None:
    """Actions point at notes by index, so every translation must keep notes in the same order."""
    en = DEMO_PROJECTS["en"]
    for lang in ("nl", "de"):
        other = DEMO_PROJECTS[lang]
        assert [(n.segment, n.color, n.basis) for n in other.notes] == [
            (n.segment, n.color, n.basis) for n in en.notes
        ], lang
        assert [(a.status, a.due_in_days, a.note_indexes) for a in other.actions] == [
            (a.status, a.due_in_days, a.note_indexes) for a in en.actions
        ], lang
