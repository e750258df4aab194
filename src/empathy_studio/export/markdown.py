"""A map as Markdown, for wikis and tickets: the frame, each segment's notes, and the actions.

The shape is stable so a later import can read it back: `# title`, a `## Goal` and `## Subject` section,
one `## <segment label>` section per segment with one `- ` bullet per note, and `## Actions`."""

from __future__ import annotations

from empathy_studio.domain.segment_texts import FRAME_TEXTS
from empathy_studio.domain.views import MapDetail

BASIS_WORDS = {
    "en": ("hypothesis", "evidence"),
    "nl": ("hypothese", "onderbouwd"),
    "de": ("Hypothese", "belegt"),
}


def _line(text: str) -> str:
    """One Markdown line: newlines folded, characters that would start markup escaped."""
    flat = " ".join(text.split())
    for char in ("\\", "*", "_", "`", "[", "]", "<", ">"):
        flat = flat.replace(char, "\\" + char)
    return "\\" + flat if flat.startswith("#") else flat  # a leading # would start a heading


def map_to_markdown(board: MapDetail) -> str:
    frame = FRAME_TEXTS.get(board.language, FRAME_TEXTS["en"])
    hypothesis, evidence = BASIS_WORDS.get(board.language, BASIS_WORDS["en"])
    out = [f"# {_line(board.title)}", ""]
    out += [f"## {frame['goal']}", "", _line(board.goal) or "—", ""]
    if board.persona is not None:
        persona = board.persona
        out += [f"## {frame['subject']}", "", f"**{_line(persona.name)}**"]
        for label, value in (("Age", persona.age), ("Place", persona.place), ("Work", persona.work)):
            if value:
                out.append(f"- {label}: {_line(value)}")
        out.append("")
    for segment in board.segments:
        out += [f"## {segment.label}", ""]
        notes = [n for n in board.notes if n.segment == segment.id]
        for note in notes:
            tag = hypothesis if note.basis == "hypothesis" else evidence
            source = f" — {_line(note.source)}" if note.source else ""
            out.append(f"- {_line(note.text)} _({tag})_{source}")
        if not notes:
            out.append("- …")
        out.append("")
    out += [f"## {frame['actions']}", ""]
    for action in board.actions:
        owner = f" — {_line(action.owner_name)}" if action.owner_name else ""
        due = f" (due {action.due_date.isoformat()})" if action.due_date else ""
        done = "x" if action.status == "done" else " "
        out.append(f"- [{done}] {_line(action.title)}{owner}{due} [{action.status}]")
    if not board.actions:
        out.append("- …")
    return "\n".join(out).rstrip() + "\n"
