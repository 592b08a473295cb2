"""The ``openai`` engine: any OpenAI-compatible chat model, under diglot's guarantees.

Requests go out in document order: consecutive segments (a paragraph is
never split across requests when it fits), as many as the model's window
takes, with the glossary entries that occur in them and a short context
(see :mod:`pipeline.engines.openai.plan` and
:mod:`pipeline.engines.openai.wire`). Answers are aligned by id; only the
segments not answered reliably are asked again, in smaller requests down to
one segment, and what still fails is left empty (``missing``), never filled with something
else. Then the term round (:mod:`pipeline.engines.openai.terms`). Up to
``requests_in_flight`` batches are out at once; each is handed back as soon as
it is finished, for the caller to commit to the memory.

The producer signature names the model, the server and a digest of the
prompt, so changing the prompt re-translates and changing nothing never does.
httpx is imported only when the first request is sent.
"""

from __future__ import annotations

import os
import queue
import threading
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

from pipeline.engines.base import Answer, Capabilities, OrderedEngine, Progress
from pipeline.engines.openai import terms as term_round
from pipeline.engines.openai.plan import Batch, plan, plan_batches, source_budget
from pipeline.engines.openai.settings import OpenAISettings, from_options
from pipeline.engines.openai.wire import (
    DEFAULT_PROMPT, Segment, align, estimate_tokens, messages, parse_answer, prompt_digest, request_tokens, system_prompt,
)
from pipeline.errors import ConfigError
from pipeline.model import Hypothesis, Provenance, TranslationRequest, Usage


