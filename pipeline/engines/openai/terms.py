"""The term round of the openai engine: check each answer, ask once more for what is missing.

After a batch is answered, the same checker as for Argos runs on each target.
Segments whose required terms are missing (or that use a forbidden rendering)
are asked once more, with those terms named (``missing_terms``); the new text
is kept when it satisfies more. Each hit's status: ``model`` (the first answer
had it), ``repaired`` (the second did), ``missing``. The statuses go into the
details JSON that the term report and later runs read
(:func:`pipeline.glossary.details_to_checks`).
"""

from __future__ import annotations

import json
from typing import Sequence

from pipeline.glossary.check import forbidden_found, occurrences
from pipeline.model import TermHit, TermStatus


def cost(hits: Sequence[TermHit], text: str) -> tuple[int, int]:
    """(required terms missing, forbidden renderings found) of a target."""
    found = occurrences(hits, text)
    forbidden = forbidden_found(hits, text, found)
    return len(hits) - len(found), sum(len(v) for v in forbidden.values())


def to_repair(hits: Sequence[TermHit], text: str) -> tuple[TermHit, ...]:
    """The hits to name when asking again: missing ones, and those whose forbidden rendering is used."""
    if not hits or not text:
        return ()
    found = occurrences(hits, text)
    forbidden = forbidden_found(hits, text, found)
    return tuple(h for i, h in enumerate(hits) if i not in found or h.term in forbidden)


def settle(hits: Sequence[TermHit], first: str, second: str | None) -> tuple[str, str]:
    """(target, details JSON): the second text when it is better, with each hit's status."""
    text = second if second and cost(hits, second) < cost(hits, first) else first
    if not hits:
        return text, ""
    before = occurrences(hits, first)
    now = occurrences(hits, text)
    forbidden = forbidden_found(hits, text, now)
    terms = []
    for index, hit in enumerate(hits):
        status = TermStatus.MISSING if index not in now else (TermStatus.MODEL if index in before else TermStatus.REPAIRED)
        terms.append({
            "source": hit.term.source, "target": hit.term.target, "start": hit.start, "end": hit.end,
            "status": status, "forbidden": list(forbidden.get(hit.term, ())),
        })
    return text, json.dumps({"terms": terms}, ensure_ascii=False, separators=(",", ":"))
