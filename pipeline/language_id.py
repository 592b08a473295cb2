"""Which language a text is written in: Chromium's CLD2 (``pycld2``) on a sample of it.

``identify(text)`` says the language of a text as diglot codes it
(:func:`pipeline.languages.from_tag`: CLD2's ``zh-Hant`` is ``zt``, ``iw``
is ``he``), the share of the text in it, and, where it decides nothing, why:
too little text, a mix of languages, or a language diglot does not know.
``identify_document(document)`` does it on a document's paragraphs (a sample
spread over the whole of a long one). pycld2 is imported on first use, never
by ``diglot --help``. ``bench/language_id.py`` measured it (speed and
accuracy on the corpus books); this module decides nothing about a build
(:mod:`pipeline.prepare` does).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline import languages

# A text whose main language holds less of it than this is a mix, not a language.
LEAST_PERCENT = 60
# What a document's language is told from: at most this many characters, spread over it.
SAMPLE_CHARS = 200_000

# What CLD2 refuses as input (controls, C1 controls, surrogates, noncharacters): read as spaces.
_REFUSED = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


@dataclass(frozen=True)
class Identified:
    """What the text's language was found to be.

    ``code``: diglot's code, or None where nothing was decided (``why`` says
    why); ``percent``: the share of the text (by CLD2's count) in the main
    language; ``name``: that language as CLD2 names it, also one diglot does not know.
    """

    code: str | None
    percent: int = 0
    name: str = ""
    why: str = ""


def identify(text: str) -> Identified:
    """The language of ``text``, or why none can be told."""
    import pycld2

    cleaned = _REFUSED.sub(" ", text)
    try:
        reliable, _, found = pycld2.detect(cleaned.encode("utf-8", "replace"), isPlainText=True)
    except pycld2.error:  # pragma: no cover - the input is cleaned of what CLD2 refuses
        return Identified(None, why="the text could not be read by the language identifier")
    main_name, main_code, percent, _ = found[0]
    if main_code == "un":  # CLD2 reads a text that repeats itself as one copy of what repeats
        return Identified(None, why="too little text" if len(cleaned) < 1000 else "no words it could tell by")
    name = main_name.title() if main_name.isupper() else main_name
    code = languages.from_tag(main_code)
    if code is None:
        return Identified(None, percent, name, f"it looks like {name} ({main_code}), a language diglot does not know")
    others = [(c, p) for _, c, p, _ in found[1:] if c != "un" and p]
    if percent < LEAST_PERCENT:
        mix = ", ".join(f"{c} {p} %" for c, p in [(main_code, percent), *others])
        return Identified(None, percent, name, f"a mix of languages ({mix})")
    if not reliable:
        return Identified(None, percent, name, f"too little text (perhaps {code})")
    return Identified(code, percent, name)


def identify_document(document) -> Identified:
    """The language of a :class:`~pipeline.model.Document`'s text (a sample of a long one)."""
    return identify("\n".join(sample(document)))


def sample(document, limit: int = SAMPLE_CHARS) -> list[str]:
    """The document's paragraphs, or, past ``limit`` characters, every n-th of them to about that many."""
    texts = [block.text for block in document.blocks() if block.text.strip()]
    total = sum(map(len, texts))
    if total <= limit:
        return texts
    step = -(-total // limit)  # every step-th paragraph: the whole book, not only its first pages
    picked, size = [], 0
    for text in texts[::step]:
        picked.append(text[:limit])
        size += len(picked[-1])
        if size >= limit:
            break
    return picked
