"""The Argos engine: an installed Argos package run directly with CTranslate2.

The package's ``model/`` is loaded with ``ctranslate2.Translator`` and its
``sentencepiece.model`` (or ``bpe.model``) with the tokenizer library, without
``argostranslate.translate`` (which imports torch and, offline, fails fetching
sentence splitters). Segments arrive already split into sentences.

One call translates a whole batch of segments: identical segments are decoded
once, segments are sorted by token length and decoded in token-based batches.
A segment longer than the model takes is split at clause punctuation (or, as a
last resort, at the token limit), each part translated, and the parts joined:
never truncated silently.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Sequence

from pipeline.engines.base import Capabilities, Engine, Progress, source_texts
from pipeline.engines.store import InstalledPackage, find_package, install_hint
from pipeline.errors import ConfigError, EngineError
from pipeline.languages import check as check_language
from pipeline.languages import join_segments
from pipeline.model import Hypothesis, Provenance, TranslationRequest

_CLAUSE_END = re.compile(r"(?<=[，；：、,;:])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LENGTH_PENALTY = 0.2  # what Argos uses


@dataclass(frozen=True)
class _Piece:
    """A unit the model decodes: tokens of (part of) a source, with a forced prefix."""

    tokens: tuple[str, ...]
    prefix: tuple[str, ...]


class ArgosEngine(Engine):
    """Translate with an installed Argos package. Open it with :meth:`open`."""

    name = "argos"
    capabilities = Capabilities(nbest=True, forced_prefixes=True, scores=True, alignment=True, ray=True,
                                credit="Argos Translate")

    def __init__(
        self,
        package: InstalledPackage,
        *,
        device: str = "auto",
        threads: int = 0,
        beam_size: int = 4,
        compute_type: str = "auto",
        num_hypotheses_hint: int = 1,
        max_input_tokens: int = 200,
        max_batch_tokens: int = 0,
        length_ratio: float = 2.0,
        min_decoding_length: int = 0,
        max_decoding_length: int | None = None,
    ):
        import ctranslate2

        if beam_size < 1:
            raise ConfigError(f"beam size must be at least 1, not {beam_size}")
        if device not in ("auto", "cpu", "cuda"):
            raise ConfigError(f"unknown device {device!r} (choose cpu, cuda or auto)")
        self.package = package
        self.source_language = package.from_code
        self.target_language = package.to_code
        self.notes: list[str] = []  # what the engine chose for the user (said once in the build summary)
        gpus = _gpu_count(ctranslate2)
        if device == "cuda" and gpus == 0:
            raise EngineError("--device cuda: CTranslate2 finds no usable GPU here (no CUDA device, or no CUDA "
                              "build); use --device cpu, or auto to take a GPU when there is one")
        self.wanted_device = device
        if device == "auto":
            device = "cuda" if gpus > 0 else "cpu"
        self.device = device
        cores = os.cpu_count() or 1
        if threads > cores:
            self.notes.append(f"threads = {threads} is more than the {cores} cores here; decoding with {cores}")
        self.threads = min(threads, cores) if threads > 0 else cores
        self.inter_threads, self.intra_threads = _split_threads(self.threads, device)
        # the beam the user set is the beam that runs (and is recorded); an n-best
        # decode for glossary enforcement widens its own beam to the hypotheses it wants
        self.beam_size = beam_size
        self.max_input_tokens = max_input_tokens
        self.max_batch_tokens = max_batch_tokens or (16384 if device == "cuda" else 2048)
        self.length_ratio = length_ratio
        self.min_decoding_length = min_decoding_length
        self.max_decoding_length = max_decoding_length
        self.decoded_pieces = 0  # how many pieces the model has decoded (for reports and tests)
        self.compute_type, self.translator = self._load_translator(ctranslate2, compute_type)
        self._tokenizer = self._load_tokenizer()

    @classmethod
    def open(cls, source_language: str, target_language: str, **settings) -> "ArgosEngine":
        """The engine for the installed package of the pair (ModelNotInstalled if none)."""
        package = find_package(check_language(source_language), check_language(target_language))
        return cls(package, **settings)

    # -- loading --------------------------------------------------------------------------

    def _load_translator(self, ctranslate2, compute_type: str):
        model_dir = str(self.package.model_dir)
        if compute_type == "auto":
            try:
                supported = ctranslate2.get_supported_compute_types(self.device)
            except RuntimeError:  # a GPU that the driver or the build cannot use: tried below, reported there
                supported = set()
            wanted = ["int8_float16", "int8", "float16"] if self.device == "cuda" else ["int8", "int8_float32"]
            choices = [c for c in wanted if c in supported] + ["default"]
        else:
            choices = [compute_type]
        last_error: Exception | None = None
        for choice in choices:
            try:
                translator = ctranslate2.Translator(
                    model_dir,
                    device=self.device,
                    compute_type=choice,
                    intra_threads=self.intra_threads,
                    inter_threads=self.inter_threads,
                )
                return choice, translator
            except (ValueError, RuntimeError) as error:  # unsupported type, no GPU, broken model
                last_error = error
        if self.device == "cuda" and self.wanted_device == "auto":  # a GPU is there but cannot be used
            self.notes.append(f"the GPU cannot be used ({one_line(last_error)}); translating on the CPU")
            self.device = "cpu"
            self.inter_threads, self.intra_threads = _split_threads(self.threads, "cpu")
            self.max_batch_tokens = min(self.max_batch_tokens, 2048)
            return self._load_translator(ctranslate2, "auto" if compute_type == "auto" else compute_type)
        raise EngineError(
            f"cannot load the CTranslate2 model on {self.device} ({one_line(last_error)}); "
            + ("try --device cpu" if self.device == "cuda" else "reinstall the package with "
               + install_hint(self.source_language, self.target_language)),
            path=model_dir,
        ) from last_error

    def _load_tokenizer(self):
        path = self.package.tokenizer
        if not path.exists():
            raise EngineError("the package has no sentencepiece.model or bpe.model; reinstall it", path=self.package.path)
        try:
            if path.name == "sentencepiece.model":
                import sentencepiece

                processor = sentencepiece.SentencePieceProcessor(model_file=str(path))
                return _SentencePiece(processor)
            from argostranslate.tokenizer import BPETokenizer

            tokenizer = BPETokenizer(path, self.source_language, self.target_language)
            tokenizer.lazy_load()  # it would load on the first encode, mid-translation
            return tokenizer
        except (RuntimeError, OSError, ValueError, IndexError) as error:  # sentencepiece: RuntimeError
            detail = " ".join(str(error).split()) or type(error).__name__
            raise EngineError(
                f"the package's tokenizer is damaged ({detail}); reinstall it with "
                + install_hint(self.source_language, self.target_language),
                path=path,
            ) from error

    # -- the Engine interface ---------------------------------------------------------------

    @property
    def description(self) -> str:
        """Where the model runs: ``cpu, int8``, ``cuda, int8_float16``."""
        return ", ".join(str(v) for v in (self.device, self.compute_type) if v)

    def provenance(self) -> Provenance:
        settings = (
            f"beam={self.beam_size};compute={self.compute_type};lp={LENGTH_PENALTY};"
            f"maxin={self.max_input_tokens};ratio={self.length_ratio}"
        )
        if self.min_decoding_length or self.max_decoding_length:
            settings += f";declen={self.min_decoding_length}-{self.max_decoding_length}"
        return Provenance(
            engine=self.name, model=self.package.name, model_version=self.package.package_version, settings=settings
        )

    def translate(
        self,
        requests: Sequence[TranslationRequest | str],
        *,
        num_hypotheses: int = 1,
        target_prefixes: Sequence[str | None] | None = None,
        progress: Progress | None = None,
        alignment: bool = False,
    ) -> list[list[Hypothesis]]:
        """n-best per request; with ``alignment``, CTranslate2 returns attention and each
        hypothesis gets its word alignment (argmax per target token), for segments the
        model takes in one piece."""
        sources = source_texts(requests)  # terms and context are the finisher's business here
        if target_prefixes is not None and len(target_prefixes) != len(sources):
            raise ValueError("target_prefixes must have one entry per source")
        k = max(1, num_hypotheses)
        prefixes = list(target_prefixes) if target_prefixes is not None else [None] * len(sources)
        # identical (source, prefix) pairs are decoded once
        keys = [(src, pre or "") for src, pre in zip(sources, prefixes)]
        unique: dict[tuple[str, str], list[_Piece]] = {}
        for key in keys:
            if key not in unique:
                unique[key] = self._pieces(*key)
        if progress is not None:
            empty = sum(1 for key in keys if not unique[key])
            if empty:
                progress(empty)
        all_pieces = sorted({p for pieces in unique.values() for p in pieces}, key=lambda p: (len(p.tokens), p.tokens))
        attention: dict[_Piece, list] = {} if alignment else None
        results = self._decode(all_pieces, k, keys, unique, progress, attention)
        out = []
        for key in keys:
            pieces = unique[key]
            if not pieces:
                out.append([Hypothesis("", 0.0)] * k)
                continue
            if attention is not None and len(pieces) == 1 and pieces[0] in attention:
                out.append(_aligned(key[0], pieces[0], results[pieces[0]], attention[pieces[0]]))
                continue
            out.append(self._combine([results[p] for p in pieces], k))
        return out

    # -- internals ----------------------------------------------------------------------------

    def _pieces(self, source: str, prefix: str) -> list[_Piece]:
        """Tokenize a source into pieces no longer than the model takes."""
        if not source.strip():
            return []
        meta = (self.package.target_prefix,) if self.package.target_prefix else ()
        forced = tuple(self._tokenizer.encode(prefix)) if prefix else ()
        tokens = self._tokenizer.encode(source)
        if len(tokens) <= self.max_input_tokens:
            return [_Piece(tuple(tokens), meta + forced)]
        chunks: list[list[str]] = []
        current: list[str] = []
        for clause in (c for c in _CLAUSE_END.split(source) if c):
            clause_tokens = self._tokenizer.encode(clause)
            if current and len(current) + len(clause_tokens) > self.max_input_tokens:
                chunks.append(current)
                current = []
            current = current + clause_tokens
            while len(current) > self.max_input_tokens:  # a clause too long on its own
                chunks.append(current[: self.max_input_tokens])
                current = current[self.max_input_tokens :]
        if current:
            chunks.append(current)
        return [_Piece(tuple(chunk), meta + (forced if i == 0 else ())) for i, chunk in enumerate(chunks)]

    def _decode(self, pieces, k, keys, unique, progress, attention=None) -> dict[_Piece, list[Hypothesis]]:
        results: dict[_Piece, list[Hypothesis]] = {}
        if not pieces:
            return results
        # progress is reported in input segments: a segment is done when its last piece is
        remaining = {key: len(p) for key, p in unique.items()}
        weight = {}
        for key in keys:
            weight[key] = weight.get(key, 0) + 1
        for chunk in self._chunks(pieces):
            has_prefix = any(p.prefix for p in chunk)
            try:
                batch = self.translator.translate_batch(
                    [list(p.tokens) for p in chunk],
                    target_prefix=[list(p.prefix) or None for p in chunk] if has_prefix else None,
                    max_batch_size=self._batch_tokens(chunk),
                    batch_type="tokens",
                    beam_size=max(self.beam_size, k),
                    num_hypotheses=k,
                    length_penalty=LENGTH_PENALTY,
                    return_scores=True,
                    return_attention=attention is not None,
                    replace_unknowns=True,
                    max_input_length=0,
                    max_decoding_length=self._decoding_cap(chunk),
                    min_decoding_length=self.min_decoding_length,
                )
            except (RuntimeError, ValueError) as error:
                advice = "; try --device cpu" if self.device == "cuda" else ""
                raise EngineError(f"CTranslate2 failed while translating on {self.device} ({one_line(error)}){advice}",
                                  path=self.package.path) from error
            self.decoded_pieces += len(chunk)
            for piece, result in zip(chunk, batch):
                hyps = []
                rows = result.attention if attention is not None else [None] * len(result.hypotheses)
                links = []
                for tokens, score, attn in zip(result.hypotheses, result.scores, rows):
                    if self.package.target_prefix and tokens[:1] == [self.package.target_prefix]:
                        tokens = tokens[1:]
                        attn = attn[1:] if attn is not None and len(attn) > len(tokens) else attn
                    hyps.append(Hypothesis(self._detokenize(tokens), float(score)))
                    if attn is not None:
                        links.append((tokens, [max(range(len(r)), key=r.__getitem__) if len(r) else -1 for r in attn]))
                if attention is not None:
                    attention[piece] = links
                while len(hyps) < k:
                    hyps.append(hyps[-1] if hyps else Hypothesis("", 0.0))
                results[piece] = hyps
            if progress is not None:
                done = 0
                for key, key_pieces in unique.items():
                    if remaining[key] and all(p in results for p in key_pieces):
                        remaining[key] = 0
                        done += weight[key]
                if done:
                    progress(done)
        return results

    def _chunks(self, pieces: list[_Piece]):
        """Consecutive runs of the length-sorted pieces, each of similar length.

        The decoding length cap is set per call, so a call holds pieces of
        similar length: a short segment is never allowed to run on as long as
        the longest one in the document.
        """
        group = max(64, self.max_batch_tokens // 8)  # examples per translate_batch call
        chunk: list[_Piece] = []
        for piece in pieces:
            if chunk and (len(chunk) >= group or self._new_bucket(chunk[0], piece)):
                yield chunk
                chunk = []
            chunk.append(piece)
        if chunk:
            yield chunk

    def _batch_tokens(self, chunk: list[_Piece]) -> int:
        """max_batch_size for a call: at most max_batch_tokens, and the call's
        batches a multiple of inter_threads of even size, so no worker idles."""
        total = sum(len(p.tokens) for p in chunk)
        longest = max(len(p.tokens) for p in chunk)
        batches = -(-total // self.max_batch_tokens)
        batches = -(-batches // self.inter_threads) * self.inter_threads
        return max(longest, min(self.max_batch_tokens, -(-total // batches) + longest))

    def _new_bucket(self, first: _Piece, piece: _Piece) -> bool:
        """With a fixed decoding length, length buckets do not matter."""
        if self.max_decoding_length:
            return False
        return _bucket(len(piece.tokens)) != _bucket(len(first.tokens))

    def _decoding_cap(self, chunk: list[_Piece]) -> int:
        """The decoding length cap of a call: a function of the length bucket only.

        So a segment gets the same translation whatever else is in the document.
        """
        if self.max_decoding_length:
            cap = self.max_decoding_length
        else:
            cap = int(self.length_ratio * _bucket(len(chunk[0].tokens)) + 10)
        return max(cap, max(len(p.prefix) for p in chunk) + 1)

    def _detokenize(self, tokens: list[str]) -> str:
        text = self._tokenizer.decode(tokens)
        return _CONTROL.sub("", text).strip()

    def _combine(self, parts: list[list[Hypothesis]], k: int) -> list[Hypothesis]:
        if len(parts) == 1:
            return parts[0]
        combined = []
        for i in range(k):
            texts = [part[min(i, len(part) - 1)].text for part in parts]
            score = sum(part[min(i, len(part) - 1)].score for part in parts)
            combined.append(Hypothesis(join_segments(texts, self.target_language), score))
        return combined


def one_line(error: BaseException | None, limit: int = 300) -> str:
    """An exception's message on one line, cut to ``limit`` characters (CUDA errors run to 40 lines)."""
    text = " ".join(str(error or "").split()) or type(error).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _gpu_count(ctranslate2) -> int:
    try:
        return ctranslate2.get_cuda_device_count()
    except RuntimeError:  # a broken driver: as good as no GPU
        return 0


