"""TBX glossaries: v2 (``martif``/``termEntry``/``langSet``/``tig``) and v3 TBX-Basic
(``tbx``/``conceptEntry``/``langSec``/``termSec``).

Per concept: the source language's terms become entries; on the target side
the preferred term is the target, admitted terms are variants, deprecated (and
superseded) terms are forbidden renderings.

Safety: read with :func:`pipeline.xmlsafe.parse_xml`, as every XML diglot reads:
a DTD that declares entities (XXE, billion laughs) or an entity it cannot expand
is refused with the line; nothing is loaded from a DTD or the network.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.languages import from_tag
from pipeline.model import Term
from pipeline.xmlsafe import XML_LANG as _XML_LANG

Problem = tuple[str, int, str]

_PREFERRED = {"preferredterm-admn-sts", "preferredterm", "preferred"}
_ADMITTED = {"admittedterm-admn-sts", "admittedterm", "admitted"}
_DEPRECATED = {"deprecatedterm-admn-sts", "deprecatedterm", "deprecated",
               "supersededterm-admn-sts", "supersededterm", "superseded"}


def read_tbx(path: Path, data: bytes, source_language: str = "zh", target_language: str = "en",
             skipped: list[Problem] | None = None) -> tuple[list[Term], list[Problem]]:
    """Terms and problems of a TBX file.

    An entry without a term in the target language (or with only deprecated
    ones) is no error: termbases are like that. It goes to ``skipped``; only
    a file in which every entry is so is a problem.
    """
    where = str(path)
    left_out: list[Problem] = []
    from pipeline.errors import GlossaryError
    from pipeline.xmlsafe import parse_xml

    try:
        root = parse_xml(data, path=path, error=GlossaryError)
    except GlossaryError as error:
        return [], [(where, error.line or 1, error.message)]

    kind = _local(root.tag)
    if kind not in ("martif", "tbx"):
        return [], [(where, root.sourceline or 1, f"not a TBX file: the root element is <{kind}>, expected <martif> or <tbx>")]
    entries = [e for e in root.iter() if _local(e.tag) in ("termEntry", "conceptEntry")]
    terms: list[Term] = []
    problems: list[Problem] = []
    languages: set[str] = set()
    for entry in entries:
        by_lang, note = _entry(entry, languages)
        sources = [t for t in by_lang.get(source_language, []) if t[1] != "deprecated"]
        targets = by_lang.get(target_language, [])
        line = entry.sourceline or 0
        if not sources:
            continue
        preferred = [t for t in targets if t[1] == "preferred"] or [t for t in targets if t[1] in ("admitted", "")]
        if not preferred:
            left_out.append((where, line, f"the entry for {sources[0][0]!r} has no "
                             f"{target_language} term (or only deprecated ones)"))
            continue
        target = preferred[0][0]
        variants = tuple(dict.fromkeys(t[0] for t in targets if t[1] != "deprecated" and t[0] != target))
        forbidden = tuple(dict.fromkeys(t[0] for t in targets if t[1] == "deprecated"))
        for text, _status, term_line in sources:
            terms.append(Term(source=text, target=target, note=note, forbidden=forbidden,
                              variants=variants, origin=f"{path}:{term_line or line}"))
    if not entries:
        problems.append((where, root.sourceline or 1, "the TBX file has no termEntry or conceptEntry"))
    elif not terms and left_out and not problems:
        first = left_out[0][2].removeprefix("the ")
        problems.append((where, left_out[0][1], f"no entry has a {target_language} term ({len(left_out)} "
                         f"without one; {first}); is {target_language} the right target language?"))
    elif not terms and not problems:
        found = ", ".join(sorted(x for x in languages if x)) or "none"
        problems.append((where, root.sourceline or 1,
                         f"no {source_language} terms in the TBX file (languages found: {found})"))
    if terms and skipped is not None:
        skipped.extend(left_out)
    return terms, problems


def _entry(entry, languages: set[str]) -> tuple[dict[str, list[tuple[str, str, int]]], str]:
    """An entry's terms by language ((text, status, line) each) and its note; the languages met go to ``languages``."""
    by_lang: dict[str, list[tuple[str, str, int]]] = {}
    note = ""
    for el in entry.iter():
        name = _local(el.tag)
        if name in ("langSet", "langSec"):
            lang = _lang(el.get(_XML_LANG) or el.get("lang") or "")
            languages.add(lang)
            by_lang.setdefault(lang, []).extend(_terms_of(el))
        elif name == "descrip" and el.get("type") in ("definition", "context") and not note:
            note = " ".join("".join(el.itertext()).split())
        elif name == "note" and not note:
            note = " ".join("".join(el.itertext()).split())
    return by_lang, note


def _terms_of(lang_el) -> list[tuple[str, str, int]]:
    """(text, status, line) of every term in a langSet/langSec."""
    out = []
    for holder in lang_el.iter():
        if _local(holder.tag) not in ("tig", "ntig", "termSec"):
            continue
        text, status, line = "", "", 0
        for el in holder.iter():
            name = _local(el.tag)
            if name == "term" and not text:
                text = " ".join("".join(el.itertext()).split())
                line = el.sourceline or 0
            elif name == "termNote" and el.get("type") in ("administrativeStatus", "normativeAuthorization"):
                value = "".join(el.itertext()).strip().lower()
                if value in _PREFERRED:
                    status = "preferred"
                elif value in _ADMITTED:
                    status = "admitted"
                elif value in _DEPRECATED:
                    status = "deprecated"
        if text:
            out.append((text, status, line))
    return out


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _lang(value: str) -> str:
    """A langSet's code (languages.from_tag); an unknown tag by its first subtag, to be named in messages."""
    return from_tag(value) or value.strip().lower().replace("_", "-").split("-", 1)[0]
