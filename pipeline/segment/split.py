"""Cut one paragraph into sentences, in one pass (linear in its length).

Languages written without spaces (Chinese, Japanese; Thai, see below): a
sentence ends after ``。！？；｡``, ``……``/``…`` (and runs of them), with the
closing quotes and brackets that follow; ``：`` and ``，`` never end one, and
neither does anything inside a number, a date or a Latin word. A Japanese
quotation followed by a particle (「はい。」と言った, 『…。』を読んだ) stays in the
sentence that quotes it.

Languages written with spaces: an end mark of the script (see
:mod:`pipeline.segment.data_scripts`: "." "!" "?" "…", Greek ";", and the
marks that end a sentence wherever they stand: Devanagari "।", Urdu "۔",
Arabic "؟", Armenian "։", Burmese "။", Amharic "።" …), the closing quotes
after it (German „…“ ends after “), then whitespace; whether a period ends the
sentence is decided by :mod:`pipeline.segment.periods` (abbreviations,
initials, ordinals per language). In every language no sentence ends inside a
title bracket (《…！…》) or inside a quotation that is part of a sentence
(„Ahoj. Ako sa máš,“ povedal) and a numbered list on one line is cut before its
numbers (:mod:`pipeline.segment.spans`).

Thai (and Lao, Khmer without "។") marks a sentence end with a space, which
also separates phrases: telling the two apart needs a word model, which is out
of reach here; a Thai paragraph is cut only at "!", "?" and the marks above.
"""

from __future__ import annotations

import re

from pipeline.segment.data_scripts import CLOSERS
from pipeline.segment.periods import glued_ends, soft_ends_in
from pipeline.segment.rules import base_code, rules_for
from pipeline.segment.spans import inside_title, list_items, quotation_spans, title_spans

_UNSPACED = frozenset({"zh", "zt", "ja", "th", "lo"})
_CLOSE = re.escape(CLOSERS)

# CJK: 。！？；｡ (and the full-width period ． of Japanese technical writing, not
# inside a number) and ellipses, any run of them (also ！？ and ?! mixes), then closers
# and whitespace. ASCII ! and ? end a sentence only when no Latin letter stands
# before them and no Latin letter or digit after (so that "Yahoo!" stays whole).
# Every alternative starts with a literal or a class, so that re scans for the
# first character in C (3x faster than trying each alternative at every position).
_CJK_END = re.compile(
    rf"(?:[。！？；｡]|……*|\.\.\.+|[!?](?<![A-Za-z][!?])(?![A-Za-z0-9])|．(?![0-9０-９]))"
    rf"(?:[。！？；｡!?…．]|\.{{3,}})*[{_CLOSE}]*\s*"
)
# A particle after a closing quote: the quotation is part of the sentence (と言った, を読んだ);
# words that open sentences with the same kana (ところで, とても, とにかく, ともかく) excluded.
_JA_PARTICLE = re.compile(r"(?:って|[をがにの]|と(?!ころ|ても|にかく|もかく))")
_CLOSERS = frozenset(CLOSERS)
_TITLE_HINT = re.compile("[《〈「『【]")
_QUOTE_HINT = re.compile('[„«“"‹]')
# A list has a second item: look for one before looking for the list.
_LIST_HINT = re.compile(r"(?<!\S)[2bB](?:\.\)?|\))\s|\s[•◦▪‣⁃][\s\d]")


def split_sentences(text: str, language: str) -> list[str]:
    """The sentences of one paragraph; joining them gives ``text`` back."""
    if not text:
        return []
    base = base_code(language)
    if base in _UNSPACED:
        return _pieces(text, _unspaced_ends(text, base == "ja"))
    return _pieces(text, _spaced_ends(text, base))


def _titles(text: str) -> tuple[list[int], list[int]]:
    return title_spans(text) if _TITLE_HINT.search(text) else ([], [])


def _unspaced_ends(text: str, japanese: bool) -> list[int]:
    starts, ends = _titles(text)
    cuts = []
    for match in _CJK_END.finditer(text):
        if starts and inside_title(starts, ends, match.start(), match.start() + len(match.group().rstrip())):
            continue
        if japanese and match.group()[-1] in _CLOSERS and _JA_PARTICLE.match(text, match.end()):
            continue  # 「はい。」と言った: the quotation goes on into the sentence that quotes it
        cuts.append(match.end())
    return cuts


def _spaced_ends(text: str, base: str) -> list[int]:
    rules = rules_for(base)
    starts, ends = _titles(text)
    quoted, unquoted = quotation_spans(text) if _QUOTE_HINT.search(text) else ([], [])
    periods, items = list_items(text) if _LIST_HINT.search(text) else (frozenset(), [])
    soft_ends = soft_ends_in(text, rules)
    cuts = []
    for match in rules.end.finditer(text):
        mark = match.start()
        if starts and inside_title(starts, ends, mark, match.start() + len(match.group().rstrip())):
            continue
        if quoted and inside_title(quoted, unquoted, mark, match.start() + len(match.group().rstrip())):
            continue  # „Ahoj. Ako sa máš,“ povedal: the quotation is part of the sentence
        soft = match.group("soft")
        if match.group("glued"):
            if not glued_ends(text, mark, rules):
                continue
        elif soft is not None:
            if mark in periods:
                continue
            if not soft_ends(mark, match.end(), soft == "."):
                continue
        cuts.append(match.end())
    if items:
        cuts = sorted(set(cuts).union(items))
    return cuts


def _pieces(text: str, cuts: list[int]) -> list[str]:
    """``text`` cut at ``cuts`` (ascending): no empty piece and none of whitespace alone (whitespace
    before the first sentence joins it, a tail of whitespace joins the piece before it)."""
    out: list[str] = []
    start = 0
    for end in cuts:
        if end > start and not text[start:end].isspace():
            out.append(text[start:end])
            start = end
    if start < len(text):
        if out and not text[start:].strip():
            out[-1] += text[start:]
        else:
            out.append(text[start:])
    return out
