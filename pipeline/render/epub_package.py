"""What both EPUB writers say about the edition in the package document, for e-book managers.

calibre, a Kindle (through calibre's AZW3), Apple Books or Thorium show a book by its
package metadata, not by its title page. So the bilingual edition says:

- its languages in reading order (:func:`languages_in_order`): the language the text leads with
  first, the source's in ``interleaved``, ``side-by-side`` and ``source-only`` (each original
  paragraph comes first, and the documents are in its language), the translation's in
  ``translation-only``. calibre lists the first first; calibre's AZW3 takes the first for the
  Kindle's book language (the MOBI header's locale), which picks the fonts, notably for CJK text.
- its title in both languages as the main title (:func:`pipeline.render.common.edition_title`,
  ``原文题名 / Translated Title``, typed ``main`` in EPUB 3): the first ``dc:title`` is the one a
  reading system shows, and calibre, which would join a ``subtitle`` to it, shows it whole.
  Each language's title follows on its own, with ``xml:lang``; where the two are written in
  different scripts, the original's carries the translation as its ``alternate-script``.
- who translated (:func:`credit`): the engine's software and model with diglot, as
  ``trl``; an edition made with the ``none`` engine credits diglot as ``bkp`` (book producer)
  only, since it translated nothing.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from pipeline.model import Edition
from pipeline.render.common import diglot_version

_HAN = {"CJK", "HIRAGANA", "KATAKANA", "IDEOGRAPHIC", "KANGXI", "BOPOMOFO"}


def languages_in_order(edition: Edition, layout: str) -> tuple[str, str]:
    """(first, second) language codes: the translation's first only in a translation-only edition."""
    pair = (edition.source_language, edition.target_language)
    return pair[::-1] if layout == "translation-only" else pair


def script(text: str) -> str:
    """The script most of a text's letters are written in (``LATIN``, ``HAN``, ``CYRILLIC``…; "" for none)."""
    found: Counter[str] = Counter()
    for char in text:
        if char.isalpha():
            word = unicodedata.name(char, "").split(" ", 1)[0]
            found["HAN" if word in _HAN else "LATIN" if word == "FULLWIDTH" else word] += 1
    return found.most_common(1)[0][0] if found else ""


def different_scripts(a: str, b: str) -> bool:
    """True when two texts are written in different scripts (a title and its translation)."""
    return bool(script(a)) and bool(script(b)) and script(a) != script(b)


def credit(edition: Edition) -> tuple[str, str]:
    """(name, MARC relator) of the edition's ``dc:contributor``: ``Argos Translate (model 1.0) with
    diglot 0.1.0`` as ``trl``; diglot as ``bkp`` when the engine translates nothing."""
    from pipeline.engines import ENGINES
    from pipeline.engines import credit as software

    p = edition.provenance
    name = f"diglot {diglot_version(edition)}"
    spec = ENGINES.get(p.engine)
    if spec is not None and not spec.capabilities.translates:
        return name, "bkp"
    if made_by := software(p.engine):
        name = f"{made_by} ({(p.model + ' ' + p.model_version).strip()}) with {name}"
    return name, "trl"
