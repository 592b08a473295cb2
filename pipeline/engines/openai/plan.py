"""Which segments go together in a request to a chat model, and the context that goes with them.

A batch is consecutive segments of one document: whole paragraphs where they
fit, at most ``segments_per_request`` of them, and no more source text than a
third of what the model's window has left after the system prompt (the
answer can take twice the source's tokens: English into Chinese does). Its
segments get short ids, numbered from 1 in the batch, and go without the
spaces around them. Its context is the
section's title and the end of the text just before it: the paragraph before
(in the target language where the memory already holds all of it, so that
the model continues in the same words; in the source language otherwise),
or the segments before it in the same paragraph. A request that asks again
for some of a batch's segments gets the end of the segments before them.

Everything is planned before the first request goes out, from what is known
then, so the requests do not depend on which answers come back first and
``--estimate`` counts the very messages a build sends.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from pipeline.engines.openai.wire import BEFORE_CHARS, Segment, estimate_tokens
from pipeline.languages import join_segments
from pipeline.model import TranslationRequest

TITLE_CHARS = 100  # the most of a section's title that goes with a request


@dataclass(frozen=True)
class Batch:
    requests: tuple[TranslationRequest, ...]
    segments: tuple[Segment, ...]  # as sent: ids "1", "2", … in the batch
    title: str  # the section's title (or the document's)
    before: str  # the end of the text before the batch, at most BEFORE_CHARS
    language: str  # the source language, for joining segments

    def context(self, segments: Sequence[Segment] = ()) -> dict[str, str]:
        """The context of a request for ``segments`` of this batch (all of them when empty)."""
        first = [s.id for s in self.segments].index(segments[0].id) if segments else 0
        before = self.before if first == 0 else tail(join_segments([s.text for s in self.segments[:first]],
                                                                   self.language))
        out: dict[str, str] = {}
        if self.title:
            out["title"] = self.title
        if before:
            out["before"] = before
        return out


def source_budget(window: int, prompt: str) -> int:
    """The most source tokens in one request, for a model that reads and writes ``window`` tokens."""
    left = window - estimate_tokens(prompt) - estimate_tokens("x" * (BEFORE_CHARS + TITLE_CHARS)) - 16
    return max(64, left // 3)


def segment_tokens(request: TranslationRequest) -> int:
    """A segment's tokens in a request: its text, its id and the quotes around both."""
    return estimate_tokens(request.source) + 2


def plan(
    requests: Sequence[TranslationRequest], known: Mapping[str, str], *, size: int, budget: int,
    source_language: str, target_language: str,
) -> list[Batch]:
    """The batches for ``requests`` (in document order), each with its context."""
    out = []
    before: list[TranslationRequest] = []  # the requests before the batch, for its context
    for group in plan_batches(requests, size, budget):
        first = group[0]
        same = before and first.context is not None and before[-1].context == first.context
        if same:
            text = join_segments([r.source for r in before if r.context == first.context], source_language)
        else:
            text = _previous(first, known, source_language, target_language)
        title = ""
        if first.context is not None:
            title = (first.context.section_title or first.context.document_title)[:TITLE_CHARS]
        segments = tuple(Segment(str(i + 1), r.source.strip() or r.source, r.hits) for i, r in enumerate(group))
        out.append(Batch(tuple(group), segments, title, tail(text), source_language))
        before = group
    return out


def _previous(request: TranslationRequest, known: Mapping[str, str], source_language: str, target_language: str) -> str:
    """The paragraph before ``request``'s: in translation where all of it is known, else as it is."""
    previous = request.context.previous if request.context is not None else ()
    if not previous:
        return ""
    if all(known.get(s) for s in previous):
        return join_segments([known[s] for s in previous], target_language)
    return join_segments(list(previous), source_language)


def tail(text: str, limit: int = BEFORE_CHARS) -> str:
    """The end of ``text``, at most ``limit`` characters, starting at a word where words have spaces."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[len(text) - limit + 1:]
    space = cut.find(" ")
    if 0 <= space < 40:
        cut = cut[space + 1:]
    return "…" + cut


def plan_batches(requests: Sequence[TranslationRequest], size: int, budget: int) -> list[list[TranslationRequest]]:
    """Consecutive requests in batches of at most ``size`` segments and ``budget`` tokens:
    whole paragraphs where they fit, never two documents in one batch."""
    paragraphs: list[list[TranslationRequest]] = []
    last = None
    for request in requests:
        key = (request.context.document, request.context.paragraph) if request.context else None
        if not paragraphs or key is None or key != last:
            paragraphs.append([])
        paragraphs[-1].append(request)
        last = key
    batches: list[list[TranslationRequest]] = []
    tokens: list[int] = []
    for paragraph in paragraphs:
        document = _document(paragraph[0])
        needs = sum(segment_tokens(r) for r in paragraph)
        if batches and _document(batches[-1][0]) == document and len(batches[-1]) + len(paragraph) <= size \
                and tokens[-1] + needs <= budget:
            batches[-1].extend(paragraph)
            tokens[-1] += needs
            continue
        batches.append([])
        tokens.append(0)
        for request in paragraph:
            cost = segment_tokens(request)
            if batches[-1] and (len(batches[-1]) >= size or tokens[-1] + cost > budget):
                batches.append([])
                tokens.append(0)
            batches[-1].append(request)
            tokens[-1] += cost
    return batches


def _document(request: TranslationRequest) -> str | None:
    return request.context.document if request.context else None
