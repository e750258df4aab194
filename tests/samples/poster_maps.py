"""Maps built in memory for poster tests, previews and the export benchmark: from a handful of notes to
an overfull wall, with long notes, emoji and right-to-left names."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

from empathy_studio.domain.segment_texts import segment_text
from empathy_studio.domain.templates import segments_of
from empathy_studio.domain.views import ActionView, MapDetail, NoteView, PersonaView, SegmentView, ThemeView

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
PHRASES = [
    "Checks three apps before ordering and still feels unsure about freshness",
    "Wants dinner sorted without thinking about it on weekdays",
    "Hears from colleagues that the rival delivers faster 🚲",
    "Friday evening slots are always gone by Wednesday",
    "Says price matters, but pays more for a reliable slot",
    "Worries about food waste when plans change last minute",
    "Sees meal-kit billboards at the station every morning",
    "Trusts reviews from other parents more than ads ⭐",
    "Grüße an die Nachbarn, die schon bestellt haben – sehr zufrieden",
    "Verwacht dat de bezorger belt als hij te laat is",
]
COLORS = ["yellow", "pink", "blue", "green", "orange", "purple"]


def persona(name: str = "Sanne de Vries") -> PersonaView:
    return PersonaView(
        id=1, project_id=1, name=name, subject_type="customer_segment", age="38", place="Utrecht, Netherlands",
        household="Two children, partner works shifts", work="Nurse, four days a week", hobbies="Cycling",
        education="HBO", context_of_use="Orders on the phone after the children sleep",
        goals="Less time on groceries; healthy dinners", pains="Full delivery slots; forgotten items",
        influences="Parents at school, review sites", how_we_help="Reliable evening slots",
        avatar_color="#6d5dfc", has_photo=False, photo_url=None,
    )  # fmt: skip


def sample_map(notes: int = 40, *, language: str = "en", template: str = "six_segment", long: bool = False,
               name: str = "Sanne de Vries", actions: int = 4, themes: bool = False) -> MapDetail:  # fmt: skip
    segments = segments_of(template)
    views = []
    for i, segment in zip(range(notes), itertools.cycle(segments), strict=False):
        text = PHRASES[i % len(PHRASES)]
        if long and i % 7 == 0:
            text = (text + ". ") * 6 + "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen."
        views.append(
            NoteView(
                id=i + 1,
                map_id=1,
                segment=segment,
                text=f"{text} (#{i + 1})",
                color=COLORS[i % len(COLORS)],
                basis="evidence" if i % 3 == 0 else "hypothesis",
                source="Survey, March" if i % 4 == 0 else "",
                position=i // len(segments),
                version=1,
                author_id=1,
                author_name="Olivia",
                created_at=NOW,
                updated_at=NOW,
                theme_id=1 if themes and segment == "pain" and i < 30 else None,
                votes=(i % 5) or None,
            )
        )
    segment_views = [
        SegmentView(id=s, label=(t := segment_text(s, language)).label, description=t.description, prompts=list(t.prompts))
        for s in segments
    ]  # fmt: skip
    action_views = [
        ActionView(
            id=i + 1,
            map_id=1,
            title=f"Open more evening delivery slots in region {i + 1}",
            description="",
            owner_id=1,
            owner_name="Olivia Owner",
            due_date=date(2027, 1, 15 + i % 10),
            status=["open", "doing", "done", "dropped"][i % 4],
            note_ids=[1],
            created_at=NOW,
            updated_at=NOW,
        )
        for i in range(actions)
    ]
    theme_views = (
        [ThemeView(id=1, map_id=1, segment="pain", name="Delivery slots", final=True, votes=7)]
        if themes
        else []
    )
    return MapDetail(
        id=7, project_id=1, project_name="Grocery delivery study", workspace_id=1,
        title="Busy parents on weekdays", goal="Why do busy parents cancel their subscription after a month?",
        perspective="team", template=template, language=language, persona_id=1, persona=persona(name),
        segments=segment_views, notes=views, actions=action_views, themes=theme_views, members=[],
        your_role="owner", seq=42, created_at=NOW, updated_at=NOW,
    )  # fmt: skip
