"""What goes over the wire to an OpenAI-compatible chat server, and what comes back.

Each request is a system prompt and one user message: a JSON object ::

    {"segments": [{"id": "p3.1", "text": "..."}, ...],        # consecutive segments
     "terms": [{"source": "一带一路", "target": "Belt and Road"},
               {"source": "发展", "target": "development", "forbidden": ["growth"]},
               {"source": "WTO", "target": "WTO", "do_not_translate": true}],
     "context": {"note": "for reference only; do not translate",
                 "document_title": "...", "section_title": "...",
                 "previous_paragraph": {"source": "...", "translation": "..."}}}

(``terms`` only the glossary entries that occur in these segments; ``context``
what is known.) The answer must be ``{"translations": [{"id": ..., "text": ...}]}``.
:func:`parse_answer` is tolerant (code fences, prose around the object, a bare
list); :func:`align` matches by id, never by position, and says which
segments are not answered reliably: missing, empty, an id answered twice, an
extra id (the batch is suspect), or two segments merged (a missing one's
neighbours may hold its text; two ids with one text).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from pipeline.languages import name as language_name
from pipeline.model import TermHit

WIRE_VERSION = "diglot-chat-1"
CONTEXT_NOTE = "for reference only; do not translate"

DEFAULT_PROMPT = """\
You are a professional translator preparing a bilingual edition. Translate from {source} into {target}.

The user sends one JSON object:
- "segments": consecutive segments of one document, each {{"id": ..., "text": ...}}. Translate each segment's text on its own, completely, faithfully and idiomatically.
- "terms": glossary entries that occur in these segments. Render each "source" with its "target" exactly. Never use a rendering listed under "forbidden". A term marked "do_not_translate" stays exactly as it is.
- "context": the document's and section's titles and the previous paragraph with its translation. It is for reference only: do not translate it.
A segment may carry "missing_terms": an earlier translation of it left these glossary terms out; this time use them.

Answer with one JSON object and nothing else:
{{"translations": [{{"id": ..., "text": ...}}]}}
with exactly one entry per segment id, in the same order. Never merge, split, skip or add segments.
"""


@dataclass(frozen=True)
class Segment:
    """One segment as sent: its id, its text, and the term hits in it."""

    id: str
    text: str
    hits: tuple[TermHit, ...] = ()
    missing_terms: tuple[TermHit, ...] = ()


def system_prompt(template: str, source_language: str, target_language: str) -> str:
    """The system prompt for a pair: ``{source}``/``{target}`` in the template are the language names."""
    names = {"source": _name(source_language), "target": _name(target_language)}
    try:
        return template.format(**names)
    except (KeyError, IndexError, ValueError):  # a user's prompt with other braces: taken as it is
        return template


def _name(code: str) -> str:
    try:
        return f"{language_name(code)} ({code})"
    except Exception:  # noqa: BLE001 - any code is acceptable to a chat model
        return code


def prompt_digest(prompt: str) -> str:
    """Identifies the prompt and the wire format in the memory's producer signature."""
    return hashlib.sha256(f"{WIRE_VERSION}\n{prompt}".encode("utf-8")).hexdigest()[:16]


def _term(hit: TermHit) -> dict[str, Any]:
    term = hit.term
    entry: dict[str, Any] = {"source": term.source, "target": term.source if term.dnt else term.target}
    if term.dnt:
        entry["do_not_translate"] = True
    if term.forbidden:
        entry["forbidden"] = list(term.forbidden)
    return entry


def user_message(segments: Sequence[Segment], context: Mapping[str, Any] | None = None) -> str:
    """The last user message of a request: one JSON object (see the module doc)."""
    terms: dict[tuple, dict[str, Any]] = {}
    for segment in segments:
        for hit in segment.hits:
            entry = _term(hit)
            terms.setdefault(json.dumps(entry, sort_keys=True, ensure_ascii=False), entry)
    items = []
    for segment in segments:
        item: dict[str, Any] = {"id": segment.id, "text": segment.text}
        if segment.missing_terms:
            item["missing_terms"] = [_term(h) for h in dict.fromkeys(segment.missing_terms)]
        items.append(item)
    body: dict[str, Any] = {"segments": items, "terms": list(terms.values())}
    if context:
        body["context"] = {"note": CONTEXT_NOTE, **context}
    return json.dumps(body, ensure_ascii=False)


