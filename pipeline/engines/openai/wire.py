"""What goes over the wire to an OpenAI-compatible chat server, and what comes back.

Each request is a short system prompt and one user message, a compact JSON
object (no spaces between its parts) ::

    {"context": {"title": "第一章", "before": "…the end of the text before"},
     "terms": {"一带一路": "Belt and Road", "发展": "development", "WTO": "WTO"},
     "avoid": {"发展": ["growth"]},
     "segments": {"1": "...", "2": "..."}}

``segments`` maps short ids, numbered within the batch, to consecutive
segments; ``terms`` only the glossary entries that occur in them (a
do-not-translate term maps to itself), ``avoid`` their forbidden renderings;
``context`` the section's title and the end of the text just before (at most
:data:`BEFORE_CHARS` characters), marked in the prompt as not to be
translated; in the term round ``missing_terms`` maps ids to the terms an
earlier answer left out. Every part but ``segments`` is left out when empty.
The answer must be a JSON object mapping each id to its translation.
:func:`parse_answer` is tolerant (code fences, prose around the object, the
object under ``"segments"`` or ``"translations"``, a list of ``{"id",
"text"}``); :func:`align` matches by id, never by position, and says which
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

WIRE_VERSION = "diglot-chat-2"
MESSAGE_TOKENS = 8  # the chat template around two messages, about
BEFORE_CHARS = 200  # the most of the text before a request that goes with it as context

DEFAULT_PROMPT = """\
Translate {source} into {target} for a bilingual edition.
The user's JSON "segments" maps ids to texts: translate each one on its own, completely.
"terms" gives the renderings to use (a term mapped to itself stays as it is).
"avoid" gives renderings never to use.
"context" is the text before: do not translate it.
"missing_terms" names terms an earlier answer left out: use them.
Answer with a JSON object mapping every id to its translation; never merge, split, skip or add ids.\
"""


@dataclass(frozen=True)
class Segment:
    """One segment as sent: its id in the request, its text, and the term hits in it."""

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


def messages(prompt: str, segments: Sequence[Segment], context: Mapping[str, str] | None = None, *,
             trim: bool = True) -> tuple[str, str]:
    """(system prompt, user message) of a request. With ``trim`` (the built-in prompt),
    a line of the prompt that explains a part of the message (it starts with the
    part's name in quotes) is left out when the message has no such part."""
    body = _body(segments, context)
    if trim:
        present = set(body)
        lines = [line for line in prompt.split("\n") if not _explains_absent(line, present)]
        prompt = "\n".join(lines)
    return prompt, json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def _explains_absent(line: str, present: set[str]) -> bool:
    match = re.match(r'"(\w+)" ', line)
    return match is not None and match.group(1) in _PARTS and match.group(1) not in present


_PARTS = ("terms", "avoid", "context", "missing_terms")


def user_message(segments: Sequence[Segment], context: Mapping[str, str] | None = None) -> str:
    """The user message of a request: one compact JSON object (see the module doc)."""
    return json.dumps(_body(segments, context), ensure_ascii=False, separators=(",", ":"))


def _body(segments: Sequence[Segment], context: Mapping[str, str] | None) -> dict[str, Any]:
    terms: dict[str, str] = {}
    avoid: dict[str, list[str]] = {}
    for segment in segments:
        for hit in segment.hits + segment.missing_terms:
            term = hit.term
            terms.setdefault(term.source, term.source if term.dnt else term.target)
            if term.forbidden:
                avoid.setdefault(term.source, list(term.forbidden))
    body: dict[str, Any] = {}
    if context:
        body["context"] = dict(context)
    if terms:
        body["terms"] = terms
    if avoid:
        body["avoid"] = avoid
    missing = {s.id: list(dict.fromkeys(h.term.source for h in s.missing_terms)) for s in segments if s.missing_terms}
    if missing:
        body["missing_terms"] = missing
    body["segments"] = {s.id: s.text for s in segments}
    return body


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
    with translations in it amid prose: an object mapping ids to texts (as
    asked, or under ``"segments"`` or ``"translations"``), or a list of
    ``{"id", "text"}``.
    """
    candidates = [content] + [m.group(1) for m in _FENCE.finditer(content or "")]
    for text in candidates:
        for value in _json_values(text):
            pairs = _pairs(value)
            if pairs is not None:
                return pairs
    return None


class _Object(dict):
    """A JSON object that keeps every (key, value) pair: an id answered twice is seen."""

    def __init__(self, pairs):
        super().__init__(pairs)
        self.pairs = pairs


def _json_values(text: str):
    text = (text or "").strip()
    try:
        yield json.loads(text, object_pairs_hook=_Object)
        return
    except ValueError:
        pass
    decoder = json.JSONDecoder(object_pairs_hook=_Object)
    for match in re.finditer(r"[\[{]", text):
        try:
            value, _ = decoder.raw_decode(text, match.start())
        except ValueError:
            continue
        yield value


def _pairs(value: Any) -> list[tuple[str, Any]] | None:
    if isinstance(value, dict):
        for key in ("translations", "segments"):
            if isinstance(value.get(key), (list, dict)):
                value = value[key]
                break
    if isinstance(value, dict):
        if any(isinstance(v, str) for v in value.values()):
            pairs = value.pairs if isinstance(value, _Object) else list(value.items())
            return [(str(k), v) for k, v in pairs]  # a value that is no text counts as empty
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


def request_tokens(prompt: str, message: str) -> int:
    """About the input tokens of a request: its two messages and their framing."""
    return estimate_tokens(prompt) + estimate_tokens(message) + MESSAGE_TOKENS


def estimate_tokens(text: str) -> int:
    """A rough token count: one per CJK character, one per four other characters."""
    wide = sum(1 for ch in text if ord(ch) >= 0x2E80)
    return wide + (len(text) - wide + 3) // 4