class OpenAIEngine(OrderedEngine):
    name = "openai"
    capabilities = Capabilities(in_document_order=True, needs_network=True, costs_money=True)

    def __init__(self, source_language: str, target_language: str, settings: OpenAISettings):
        self.source_language = source_language
        self.target_language = target_language
        self.settings = settings
        template = DEFAULT_PROMPT
        if settings.system_prompt_file:
            try:
                template = Path(settings.system_prompt_file).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise ConfigError(f"cannot read the system prompt ({error})", path=settings.system_prompt_file) from error
        self.prompt = system_prompt(template, source_language, target_language)
        self._trim = not settings.system_prompt_file  # the built-in prompt explains only the parts a request has
        self.api_key = os.environ.get(settings.api_key_env, "") if settings.api_key_env else ""
        self._client = None
        self._lock = threading.Lock()
        self._usage = [0, 0, 0, 0]  # requests, prompt tokens, completion tokens, characters sent

    @classmethod
    def open(cls, source_language: str, target_language: str, options: Mapping[str, Any]) -> "OpenAIEngine":
        from pipeline.languages import check

        return cls(check(source_language), check(target_language), from_options(options))

    # -- what it is --------------------------------------------------------------------------

    def provenance(self) -> Provenance:
        s = self.settings
        return Provenance(
            engine=self.name, model=s.model, model_version=s.base_url,
            settings=f"prompt={prompt_digest(self.prompt)};temperature={s.temperature:g}",
        )

    @property
    def usage(self) -> Usage:
        with self._lock:
            requests, prompt, completion, characters = self._usage
        return Usage(requests, prompt, completion, self.settings.cost(prompt, completion),
                     self.settings.currency if self.settings.priced else "", characters=characters)

    # -- translating ---------------------------------------------------------------------------

    def translate(
        self,
        requests: Sequence[TranslationRequest | str],
        *,
        num_hypotheses: int = 1,
        target_prefixes: Sequence[str | None] | None = None,
        progress: Progress | None = None,
    ) -> list[list[Hypothesis]]:
        """One hypothesis per request (empty where the model gave none); no n-best, no prefixes."""
        if target_prefixes is not None and any(target_prefixes):
            raise NotImplementedError("a chat model takes no forced prefixes")
        items = [TranslationRequest(r) if isinstance(r, str) else r for r in requests]
        unique = list({r.source: r for r in reversed(items)}.values())[::-1]
        found: dict[str, str] = {}
        for answer in self.answers(unique, {}):
            found.update(zip((r.source for r in answer.requests), answer.targets))
            if progress is not None:
                progress(len(answer.requests))
        return [[Hypothesis(found.get(r.source, ""), 0.0)] for r in items]

    def answers(self, requests: Sequence[TranslationRequest], known: Mapping[str, str]) -> Iterator[Answer]:
        """Each batch of ``requests`` as it is finished (see the module doc); ``known``
        translations give the context of a batch whose paragraph before is in the memory."""
        batches = iter(self._plan(requests, known))
        jobs: queue.Queue = queue.Queue()
        done: queue.Queue = queue.Queue()
        stop = threading.Event()

        def work() -> None:
            while not stop.is_set():
                job = jobs.get()
                if job is None:
                    return
                try:
                    done.put(self._batch(job))
                except BaseException as error:  # noqa: BLE001 - handed to the caller's thread
                    done.put(error)

        workers = [threading.Thread(target=work, daemon=True) for _ in range(self.settings.requests_in_flight)]
        for worker in workers:
            worker.start()
        out = 0
        try:
            for batch in batches:
                jobs.put(batch)
                out += 1
                if out >= len(workers):
                    break
            while out:
                result = done.get()
                out -= 1
                if isinstance(result, BaseException):
                    raise result
                yield result
                batch = next(batches, None)
                if batch is not None:
                    jobs.put(batch)
                    out += 1
        finally:
            stop.set()
            for _ in workers:
                jobs.put(None)

    def estimate(self, requests: Sequence[TranslationRequest], known: Mapping[str, str]) -> Usage:
        """Tokens, characters (and cost, with prices set) of translating ``requests``, sending nothing.

        Input is counted on the very messages that a build sends first (before
        any re-ask and the term round); output tokens as about as many as the
        sources have, plus the JSON around them.
        """
        prompt_tokens = completion_tokens = characters = count = 0
        for batch in self._plan(requests, known):
            prompt, message = messages(self.prompt, batch.segments, batch.context(), trim=self._trim)
            prompt_tokens += request_tokens(prompt, message)
            characters += len(prompt) + len(message)
            completion_tokens += sum(estimate_tokens(s.text) + 2 + len(s.id) for s in batch.segments) + 2
            count += 1
        return Usage(count, prompt_tokens, completion_tokens, self.settings.cost(prompt_tokens, completion_tokens),
                     self.settings.currency if self.settings.priced else "", estimated=True, characters=characters)

    # -- internals -------------------------------------------------------------------------------

    def _plan(self, requests: Sequence[TranslationRequest], known: Mapping[str, str]) -> list[Batch]:
        s = self.settings
        return plan(requests, known, size=s.segments_per_request, budget=source_budget(s.context_window, self.prompt),
                    source_language=self.source_language, target_language=self.target_language)

    def _http(self):
        with self._lock:
            if self._client is None:
                from pipeline.engines.openai.client import ChatClient

                self._client = ChatClient(self.settings, self.api_key)
            return self._client

    def _batch(self, batch: Batch) -> Answer:
        texts = self._ask(batch, list(batch.segments))
        repair = []
        for segment in batch.segments:
            named = term_round.to_repair(segment.hits, texts.get(segment.id, ""))
            if named:
                repair.append(Segment(segment.id, segment.text, segment.hits, named))
        repaired: dict[str, str] = {}
        for start in range(0, len(repair), self.settings.segments_per_request):
            repaired.update(self._ask(batch, repair[start : start + self.settings.segments_per_request]))
        targets, details = [], []
        for segment in batch.segments:
            first = texts.get(segment.id, "")
            if not first:
                targets.append("")
                details.append("")
                continue
            target, detail = term_round.settle(segment.hits, first, repaired.get(segment.id))
            targets.append(target)
            details.append(detail)
        return Answer(batch.requests, tuple(targets), tuple(details))

    def _ask(self, batch: Batch, segments: list[Segment]) -> dict[str, str]:
        """id -> text for the segments answered reliably; the others are asked again:
        together when they are fewer than were asked, else in requests of half the
        size, down to one segment."""
        prompt, message = messages(self.prompt, segments, batch.context(segments), trim=self._trim)
        reply = self._http().complete(prompt, message)
        with self._lock:
            self._usage[0] += 1
            self._usage[1] += reply.prompt_tokens if reply.prompt_tokens is not None else request_tokens(prompt, message)
            self._usage[2] += reply.completion_tokens if reply.completion_tokens is not None else estimate_tokens(reply.content)
            self._usage[3] += len(prompt) + len(message)
        alignment = align([s.id for s in segments], {s.id: s.text for s in segments}, parse_answer(reply.content))
        texts = dict(alignment.texts)
        failed = [s for s in segments if s.id in alignment.failed]
        if failed and len(segments) > 1:
            size = len(failed) if len(failed) < len(segments) else len(segments) // 2
            for start in range(0, len(failed), size):
                texts.update(self._ask(batch, failed[start : start + size]))
        return texts


__all__ = ["OpenAIEngine", "plan_batches"]
