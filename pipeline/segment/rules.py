"""Sentence rules per language, built once from the data modules.

:func:`rules_for` gives the :class:`Rules` of a language code (a region or
script subtag is dropped: ``pt-BR`` splits as ``pt``). A language without a
table gets the rules every language shares: end marks of every script, initials
("А. И. Семенов") and numbers; an abbreviation it does not know ends a sentence
before a capital, as a plain word would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.segment.data_latin import ALIASES, LATIN, ORDINAL_PERIOD, ROMAN_ORDINAL
from pipeline.segment.data_scripts import CLOSERS, EXTRA_SOFT_ENDS, HARD_ENDS, SCRIPTS, SOFT_ENDS

# Letters of the cased scripts (Latin, Greek, Cyrillic) for a period glued between two words.
_LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff\u03ac-\u03ce\u0430-\u045f"
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0386-\u03ab\u0400-\u042f"

# English ``I``: the pronoun ends a sentence ("you and I. Did"), the initial does not ("Albert I. Jones").
_PRONOUN_I = frozenset({"en"})


@dataclass(frozen=True)
class Rules:
    """What ends a sentence in one language (see :mod:`pipeline.segment.data_latin` for the word lists)."""

    code: str
    never: frozenset[str]
    abbreviations: frozenset[str]
    may_end: frozenset[str]
    before_number: frozenset[str]
    starters: frozenset[str]
    suffixes: tuple[str, ...]
    ordinal_period: bool  # see data_latin.ORDINAL_PERIOD
    roman_ordinal: bool  # see data_latin.ROMAN_ORDINAL
    pronoun_i: bool
    end: re.Pattern
    never_or_abbreviation: frozenset[str] = frozenset()  # every word of the four lists above
    months: frozenset[str] = frozenset()
    final_sigma: bool = False  # Greek: a word ending in "ς" is whole, so a period after it ends even before lower case


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _end_pattern(soft: str) -> re.Pattern:
    """A candidate end: a soft mark run with its closers and the whitespace after it
    (required, or the end of the text), or a hard mark run with closers and optional whitespace.

    Groups: ``soft`` (the mark run of a soft end), ``space`` (its whitespace);
    ``glued``: a period with no space between two words, lower case before it
    and a capitalised word or a Roman numeral after ("Hello world.Today is Tuesday.", "…the war.XIX century").
    A closing » or › may stand after a (narrow) no-break space, as French sets it.
    """
    soft_class = re.escape(soft)
    hard_class = re.escape(HARD_ENDS)
    closers = rf"(?:[{re.escape(CLOSERS)}]|[ \u00a0\u202f](?=[»›]))*"
    return re.compile(
        rf"(?P<soft>\.\.+|…+|[{soft_class}]+){closers}(?P<space>\s+|\Z)"
        rf"|(?:[{hard_class}]|\u1361\u1361)[{hard_class}{soft_class}]*{closers}\s*"
        rf"|(?<=[{_LOWER}][{_LOWER}])(?P<glued>\.)(?=[{_UPPER}][{_LOWER}]|[IVXLC]{{2,5}}\s)"
    )


@lru_cache(maxsize=256)
def base_code(code: str) -> str:
    """``pt-BR`` -> ``pt``; ``sr-Latn`` -> the Latin-script table; aliases resolved."""
    norm = (code or "").strip().lower().replace("_", "-")
    if norm in ALIASES:
        return ALIASES[norm]
    base, *subtags = norm.split("-")
    if base == "sr" and "latn" in subtags:
        return ALIASES["sr-latn"]
    return ALIASES.get(base, base)


@lru_cache(maxsize=None)
def rules_for(code: str) -> Rules:
    """The rules of ``code`` (any code: a language without a table gets the shared rules)."""
    base = base_code(code)
    table = LATIN.get(base) or SCRIPTS.get(base) or {}
    lists = {key: _words(table.get(key, "")) for key in ("never", "abbr", "may_end", "number")}
    return Rules(
        code=base,
        never=lists["never"],
        abbreviations=lists["abbr"],
        may_end=lists["may_end"],
        before_number=lists["number"],
        starters=_words(table.get("starters", "")),
        suffixes=tuple(table.get("suffix", "").split()),
        ordinal_period=base in ORDINAL_PERIOD,
        roman_ordinal=base in ROMAN_ORDINAL,
        pronoun_i=base in _PRONOUN_I,
        end=_end_pattern(SOFT_ENDS + EXTRA_SOFT_ENDS.get(base, "")),
        never_or_abbreviation=frozenset().union(*lists.values()),
        months=_words(table.get("months", "")),
        final_sigma=base == "el",
    )
