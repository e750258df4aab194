"""Long feedback is split into statements: sentences, tiny bits joined, huge ones cut."""

from __future__ import annotations

from empathy_studio.evidence.statements import MAX_CHARS, split_statements


def test_blank_text_has_no_statements() -> None:
    assert split_statements("", "en") == []
    assert split_statements(" \n\t ", "nl") == []


def test_one_sentence_stays_whole_with_whitespace_normalised() -> None:
    assert split_statements("  The app\n crashes   on login ", "en") == ["The app crashes on login"]


def test_sentences_are_split() -> None:
    text = "The delivery was two days late. The driver was very rude. I want my money back!"
    assert split_statements(text, "en") == [
        "The delivery was two days late.",
        "The driver was very rude.",
        "I want my money back!",
    ]


def test_abbreviations_in_dutch_and_german_do_not_end_a_sentence() -> None:
    german = "Der Zug kam z.B. am 3. Mai zu spät. Das Personal war aber sehr freundlich."
    assert split_statements(german, "de") == [
        "Der Zug kam z.B. am 3. Mai zu spät.",
        "Das Personal war aber sehr freundlich.",
    ]
    dutch = "De trein was o.a. vaak te laat. Bijv. gisteren nog een uur. Het personeel was wel vriendelijk."
    assert split_statements(dutch, "nl")[-1] == "Het personeel was wel vriendelijk."
    assert all(not s.startswith("laat") for s in split_statements(dutch, "nl"))


def test_very_short_fragments_join_a_neighbour() -> None:
    assert split_statements("Thanks! The staff helped me find the right size quickly.", "en") == [
        "Thanks! The staff helped me find the right size quickly."
    ]
    assert split_statements("The room was clean and quiet. Great!", "en") == [
        "The room was clean and quiet. Great!"
    ]


def test_long_sentences_are_cut_at_clause_boundaries() -> None:
    clause = "the parcel went to the wrong depot again"
    text = ", ".join([clause] * 25) + "."
    statements = split_statements(text, "en")
    assert len(statements) > 1
    assert all(len(s) <= MAX_CHARS for s in statements)
    assert " ".join(statements).replace(" ", "") == text.replace(" ", "")  # nothing lost


def test_an_unbroken_run_is_cut_hard() -> None:
    statements = split_statements("x" * 1000, "other")
    assert [len(s) for s in statements] == [400, 400, 200]


def test_unknown_language_uses_the_english_rules() -> None:
    assert split_statements("Très bien. Le service était parfait, merci beaucoup.", "other") == [
        "Très bien. Le service était parfait, merci beaucoup."
    ]
