"""The words a poster prints around the map's own content, in the map's language."""

from __future__ import annotations

from collections.abc import Mapping

WORDS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "goal": "Goal / problem statement", "subject": "Subject", "actions": "Actions", "owner": "Owner",
        "due": "Due", "status": "Status", "notes": "{n} notes", "evidence": "{n} backed by evidence",
        "more": "+ {n} more notes continue on page {page}", "continued": "continued", "page": "Page {i} of {n}",
        "exported": "Exported {date} · map #{id}, version {seq}", "team": "The team's view",
        "customer": "Made with customers", "nobody": "—", "no_goal": "No goal stated yet.",
        "no_persona": "No persona linked", "more_actions": "+ {n} more actions continue on page {page}",
        "place": "Lives", "household": "Household", "work": "Work", "goals": "Goals", "pains": "Pains",
        "influences": "Influences", "how_we_help": "How we help", "open": "open", "doing": "doing",
        "done": "done", "dropped": "dropped", "made_with": "Made with Empathy Studio",
    },
    "nl": {
        "goal": "Doel / probleemstelling", "subject": "Onderwerp", "actions": "Acties", "owner": "Eigenaar",
        "due": "Datum", "status": "Status", "notes": "{n} notities", "evidence": "{n} onderbouwd",
        "more": "+ nog {n} notities op pagina {page}", "continued": "vervolg", "page": "Pagina {i} van {n}",
        "exported": "Geëxporteerd {date} · map #{id}, versie {seq}", "team": "Het beeld van het team",
        "customer": "Gemaakt met klanten", "nobody": "—", "no_goal": "Nog geen doel vastgelegd.",
        "no_persona": "Geen persona gekoppeld", "more_actions": "+ nog {n} acties op pagina {page}",
        "place": "Woont", "household": "Huishouden", "work": "Werk", "goals": "Doelen", "pains": "Pijnpunten",
        "influences": "Invloeden", "how_we_help": "Hoe wij helpen", "open": "open", "doing": "bezig",
        "done": "klaar", "dropped": "geschrapt", "made_with": "Gemaakt met Empathy Studio",
    },
    "de": {
        "goal": "Ziel / Fragestellung", "subject": "Zielperson", "actions": "Maßnahmen", "owner": "Verantwortlich",
        "due": "Termin", "status": "Status", "notes": "{n} Notizen", "evidence": "{n} belegt",
        "more": "+ {n} weitere Notizen auf Seite {page}", "continued": "Fortsetzung", "page": "Seite {i} von {n}",
        "exported": "Exportiert am {date} · Map #{id}, Version {seq}", "team": "Sicht des Teams",
        "customer": "Mit Kunden erstellt", "nobody": "—", "no_goal": "Noch kein Ziel festgelegt.",
        "no_persona": "Keine Persona verknüpft", "more_actions": "+ {n} weitere Maßnahmen auf Seite {page}",
        "place": "Wohnort", "household": "Haushalt", "work": "Beruf", "goals": "Ziele", "pains": "Probleme",
        "influences": "Einflüsse", "how_we_help": "Wie wir helfen", "open": "offen", "doing": "in Arbeit",
        "done": "erledigt", "dropped": "verworfen", "made_with": "Erstellt mit Empathy Studio",
    },
}  # fmt: skip


def words(language: str) -> Mapping[str, str]:
    return WORDS.get(language, WORDS["en"])


SUBJECTS: Mapping[str, Mapping[str, str]] = {
    "en": {"customer_segment": "Customer segment", "age_group": "Age group", "end_user": "End user",
           "partner": "Partner", "b2b_buying_role": "B2B buying role", "lost_customer": "Lost customer",
           "non_customer": "Non-customer"},
    "nl": {"customer_segment": "Klantsegment", "age_group": "Leeftijdsgroep", "end_user": "Eindgebruiker",
           "partner": "Partner", "b2b_buying_role": "Rol in B2B-inkoop", "lost_customer": "Verloren klant",
           "non_customer": "Niet-klant"},
    "de": {"customer_segment": "Kundensegment", "age_group": "Altersgruppe", "end_user": "Endnutzer",
           "partner": "Partner", "b2b_buying_role": "Rolle im B2B-Einkauf", "lost_customer": "Verlorener Kunde",
           "non_customer": "Nichtkunde"},
}  # fmt: skip


def subject_label(language: str, subject_type: str) -> str:
    return SUBJECTS.get(language, SUBJECTS["en"]).get(subject_type, subject_type.replace("_", " "))