def _offsets(text: str, tokens: Sequence[str]) -> list[tuple[int, int]]:
    """Character span of each SentencePiece token in ``text`` (empty where it cannot be found)."""
    spans = []
    pos = 0
    for token in tokens:
        core = token.replace("\u2581", " ").strip()
        found = text.find(core, pos) if core else -1
        if found < 0 or found - pos > 8:
            spans.append((pos, pos))
            continue
        spans.append((found, found + len(core)))
        pos = found + len(core)
    return spans


def _aligned(source: str, piece: _Piece, hyps: list[Hypothesis], links: list) -> list[Hypothesis]:
    """Hypotheses with their word alignment, from the argmax of each target token's attention."""
    source_spans = _offsets(source, piece.tokens)
    out = []
    for hyp, (tokens, argmax) in zip(hyps, links):
        target_spans = _offsets(hyp.text, tokens)
        pairs = []
        for (t0, t1), s in zip(target_spans, argmax[-len(tokens):] if tokens else ()):
            if t1 > t0 and 0 <= s < len(source_spans) and source_spans[s][1] > source_spans[s][0]:
                pairs.append((*source_spans[s], t0, t1))
        out.append(Hypothesis(hyp.text, hyp.score, tuple(pairs)))
    out.extend(hyps[len(out):])
    return out


def _split_threads(threads: int, device: str) -> tuple[int, int]:
    """(inter_threads, intra_threads) for CTranslate2: on CPU, batches decoded side
    by side use the cores better than one batch spread over all of them."""
    if device != "cpu":
        return 1, threads
    inter = threads if threads <= 2 else (2 if threads <= 8 else 4)
    return inter, max(1, threads // inter)


def _bucket(length: int) -> int:
    """Upper edge of the length bucket: 8, 12, 16, 24, 32, 48, 64, 96, ... tokens."""
    edge = 8
    while edge < length:
        edge = edge * 3 // 2 if edge & (edge - 1) == 0 else edge * 4 // 3
    return edge


class _SentencePiece:
    def __init__(self, processor):
        self.processor = processor

    def encode(self, text: str) -> list[str]:
        return self.processor.encode(text, out_type=str)

    def decode(self, tokens: list[str]) -> str:
        return self.processor.decode_pieces(list(tokens))
