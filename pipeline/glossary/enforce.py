"""Putting glossary terms into machine translations.

CTranslate2 has no constrained decoding, so terms are enforced in three steps,
each batched across the segments that need it:

1. ``model``: the plain best hypothesis already has every required term (or a
   variant) and no forbidden rendering;
2. ``nbest``: otherwise the best-scored of n hypotheses that does (segments
   decoded with fewer hypotheses are re-decoded n-best, only those);
3. ``forced``: for each term still missing, re-decode with a target prefix: the
   best text so far up to where the term belongs (where a forbidden rendering
   of it stands, or the spot proportional to the term's place in the source,
   cut at a word boundary), then the term itself; the model finishes the
   sentence. Repeated for the next missing term with the new text as the base.

Do-not-translate terms are forced in their source form, exactly. A term that
starts the sentence is capitalised. Whatever is still missing is reported as
``missing``; the text is never dropped. No placeholders are used (Argos's
decoder turns ``_`` into spaces).
"""

from __future__ import annotations

import json
from typing import Callable, Sequence

from pipeline.glossary.check import check_translation, find_form, forbidden_found, occurrences
from pipeline.glossary.match import is_word_char
from pipeline.model import Hypothesis, TermCheck, TermHit, TermStatus, TranslationRequest

Finish = Callable[[Sequence[TranslationRequest], Sequence[Sequence[Hypothesis]]], list[tuple[str, str]]]
_SATISFIED = (TermStatus.MODEL, TermStatus.NBEST, TermStatus.FORCED, TermStatus.REVIEWED)


class _State:
    """One request on its way to a final target."""

    def __init__(self, request: TranslationRequest, hypotheses: Sequence[Hypothesis]):
        self.request = request
        self.hits = tuple(request.hits)
        self.hypotheses = list(hypotheses)
        self.text = hypotheses[0].text if hypotheses else ""
        self.statuses: list[str] = [TermStatus.MISSING] * len(self.hits)
        self.done = not self.hits or not self.text.strip()
        self.tried: set[int] = set()

    def cost(self, text: str) -> tuple[int, int]:
        found = occurrences(self.hits, text)
        forbidden = forbidden_found(self.hits, text, found)
        return len(self.hits) - len(found), sum(len(v) for v in forbidden.values())

    def satisfied(self, text: str) -> set[int]:
        """Hits whose required form is in ``text`` (forbidden hits are reported apart)."""
        return set(occurrences(self.hits, text))


def make_finisher(engine, target_language: str, *, num_hypotheses: int = 4, max_forced: int = 4) -> Finish:
    """``finish(requests, hypotheses) -> [(target, details_json)]`` for translate_missing.

    ``details_json`` records each hit's status so that a later run reading the
    target from the memory reports the same (see :func:`details_to_checks`).
    """
    num_hypotheses = max(1, int(num_hypotheses or 1))

    def finish(requests: Sequence[TranslationRequest], hypotheses: Sequence[Sequence[Hypothesis]]) -> list[tuple[str, str]]:
        states = [_State(r, h) for r, h in zip(requests, hypotheses)]
        _choose(states, final=False)
        more = [s for s in states if not s.done and len(s.hypotheses) < num_hypotheses]
        if more and num_hypotheses > 1:
            decoded = _decode(engine, [s.request for s in more], num_hypotheses=num_hypotheses)
            if decoded is not None:
                for state, hyps in zip(more, decoded):
                    if hyps:
                        state.hypotheses = list(hyps)
        _choose(states, final=True)
        for _ in range(max_forced):
            if not _force_round(engine, states, target_language, min(num_hypotheses, 4)):
                break
        return [(_cased(s, target_language), _details(s, target_language)) for s in states]

    finish.num_hypotheses = num_hypotheses  # type: ignore[attr-defined]
    return finish


