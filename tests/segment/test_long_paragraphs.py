"""A long paragraph is split as its parts are: the splitter remembers the decisions of a long
paragraph by the text around each mark (so that ``A. A. A. …`` over a megabyte is decided once,
not 333,000 times), and what it remembers never changes a sentence.

Each check splits the same text twice: remembering from the first candidate end on, and never
remembering (the constants that decide when, set through monkeypatch), and compares.
"""

from __future__ import annotations

import pytest

from pipeline.segment import periods, split_sentences
from test_split_latin import CASES as LATIN
from test_split_scripts import CASES as SCRIPTS


def split_both_ways(monkeypatch, text: str, language: str) -> tuple[list[str], list[str]]:
    with monkeypatch.context() as patched:
        patched.setattr(periods, "_DIRECT", 0)  # remember from the first decision on, in any paragraph
        patched.setattr(periods, "_TRIAL", 10**9)  # and never stop
        remembering = split_sentences(text, language)
    with monkeypatch.context() as patched:
        patched.setattr(periods, "_DIRECT", 10**9)  # never remember
        deciding = split_sentences(text, language)
    return remembering, deciding


@pytest.mark.parametrize("language, text, want", [*LATIN, *SCRIPTS])
def test_every_case_is_split_the_same_when_decisions_are_remembered(monkeypatch, language, text, want):
    remembering, deciding = split_both_ways(monkeypatch, text, language)
    assert remembering == deciding == want


def test_a_long_paragraph_of_every_case_is_split_the_same_either_way(monkeypatch):
    for language in sorted({language for language, _, _ in LATIN}):
        cases = [text for code, text, _ in LATIN if code == language]
        # the cases in many orders: each mark meets the same words before it in one place, other words in another
        long = " ".join(cases[i % len(cases)] for n in range(40) for i in range(n, n + len(cases), 1 + n % 3))
        remembering, deciding = split_both_ways(monkeypatch, long, language)
        assert remembering == deciding, language
        assert "".join(remembering) == long


def test_initials_and_numbered_items_repeated_through_a_long_paragraph(monkeypatch):
    # what a paragraph of a name index or a list pasted on one line looks like, over a hundred kilobytes
    entries = ["J. R. R. Tolkien, 12.", "A. B. Marsh, 7.", "1. The mill. 2. The river.", "See No. 5. Then go home.",
               "Ludwig XIV. Der König.", "It was you and I. Jones came later.", "King Rand I. Jones wrote it."]
    text = "   " + " ".join(entries[n % len(entries)] for n in range(6000))  # opening spaces: a list item's number
    remembering, deciding = split_both_ways(monkeypatch, text, "en")
    assert remembering == deciding
    assert split_sentences(text, "en") == deciding  # as a build splits it (remembering after the first 512)
    assert "J. R. R. Tolkien, 12. " in remembering and "Then go home. " in remembering
    assert "It was you and I. " in remembering and "King Rand I. Jones wrote it. " in remembering


def test_the_same_words_after_a_mark_with_other_words_before_it(monkeypatch):
    # "I" after a lower-case word is the pronoun and ends the sentence; after a name it is an initial
    tail = " Jones wrote the letter that evening and sent it north by the last coach."
    text = " ".join(("It was decided by you and I." if n % 2 else "It was decided by King Rand I.") + tail
                    for n in range(40))
    remembering, deciding = split_both_ways(monkeypatch, text, "en")
    assert remembering == deciding
    assert "It was decided by you and I. " in deciding
    assert "It was decided by King Rand I. Jones wrote the letter that evening and sent it north by the last coach. " \
        in deciding


def test_a_number_in_the_opening_spaces_and_the_same_number_further_on(monkeypatch):
    # the item number that opens the paragraph (after its indent) runs on; the same words later end a sentence
    item, later = "1. The mill stood by the river. ", "The rain stopped at noon and the mill was quiet again."
    text = " " * 200 + item + later + " " * 200 + item + later
    remembering, deciding = split_both_ways(monkeypatch, text, "en")
    assert remembering == deciding
    assert deciding[0] == " " * 200 + item
    assert "The mill stood by the river. " in deciding  # further on, "1." is no item number opening a line


def test_a_megabyte_of_initials_is_one_sentence_per_run_and_keeps_every_character():
    text = "A. " * 333_334
    sentences = split_sentences(text.strip(), "en")
    assert "".join(sentences) == text.strip()
    assert sentences == [text.strip()]  # an initial before an initial never ends a sentence
