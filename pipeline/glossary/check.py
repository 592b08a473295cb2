"""Checking a translation against the terms found in its source, WMT-style.

A term occurrence is satisfied when its required target (or a listed variant;
for do-not-translate terms the source form, exactly) appears in the target:
case-insensitive unless the entry is case-sensitive, on word boundaries for
spaced scripts, counted per occurrence (a term twice in the source needs two
matches in the target). Forbidden renderings found outside the matched terms
are reported on every occurrence of their term.
"""

from __future__ import annotations

from typing import Sequence

from pipeline.glossary.match import Folded, Matcher, Pattern
from pipeline.model import Term, TermCheck, TermHit, TermStatus


def _forms(term: Term) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f for f in term.required if f))


def _case(term: Term) -> bool:
    return term.case_sensitive or term.dnt


def check_translation(hits: Sequence[TermHit], target: str, target_language: str = "en") -> tuple[TermCheck, ...]:
    """One TermCheck per hit, in the order of ``hits``; status ``model`` or ``missing``."""
    del target_language  # boundaries follow each character's script
    if not hits:
        return ()
    found = occurrences(hits, target)
    forbidden = forbidden_found(hits, target, found)
    checks = []
    for index, hit in enumerate(hits):
        status = TermStatus.MODEL if index in found else TermStatus.MISSING
        checks.append(TermCheck(hit=hit, status=status, forbidden_hits=forbidden.get(hit.term, ()), span=found.get(index)))
    return tuple(checks)


def occurrences(hits: Sequence[TermHit], target: str) -> dict[int, tuple[int, int]]:
    """Which hits (by index) the target satisfies, with the span that does.

    Longer required forms claim their spans first, so ``reform`` inside
    ``reform and opening up`` does not satisfy a second, shorter term.
    """
    if not target:
        return {}
    folded = Folded(target)
    by_term: dict[Term, list[int]] = {}
    for index, hit in enumerate(hits):
        by_term.setdefault(hit.term, []).append(index)
    shared: dict[tuple[str, bool], list[Term]] = {}  # terms that share a target form
    for term in by_term:
        for form in _forms(term):
            shared.setdefault((form, _case(term)), []).append(term)
    patterns = [Pattern(form, case, terms) for (form, case), terms in shared.items()]
    result: dict[int, tuple[int, int]] = {}
    for start, end, pattern in Matcher(patterns).find(folded):
        for term in pattern.payload:
            waiting = by_term[term]
            if waiting:
                result[waiting.pop(0)] = (start, end)
                break
    return result


def forbidden_found(hits: Sequence[TermHit], target: str, found: dict[int, tuple[int, int]] | None = None) -> dict[Term, tuple[str, ...]]:
    """Forbidden renderings in the target, per term, outside the spans of satisfied terms."""
    terms = {h.term for h in hits if h.term.forbidden}
    if not target or not terms:
        return {}
    if found is None:
        found = occurrences(hits, target)
    patterns = [Pattern(form, t.case_sensitive, (t, form)) for t in terms for form in t.forbidden]
    result: dict[Term, list[str]] = {}
    for start, end, pattern in Matcher(patterns).find(target, taken=list(found.values())):
        term, form = pattern.payload
        result.setdefault(term, []).append(target[start:end])
    return {t: tuple(dict.fromkeys(v)) for t, v in result.items()}


def find_form(target: str, form: str, case_sensitive: bool = False) -> tuple[int, int] | None:
    """Span of the first occurrence of ``form`` in ``target`` (boundaries respected)."""
    found = find_all(target, form, case_sensitive)
    return found[0] if found else None


def find_all(target: str, form: str, case_sensitive: bool = False) -> list[tuple[int, int]]:
    """Spans of every occurrence of ``form`` in ``target``, on the checker's boundaries."""
    if not form or not target:
        return []
    return [(start, end) for start, end, _ in Matcher([Pattern(form, case_sensitive, form)]).find(target)]