def _choose(states: list[_State], *, final: bool) -> None:
    """Pick each state's best text: model, then n-best; on ``final`` settle the base."""
    for state in states:
        if state.done:
            continue
        best = state.hypotheses[0].text
        best_ok = state.satisfied(best)
        if state.cost(best) == (0, 0):
            state.text, state.statuses, state.done = best, [TermStatus.MODEL] * len(state.hits), True
            continue
        ranked = sorted(range(len(state.hypotheses)), key=lambda k: (state.cost(state.hypotheses[k].text), k))
        pick = state.hypotheses[ranked[0]].text
        if state.cost(pick) == (0, 0):
            state.text, state.done = pick, True
        elif not final:
            continue
        else:
            state.text = pick
        ok = state.satisfied(pick)
        state.statuses = [(TermStatus.MODEL if i in best_ok or pick == best else TermStatus.NBEST) if i in ok
                          else TermStatus.MISSING for i in range(len(state.hits))]


def _force_round(engine, states: list[_State], target_language: str, num_hypotheses: int = 1) -> bool:
    """Force one more missing term into every state that still lacks one; False when none did."""
    work: list[tuple[_State, int, str]] = []
    for state in states:
        if state.done:
            continue
        missing = [i for i, s in enumerate(state.statuses) if s == TermStatus.MISSING and i not in state.tried]
        if not missing:
            state.done = True
            continue
        index = missing[0]
        state.tried.add(index)
        work.append((state, index, _prefix(state, index, target_language)))
    if not work:
        return False
    decoded = _decode(engine, [s.request for s, _, _ in work], num_hypotheses=num_hypotheses,
                      target_prefixes=[p for _, _, p in work])
    if decoded is None:
        return False
    spaced = _spaced(target_language)
    for (state, index, prefix), hyps in zip(work, decoded):
        texts = [h.text for h in hyps if h.text.strip()]
        if spaced:  # the model glued a word piece onto the forced term: keep the term a word
            texts += [_unglued(t, prefix) for t in texts if _unglued(t, prefix) != t]
        if not texts:
            continue
        before = state.cost(state.text)
        text = min(texts, key=state.cost)
        after = state.cost(text)
        if after >= before and not _moves_forward(state, index, text):
            continue  # forcing lost more than it won: keep the base
        ok = state.satisfied(text)
        old = state.statuses
        state.statuses = [(old[i] if old[i] in _SATISFIED else TermStatus.FORCED) if i in ok else TermStatus.MISSING
                          for i in range(len(state.hits))]
        state.text = text
        if after == (0, 0):
            state.done = True
    return True


def _moves_forward(state: _State, index: int, text: str) -> bool:
    """Forcing hit ``index`` can push out a term that stood after it in the base.

    That term then gets a forcing round of its own, so the step still counts
    when the forced term is in, no term before it in the source was lost, and
    no forbidden rendering came in.
    """
    now, then = state.satisfied(text), state.satisfied(state.text)
    start = state.hits[index].start
    kept = all(i in now for i in then if state.hits[i].start <= start)
    return index in now and kept and state.cost(text)[1] <= state.cost(state.text)[1]


def _prefix(state: _State, index: int, target_language: str) -> str:
    """The best text up to where hit ``index`` belongs, followed by its required form."""
    hit = state.hits[index]
    term = hit.term
    # One space for a run of them, as the decoder writes it, so the forced text starts with the prefix.
    form = " ".join((term.source if term.dnt else term.target).split())
    base = state.text
    source = state.request.source
    spaced = _spaced(target_language)

    cut = None
    for wrong in term.forbidden:  # replace a forbidden rendering where it stands
        span = find_form(base, wrong, term.case_sensitive)
        if span is not None:
            cut = span[0]
            break
    if cut is None:
        head = source[: hit.start].strip(" \t\"'“‘「『《（(")
        if not head:
            cut = 0
        else:
            cut = round(len(base) * hit.start / max(1, len(source)))
            cut = min(max(cut, 0), len(base))
            if spaced:
                while 0 < cut < len(base) and is_word_char(base[cut - 1]) and is_word_char(base[cut]):
                    cut -= 1
            spans = occurrences(state.hits, base)
            for i, (start, end) in spans.items():  # keep the terms already placed before this one
                if state.hits[i].start < hit.start:
                    cut = max(cut, end)
            for start, end in spans.values():
                if start < cut < end:
                    cut = start
    prefix = base[:cut].rstrip()
    if prefix and prefix[-1] in "\"'“‘(（[《「『":
        return prefix + form
    if not prefix or prefix[-1] in ".!?。！？":
        form = _capitalised(form, term)
    if not prefix:
        return form
    return prefix + (" " if spaced else "") + form


