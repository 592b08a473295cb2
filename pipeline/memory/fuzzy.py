"""Fuzzy matches: reviewed text of a similar source, for a source the memory has no reviewed text for.

A source edited after review (a typo fixed, ``，`` made ``,``) is a new source
to the memory, so its reviewed translation no longer applies exactly. This
module finds it again, the way CAT tools do:

- by character similarity (rapidfuzz's Indel ratio, in percent, the measure
  difflib's ``SequenceMatcher.ratio`` computes, in C++): the most similar
  reviewed or approved source at or above ``threshold`` (75 by default, the
  usual lowest fuzzy band of CAT tools);
- by document position: the sentence that stood at the same place in the
  document when it was last built, if it was reviewed and is gone now, at or
  above ``position_threshold`` (50): a sentence rewritten in place.

Only for a source that was edited: the reviewed source matched is gone from
the document (a reviewed sentence the document still has is never offered for
another, similar one: ``Illo3`` is not ``Illo1``, a repeated phrase is not an
edit). And never across a different number or Latin-script word or name:
the two sources must carry the same ones (:func:`tokens`), or the reviewed
text would say the wrong thing.

Entry point: :func:`fuzzy_matches`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Iterable, Mapping, Sequence

from pipeline.model import USER_STATUSES, FuzzyMatch, MemoryEntry, text_hash

THRESHOLD = 75
POSITION_THRESHOLD = 50


def similarity(a: str, b: str) -> int:
    """Character similarity of two texts in whole percent (0–100)."""
    from rapidfuzz import fuzz

    return int(fuzz.ratio(a, b))


def fuzzy_matches(
    sources: Sequence[str],
    reviewed: Iterable[MemoryEntry],
    *,
    current: Mapping[str, MemoryEntry] | None = None,
    previous: Sequence[str] = (),
    threshold: int = THRESHOLD,
    position_threshold: int = POSITION_THRESHOLD,
) -> dict[str, FuzzyMatch]:
    """The best fuzzy match for each of ``sources`` (in document order) that has one, by source.

    ``reviewed``: the memory's reviewed/approved entries of the pair;
    ``current``: the memory's entry for each source (a source with reviewed
    text of its own is not matched; a machine text is kept as the match's
    ``memory_target``); ``previous``: the source hashes of the document as
    last built, in order, for the position rule.
    """
    from rapidfuzz import fuzz

    current = current or {}
    present = {text_hash(s) for s in sources}
    pool = [e for e in reviewed if e.target and e.source_hash not in present]  # gone: its source was edited
    by_hash = {e.source_hash: e for e in pool}
    asked = list(dict.fromkeys(
        s for s in sources
        if (e := current.get(s)) is None or e.status not in USER_STATUSES
    ))
    similar = _one_each(_similar_alike(asked, pool, threshold), previous)
    found: dict[str, FuzzyMatch] = {}
    for position, source in enumerate(sources):
        if source in found or source not in similar:
            continue
        best = similar[source]
        if best is None and position < len(previous):
            old = by_hash.get(previous[position])
            if old is not None and tokens(old.source) == tokens(source):
                score = int(fuzz.ratio(source, old.source))
                if score >= position_threshold:
                    best = (score, old)
        if best is not None:
            score, old = best
            entry = current.get(source)
            found[source] = FuzzyMatch(
                source=source, matched_source=old.source, target=old.target, score=min(score, 99), status=old.status,
                memory_target=entry.target if entry is not None else "",
            )
    return found


def _one_each(similar: dict, previous: Sequence[str]) -> dict:
    """An edit makes one sentence of one: each gone source is offered only for its most similar
    new source (a sentence new since the last build first, then the earliest)."""
    before = set(previous)
    claims: dict[str, tuple] = {}
    for position, (source, best) in enumerate(similar.items()):
        if best is not None:
            rank = (best[0], text_hash(source) not in before, -position)
            if best[1].source_hash not in claims or rank > claims[best[1].source_hash][0]:
                claims[best[1].source_hash] = (rank, source)
    chosen = {source for _, source in claims.values()}
    return {source: best if source in chosen else None for source, best in similar.items()}


_TOKEN = re.compile(r"[0-9]+(?:[.,:/][0-9]+)*|[A-Za-z][A-Za-z0-9]*")


def tokens(text: str) -> tuple[str, ...]:
    """What a translation must carry over unchanged: numbers, and Latin-script words and names
    (``Illo3``, ``2023``, ``IEA``), full-width forms read as ASCII; sorted."""
    return tuple(sorted(_TOKEN.findall(unicodedata.normalize("NFKC", text))))


def _similar_alike(queries: list[str], pool: list[MemoryEntry], threshold: int):
    """For each query: (score, entry) of the most similar pooled source at or above ``threshold``
    with the same numbers and Latin tokens (``Illo3`` is never ``Illo1``), or None."""
    groups: dict[tuple[str, ...], list[MemoryEntry]] = {}
    for entry in pool:
        groups.setdefault(tokens(entry.source), []).append(entry)
    wanted: dict[tuple[str, ...], list[str]] = {}
    for query in queries:
        wanted.setdefault(tokens(query), []).append(query)
    out: dict[str, tuple[int, MemoryEntry] | None] = {}
    for key, asked in wanted.items():
        choices = groups.get(key, [])
        for query, best in _most_similar(asked, [e.source for e in choices], threshold).items():
            out[query] = (best[0], choices[best[1]]) if best is not None else None
    return {query: out[query] for query in queries}  # in the queries' (document) order


def _most_similar(queries: list[str], choices: list[str], threshold: int, chunk: int = 256):
    """For each query: (score, index of the most similar choice) at or above ``threshold``, or None.

    One rapidfuzz ``cdist`` per chunk of queries (a uint8 score matrix).
    """
    if not choices:
        return {q: None for q in queries}
    import numpy
    from rapidfuzz import fuzz, process

    out: dict[str, tuple[int, int] | None] = {}
    for start in range(0, len(queries), chunk):
        part = queries[start : start + chunk]
        scores = process.cdist(part, choices, scorer=fuzz.ratio, score_cutoff=threshold, dtype=numpy.uint8)
        best = scores.argmax(axis=1)
        for query, row, index in zip(part, scores, best):
            out[query] = (int(row[index]), int(index)) if row[index] >= threshold else None
    return out


def difference(old: str, new: str, *, limit: int = 6) -> str:
    """What changed from ``old`` to ``new``, briefly: ``，→,``, ``+X``, ``-Y`` (at most ``limit`` changes)."""
    changes = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "replace":
            changes.append(f"{old[a1:a2]}→{new[b1:b2]}")
        elif op == "delete":
            changes.append(f"-{old[a1:a2]}")
        elif op == "insert":
            changes.append(f"+{new[b1:b2]}")
    more = f" (+{len(changes) - limit} more)" if len(changes) > limit else ""
    return " ".join(changes[:limit]) + more
