"""The project's glossary out for CAT tools: TBX v2 Basic, and OmegaT's own tab-separated glossary.

TBX (:func:`write_tbx`): one ``termEntry`` per term: the source term in the
source ``langSet``; on the target side the target as ``preferredTerm-admn-sts``,
variants as ``admittedTerm-admn-sts``, forbidden renderings as
``deprecatedTerm-admn-sts`` (``administrativeStatus``, as TBX-Basic has it and
termbase tools and diglot's own TBX reader read it), the note as a ``note``.
A do-not-translate term has its source form as the target.

OmegaT 3.6 reads no status in a TBX: every term of an entry's target
``langSet`` is offered as a rendering, forbidden ones too, and the termNotes
of all of them become every rendering's comment (its ``GlossaryReaderTBX``).
For OmegaT, :func:`write_omegat_glossary` writes its own format instead:
``source<TAB>target<TAB>comment`` in UTF-8, one line per rendering a translator
may use (the target first, then the variants), forbidden renderings named only
in the comment (``not: A | B``). Both written atomically.
"""

from __future__ import annotations

from pathlib import Path

from pipeline import __version__, languages
from pipeline.fileio import atomic_path
from pipeline.model import Glossary
from pipeline.xmlsafe import XML_LANG

_STATUS = {"preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts",
           "deprecated": "deprecatedTerm-admn-sts"}


def write_tbx(glossary: Glossary, path: str | Path, source_language: str, target_language: str) -> int:
    """Write ``glossary`` as TBX v2 Basic; returns the number of entries."""
    from lxml import etree

    from pipeline.xmlsafe import clean

    sl, tl = languages.check(source_language), languages.check(target_language)
    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: languages.tag(sl)})
    header = etree.SubElement(root, "martifHeader")
    etree.SubElement(etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc"), "p").text = (
        f"diglot {__version__} glossary export ({len(glossary.terms)} terms, digest {glossary.digest or 'none'})"
    )
    etree.SubElement(etree.SubElement(header, "encodingDesc"), "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for number, term in enumerate(glossary.terms, 1):
        entry = etree.SubElement(body, "termEntry", id=f"t{number}")
        if term.note:
            etree.SubElement(entry, "note").text = clean(term.note)
        _lang_set(entry, sl, [(term.source, "preferred")], clean)
        target = term.source if term.dnt else term.target
        forms = [(target, "preferred")] + [(v, "admitted") for v in term.variants if v != target]
        forms += [(f, "deprecated") for f in term.forbidden]
        _lang_set(entry, tl, forms, clean)
    with atomic_path(path) as tmp:
        etree.ElementTree(root).write(str(tmp), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return len(glossary.terms)


def write_omegat_glossary(glossary: Glossary, path: str | Path) -> int:
    """Write ``glossary`` as OmegaT's tab-separated glossary (UTF-8); returns the number of lines.

    Comment of the target's line: the note, ``do not translate`` for such a
    term, ``not: A | B`` for the forbidden renderings; of a variant's line:
    ``variant of …``. A term whose source begins with ``#`` is left out:
    OmegaT reads such a line as a comment.
    """
    lines = omegat_lines(glossary)
    with atomic_path(path) as tmp:
        Path(tmp).write_text("".join("\t".join(fields).rstrip("\t") + "\n" for fields in lines), encoding="utf-8")
    return len(lines)


def omegat_lines(glossary: Glossary) -> list[tuple[str, str, str]]:
    """(source, target, comment) per rendering a translator may use, in glossary order."""
    lines = []
    for term in glossary.terms:
        source = _field(term.source)
        if not source or source.startswith("#"):  # OmegaT reads such a line as a comment
            continue
        target = term.source if term.dnt else term.target
        notes = [_field(term.note)] if term.note else []
        if term.dnt:
            notes.append("do not translate")
        if term.forbidden:
            notes.append("not: " + " | ".join(_field(f) for f in term.forbidden))
        lines.append((source, _field(target), "; ".join(notes)))
        for variant in term.variants:
            if variant != target:
                lines.append((source, _field(variant), f"variant of {_field(target)}"))
    return lines


def omegat_left_out(glossary: Glossary) -> tuple[str, ...]:
    """The terms :func:`write_omegat_glossary` leaves out (their source begins with ``#``)."""
    return tuple(t.source for t in glossary.terms if _field(t.source).startswith("#"))


def _field(text: str) -> str:
    """One field of a tab-separated line: no tab, no line break (white space runs made one space)."""
    from pipeline.xmlsafe import clean

    return " ".join(clean(text).split())


def _lang_set(entry, language: str, forms: list[tuple[str, str]], clean) -> None:
    from lxml import etree

    lang_set = etree.SubElement(entry, "langSet", {XML_LANG: languages.tag(language)})
    for text, status in forms:
        tig = etree.SubElement(lang_set, "tig")
        etree.SubElement(tig, "term").text = clean(text)
        etree.SubElement(tig, "termNote", type="administrativeStatus").text = _STATUS[status]
