"""Finding glossary terms in a source segment.

Matching runs on a folded copy of the text (NFKC, so full-width and half-width
forms meet; the middle dots of foreign names made one; runs of white space made
one space; lower case for entries that are not case-sensitive) with an index map
back to the original text, so offsets always point into the segment as written.

Longest term first, then leftmost, never overlapping: a long term wins over the
short terms inside it. Characters of unspaced scripts (Han, kana, Thai) match
anywhere; a term that starts or ends with a Latin letter or digit must sit on a
word boundary.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from functools import lru_cache
from typing import Iterable, Sequence

from pipeline.model import Glossary, Segment, Term, TermHit

_DOTS = {"・": "·", "･": "·", "‧": "·", "•": "·", "∙": "·", "⋅": "·", "．": "."}


@lru_cache(maxsize=65536)
def _fold_char(char: str) -> tuple[str, str]:
    """(case-kept fold, lower-case fold) of one character, equal in length."""
    if char.isspace():
        return " ", " "
    folded = unicodedata.normalize("NFKC", char)
    folded = "".join(_DOTS.get(c, c) for c in folded)
    lower = folded.lower()
    if len(lower) != len(folded):
        lower = folded
    return folded, lower


class _Everywhere:
    """A boundary map where every folded index starts an original character."""

    __slots__ = ()

    def __getitem__(self, index: int) -> bool:
        return True


_EVERYWHERE = _Everywhere()


class _FoldTable(dict):
    """Code point -> one view of its fold (``kept`` or ``lower``), for ``str.translate``,
    filled as characters are met. A character whose fold is not one character
    (ligatures, ㎡) maps to two NULs, so that the translated text is longer than
    the text: :func:`_fast` then refuses it."""

    def __init__(self, view: int):
        super().__init__()
        self.view = view

    def __missing__(self, code: int) -> str:
        if len(self) > 200_000:  # a text of every code point: keep the table bounded
            self.clear()
        folded = _fold_char(chr(code))[self.view]
        self[code] = value = folded if len(folded) == 1 else "\x00\x00"
        return value


_KEPT, _LOWER = _FoldTable(0), _FoldTable(1)
_SPACE_RUN = re.compile(r"\s\s")


def _fast(text: str, *, kept: bool = True) -> tuple[str, str] | None:
    """(kept, lower) when every character folds to exactly one and no white space runs; else None.

    Most text is like that, and then folding is ``str.translate`` (in C)
    instead of a Python loop over every character. ``kept=False``: the lower
    view alone (kept is then "").
    """
    if _SPACE_RUN.search(text):
        return None
    lower = text.translate(_LOWER)
    if len(lower) != len(text):
        return None
    return (text.translate(_KEPT) if kept else ""), lower


class Folded:
    """A text folded for matching, with the map back to original offsets."""

    __slots__ = ("original", "kept", "lower", "origin", "boundary")

    def __init__(self, text: str):
        fast = _fast(text)
        if fast is not None:
            self.original, (self.kept, self.lower) = text, fast
            self.origin, self.boundary = range(len(text)), _EVERYWHERE
            return
        kept: list[str] = []
        lower: list[str] = []
        origin: list[int] = []  # folded index -> original index
        boundary: list[bool] = []  # folded index starts an original character
        for i, char in enumerate(text):
            k, low = _fold_char(char)
            if k == " " and kept and kept[-1] == " ":
                continue  # runs of white space fold to one space
            for j, (a, b) in enumerate(zip(k, low)):
                kept.append(a)
                lower.append(b)
                origin.append(i)
                boundary.append(j == 0)
        self.original = text
        self.kept = "".join(kept)
        self.lower = "".join(lower)
        self.origin = origin
        self.boundary = boundary

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """Original (start, end) of folded [start, end), or None if it cuts a character."""
        if not self.boundary[start] or (end < len(self.kept) and not self.boundary[end]):
            return None
        last = self.origin[end - 1]
        orig_end = last + 1
        return self.origin[start], orig_end

    def view(self, case_sensitive: bool) -> str:
        return self.kept if case_sensitive else self.lower


def fold(text: str, case_sensitive: bool = False) -> str:
    f = Folded(text)
    return f.view(case_sensitive).strip()


def is_word_char(char: str) -> bool:
    """A letter or digit of a spaced script (where word boundaries matter)."""
    if not (char.isalnum() or char == "_"):
        return False
    return not _unspaced(char)


def _unspaced(char: str) -> bool:
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF  # CJK radicals, kana, CJK unified
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
        or 0x0E00 <= code <= 0x0E7F  # Thai
        or 0xFF66 <= code <= 0xFF9F  # half-width kana
    )


def _bounded(view: str, start: int, end: int) -> bool:
    if is_word_char(view[start]) and start > 0 and is_word_char(view[start - 1]):
        return False
    if is_word_char(view[end - 1]) and end < len(view) and is_word_char(view[end]):
        return False
    return True


class Pattern:
    """One searchable form (a term's source, or a target form when checking)."""

    __slots__ = ("text", "case_sensitive", "payload")

    def __init__(self, text: str, case_sensitive: bool, payload):
        self.text = fold(text, case_sensitive)
        self.case_sensitive = case_sensitive
        self.payload = payload


def _scanner(forms: Iterable[str]) -> re.Pattern:
    """A regex that finds where any of ``forms`` occurs (not which one): a trie,
    so that re tries the few branches that share a prefix instead of every form
    at every position. A form that extends a shorter one is left out."""
    forms = sorted(forms, key=len)
    trie: dict = {}
    for form in forms:
        node = trie
        for char in form:
            if "" in node:
                break  # a shorter form ends here: this one adds nothing
            node = node.setdefault(char, {})
        else:
            node[""] = {}

    def pattern(node: dict) -> str:
        prefix = ""
        while len(node) == 1 and "" not in node:  # one way on: no group
            ((char, node),) = node.items()
            prefix += re.escape(char)
        if "" in node:
            return prefix
        leaves = "".join(re.escape(c) for c, child in sorted(node.items()) if "" in child)
        branches = [re.escape(c) + pattern(child) for c, child in sorted(node.items()) if "" not in child]
        if leaves:
            branches.append(leaves if len(node) == 1 or len(leaves) == 1 else f"[{leaves}]")
        return prefix + (branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")")

    try:
        return re.compile(pattern(trie))
    except (RecursionError, re.error):  # a glossary shaped to nest too deep: the plain alternation
        return re.compile("|".join(map(re.escape, reversed(forms))))


class Matcher:
    """Patterns indexed by their first folded character (lower-cased)."""

    def __init__(self, patterns: Iterable[Pattern]):
        self.by_first: dict[str, list[Pattern]] = {}
        for p in patterns:
            if p.text:
                self.by_first.setdefault(p.text[0].lower(), []).append(p)
        for group in self.by_first.values():
            group.sort(key=lambda p: -len(p.text))
        # one scan in C tells the many segments without any term from the few with one
        forms = {p.text.lower() for group in self.by_first.values() for p in group}
        self.any = _scanner(forms) if forms else None

    def candidates(self, folded: Folded) -> list[tuple[int, int, Pattern]]:
        """Every occurrence of every pattern: (original start, original end, pattern)."""
        if self.any is None or self.any.search(folded.lower) is None:
            return []
        found = []
        lower = folded.lower
        kept = folded.kept
        for i, char in enumerate(lower):
            group = self.by_first.get(char)
            if not group:
                continue
            for p in group:
                view = kept if p.case_sensitive else lower
                end = i + len(p.text)
                if view.startswith(p.text, i) and _bounded(view, i, end):
                    span = folded.span(i, end)
                    if span is not None:
                        found.append((span[0], span[1], p))
        return found

    def find(self, text: str | Folded, taken: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int, Pattern]]:
        """Longest first, then leftmost, non-overlapping (also with ``taken`` spans)."""
        folded = text if isinstance(text, Folded) else Folded(text)
        found = self.candidates(folded)
        found.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
        used = list(taken)
        chosen = []
        for start, end, p in found:
            if any(start < b and a < end for a, b in used):
                continue
            used.append((start, end))
            chosen.append((start, end, p))
        chosen.sort(key=lambda c: c[0])
        return chosen