def _unglued(text: str, prefix: str) -> str:
    """``Belt and Roadsions`` -> ``Belt and Road sions`` when the prefix ends a forced term."""
    if (prefix and text.startswith(prefix) and len(text) > len(prefix)
            and is_word_char(prefix[-1]) and is_word_char(text[len(prefix)])):
        return prefix + " " + text[len(prefix):]
    return text


def _capitalised(form: str, term) -> str:
    if term.dnt or term.case_sensitive or not form or not form[0].islower():
        return form
    return form[0].upper() + form[1:]


def _cased(state: _State, target_language: str) -> str:
    """A sentence that starts with a term starts with a capital."""
    text = state.text
    if not state.hits or not text or not _spaced(target_language) or not text[0].islower():
        return text
    for i, span in occurrences(state.hits, text).items():
        term = state.hits[i].term
        if span[0] == 0 and not term.dnt and not term.case_sensitive:
            return text[0].upper() + text[1:]
    return text


def _spaced(code: str) -> bool:
    from pipeline.languages import is_cjk

    try:
        return not is_cjk(code)
    except Exception:
        return True


def _decode(engine, sources, *, num_hypotheses: int, target_prefixes=None):
    """engine.translate, or None when this engine cannot do it (no prefixes, no n-best)."""
    try:
        if target_prefixes is None:
            return engine.translate(list(sources), num_hypotheses=num_hypotheses)
        return engine.translate(list(sources), num_hypotheses=num_hypotheses, target_prefixes=list(target_prefixes))
    except (TypeError, NotImplementedError):
        return None


def _details(state: _State, target_language: str) -> str:
    if not state.hits:
        return ""
    text = _cased(state, target_language)
    forbidden = forbidden_found(state.hits, text) if text else {}
    terms = []
    for hit, status in zip(state.hits, state.statuses):
        terms.append({
            "source": hit.term.source, "target": hit.term.target, "start": hit.start, "end": hit.end,
            "status": status if text else TermStatus.MISSING,
            "forbidden": list(forbidden.get(hit.term, ())),
        })
    return json.dumps({"terms": terms}, ensure_ascii=False, separators=(",", ":"))


def details_to_checks(details: str, hits: Sequence[TermHit], target: str | None = None,
                      target_language: str = "en") -> tuple[TermCheck, ...]:
    """Rebuild the TermChecks recorded by the finisher for ``hits``.

    Returns () when the details do not cover every hit (an older entry, or
    none), unless ``target`` is given: then the target is checked afresh.
    """
    if not hits:
        return ()
    recorded: dict[tuple[str, int, int], dict] = {}
    try:
        for item in json.loads(details or "{}").get("terms", []):
            recorded[(item["source"], int(item["start"]), int(item["end"]))] = item
    except (ValueError, TypeError, KeyError, AttributeError):
        recorded = {}
    checks = []
    spans = occurrences(hits, target) if target else {}
    for index, hit in enumerate(hits):
        item = recorded.get((hit.term.source, hit.start, hit.end))
        if item is None or item.get("target") != hit.term.target:
            return check_translation(hits, target, target_language) if target is not None else ()
        checks.append(TermCheck(hit=hit, status=str(item.get("status", TermStatus.MISSING)),
                                forbidden_hits=tuple(item.get("forbidden", ())), span=spans.get(index)))
    return tuple(checks)