def chat_body(model: str, prompt: str, message: str, temperature: float, json_mode: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "model": model,
        "messages": [{"role": "system", "content": prompt}, {"role": "user", "content": message}],
        "temperature": temperature,
    }
    if json_mode:
        body["response_format"] = {"type": "json_object"}
    return body


# -- reading answers ------------------------------------------------------------------------

_FENCE = re.compile(r"```[A-Za-z0-9_-]*\s*\n?(.*?)```", re.S)


def parse_answer(content: str) -> list[tuple[str, Any]] | None:
    """(id, text) pairs from a model's answer, or None when it holds no usable JSON.

    Takes the object as it is, inside a code fence, or the first JSON value
    with translations in it amid prose; ``{"translations": [...]}``, a bare
    list of ``{"id", "text"}``, or an object mapping ids to texts.
    """
    candidates = [content] + [m.group(1) for m in _FENCE.finditer(content or "")]
    for text in candidates:
        for value in _json_values(text):
            pairs = _pairs(value)
            if pairs is not None:
                return pairs
    return None


def _json_values(text: str):
    text = (text or "").strip()
    try:
        yield json.loads(text)
        return
    except ValueError:
        pass
    decoder = json.JSONDecoder()
    for match in re.finditer(r"[\[{]", text):
        try:
            value, _ = decoder.raw_decode(text, match.start())
        except ValueError:
            continue
        yield value


def _pairs(value: Any) -> list[tuple[str, Any]] | None:
    if isinstance(value, dict) and isinstance(value.get("translations"), (list, dict)):
        value = value["translations"]
    if isinstance(value, dict):
        if value and all(isinstance(v, str) for v in value.values()):
            return [(str(k), v) for k, v in value.items()]
        return None
    if isinstance(value, list) and value and all(isinstance(i, dict) and "id" in i for i in value):
        return [(str(i["id"]), i.get("text", i.get("translation"))) for i in value]
    return None


@dataclass(frozen=True)
class Alignment:
    """What an answer gives each id: ``texts`` for the segments answered reliably,
    ``failed`` (in batch order) for those to ask again, and why, for the report."""

    texts: dict[str, str]
    failed: tuple[str, ...]
    problems: tuple[str, ...]


def align(ids: Sequence[str], sources: Mapping[str, str], pairs: list[tuple[str, Any]] | None) -> Alignment:
    """Match an answer to the segments sent, by id (see the module doc)."""
    if pairs is None:
        return Alignment({}, tuple(ids), ("no JSON with translations in the answer",))
    wanted = set(ids)
    answers: dict[str, list[Any]] = {}
    extra = []
    for key, text in pairs:
        if key in wanted:
            answers.setdefault(key, []).append(text)
        else:
            extra.append(key)
    problems: list[str] = []
    bad: set[str] = set()
    if extra:
        problems.append(f"extra id(s) {', '.join(extra[:5])}")
        bad = set(ids)  # a segment split in two, or text put under a made-up id: nothing is trusted
    for i, key in enumerate(ids):
        got = answers.get(key, [])
        if len(got) > 1:
            problems.append(f"{key} answered {len(got)} times")
            bad.add(key)
        elif not got or not isinstance(got[0], str) or not got[0].strip():
            problems.append(f"{key} {'missing' if not got else 'empty'}")
            bad.add(key)
            # two segments merged into one answer: a neighbour may hold this one's text
            bad.update(ids[j] for j in (i - 1, i + 1) if 0 <= j < len(ids))
    by_text: dict[str, list[str]] = {}
    for key in ids:
        got = answers.get(key, [])
        if len(got) == 1 and isinstance(got[0], str) and got[0].strip():
            by_text.setdefault(got[0].strip(), []).append(key)
    for text, keys in by_text.items():
        if len(keys) > 1 and len({sources[k] for k in keys}) > 1:
            problems.append(f"{', '.join(keys)} answered with one text")
            bad.update(keys)
    texts = {k: answers[k][0].strip() for k in ids if k not in bad}
    return Alignment(texts, tuple(k for k in ids if k in bad), tuple(problems))


def estimate_tokens(text: str) -> int:
    """A rough token count: one per CJK character, one per four other characters."""
    wide = sum(1 for ch in text if ord(ch) >= 0x2E80)
    return wide + (len(text) - wide + 3) // 4