_cache: dict[int, tuple[Glossary, Matcher]] = {}


def matcher_for(glossary: Glossary) -> Matcher:
    hit = _cache.get(id(glossary))
    if hit is not None and hit[0] is glossary:
        return hit[1]
    matcher = Matcher(Pattern(t.source, t.case_sensitive, t) for t in glossary.terms)
    if len(_cache) > 16:
        _cache.clear()
    _cache[id(glossary)] = (glossary, matcher)
    return matcher


def find_terms(glossary: Glossary, segment: Segment | str, language: str = "zh") -> tuple[TermHit, ...]:
    """Every glossary term in the segment, in text order, with offsets into its text.

    ``language`` is the source language; boundaries follow each character's
    script, so a Latin term inside Chinese text is found and ``Sino`` is not
    found inside ``Sinology``.
    """
    if isinstance(segment, str):
        segment = Segment(id="", text=segment)
    if not glossary.terms or not segment.text:
        return ()
    del language  # boundaries depend on each character's script, not the language
    matches = matcher_for(glossary).find(segment.text)
    return tuple(TermHit(term=p.payload, segment_id=segment.id, start=s, end=e) for s, e, p in matches)


_BATCH = 64  # segments ruled out by one scan


def find_terms_in(glossary: Glossary, segments: Sequence[Segment], language: str = "zh") -> list[tuple[TermHit, ...]]:
    """:func:`find_terms` of each segment, in order: the same hits, found faster.

    Most segments hold no term. The texts of up to 64 segments are joined by
    NUL (no term holds one) and folded at once; where one scan of that finds
    no term, none of them has any. Folding is per character on that path, so
    each segment's folded text is a piece of the joined one: nothing is missed.
    """
    if not glossary.terms:
        return [() for _ in segments]
    scan = matcher_for(glossary).any
    out: list[tuple[TermHit, ...]] = []
    for first in range(0, len(segments), _BATCH):
        batch = segments[first : first + _BATCH]
        joined = _fast("\x00".join(s.text for s in batch), kept=False)
        if joined is not None and (scan is None or scan.search(joined[1]) is None):
            out.extend(() for _ in batch)
        else:
            out.extend(find_terms(glossary, s, language) for s in batch)
    return out


def term_key(term: Term) -> str:
    from pipeline.glossary.formats import canonical

    return json.dumps(canonical(term), ensure_ascii=False)


def term_digest(hits: Iterable[TermHit]) -> str:
    """Identifies the distinct glossary entries behind ``hits``; "" when none."""
    keys = sorted({term_key(h.term) for h in hits})
    if not keys:
        return ""
    return hashlib.sha256("\n".join(keys).encode("utf-8")).hexdigest()[:16]
