"""XLIFF 2.1 (and 1.2) out to CAT tools and back, under the three-way rule.

One unit per segment, the unit id being the segment id. State from status:

=============  ============  ==================
diglot         XLIFF 2.1     XLIFF 1.2 (target)
=============  ============  ==================
untranslated   initial       new
machine        translated    translated
reviewed       reviewed      signed-off
approved       final         final
=============  ============  ==================

Term problems become notes (2.1: ``<note category="term">``; 1.2:
``<note from="diglot">``). The import needs the target as exported (its hash,
the *base*) and the source hash; they travel with each unit in the places the
standards reserve for tool data, which CAT tools carry through:

- 2.1: the Metadata module, ``<mda:metadata><mda:metaGroup category="diglot">``
  with ``<mda:meta type="source-hash">`` and ``type="base-target-hash"``;
- 1.2: namespaced attributes on ``<trans-unit>`` (``dg:source-hash``,
  ``dg:base-target-hash``, namespace ``urn:diglot:xliff``).

For CAT tools that translate the target (OmegaT and others expect a copy of
the source there), ``target="source"`` or ``"empty"`` puts that in
``<target>`` for every segment, and the machine text (and a fuzzy match, if
any) in translation candidates: 1.2 ``<alt-trans>``, 2.1 ``<mtc:matches>``.
Reviewed text is never put in place of the source either: it is a 100 %
candidate marked as reviewed (1.2 ``origin="diglot-reviewed"`` with a
``signed-off`` target; 2.1 ``subType="diglot:reviewed"``), and travels to
the tool's ``tm/auto`` as the reviewed TMX (for OmegaT written as its own TMX,
see :mod:`pipeline.interchange.omegat`). The memory's own text travels as
``memory-target-hash``, so that a candidate the translator takes comes back
as reviewed, and an untouched copy of the source comes back as untranslated.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline import __version__, languages
from pipeline.interchange import xliff_inline as inline
from pipeline.interchange.xliff_read import code_of, read_xliff  # noqa: F401  (the reading side, streamed)
from pipeline.errors import ReviewError
from pipeline.fileio import atomic_path
from pipeline.model import USER_STATUSES, Edition, Status, TermStatus, text_hash, utc_now
from pipeline.xmlsafe import XML_SPACE
from pipeline.xmlsafe import clean as _clean  # one cleaner for every XML writer

XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
MTC = "urn:oasis:names:tc:xliff:matches:2.0"
TARGETS = ("machine", "source", "empty")  # what <target> holds for a segment without reviewed text
DG = "urn:diglot:xliff"
STATE_2 = {Status.UNTRANSLATED: "initial", Status.MACHINE: "translated", Status.REVIEWED: "reviewed",
           Status.APPROVED: "final", Status.FUZZY: "translated"}
STATE_12 = {Status.UNTRANSLATED: "new", Status.MACHINE: "translated", Status.REVIEWED: "signed-off",
            Status.APPROVED: "final", Status.FUZZY: "needs-review-translation"}
VERSIONS = ("2.1", "1.2")




def _term_notes(translation) -> list[str]:
    notes = []
    for check in translation.terms:
        term = check.hit.term
        if check.status == TermStatus.MISSING:
            notes.append(f"term {term.source} -> {' | '.join(term.required)}: missing from the target")
        if check.forbidden_hits:
            notes.append(f"term {term.source}: forbidden rendering {', '.join(check.forbidden_hits)} in the target")
    return notes


def _meta_group(parent, pairs: list[tuple[str, str]]):
    from lxml import etree

    metadata = etree.SubElement(parent, f"{{{MDA}}}metadata")
    group = etree.SubElement(metadata, f"{{{MDA}}}metaGroup", category="diglot")
    for key, value in pairs:
        etree.SubElement(group, f"{{{MDA}}}meta", type=key).text = value
    return metadata


def write_xliff(edition: Edition, path: str | Path, version: str = "2.1", *, target: str = "machine") -> Path:
    """Write the edition as XLIFF ``version`` ("2.1" or "1.2"); one unit per segment.

    ``target``: what ``<target>`` holds for a segment without reviewed text:
    ``machine`` (the machine text), or for CAT tools ``source`` (a copy of the
    source) or ``empty``, the machine text then being a candidate.
    """
    from lxml import etree

    if version not in VERSIONS:
        raise ReviewError(f"unknown XLIFF version {version!r} (choose 2.1 or 1.2)")
    if target not in TARGETS:
        raise ReviewError(f"unknown XLIFF target {target!r} (choose {', '.join(TARGETS)})")
    name = edition.document.name
    sl, tl = edition.source_language, edition.target_language
    exported = utc_now()
    if version == "2.1":
        root = etree.Element(f"{{{XLIFF2}}}xliff", nsmap={None: XLIFF2, "mda": MDA, "mtc": MTC},
                             version="2.1", srcLang=languages.tag(sl), trgLang=languages.tag(tl))
        file = etree.SubElement(root, f"{{{XLIFF2}}}file", id="f1", original=name)
        _meta_group(file, [("document", name), ("source-language", sl), ("target-language", tl),
                           ("exported", exported), ("tool", f"diglot {__version__}"),
                           ("producer", edition.provenance.signature())])
    else:
        root = etree.Element(f"{{{XLIFF12}}}xliff", nsmap={None: XLIFF12, "dg": DG}, version="1.2")
        file = etree.SubElement(root, f"{{{XLIFF12}}}file", {
            "original": name, "source-language": languages.tag(sl), "target-language": languages.tag(tl),
            "datatype": "plaintext", "tool-id": "diglot", "date": exported, f"{{{DG}}}document": name,
        })
        header = etree.SubElement(file, f"{{{XLIFF12}}}header")
        etree.SubElement(header, f"{{{XLIFF12}}}tool", {"tool-id": "diglot", "tool-name": "diglot", "tool-version": __version__})
        file = etree.SubElement(file, f"{{{XLIFF12}}}body")
    for segment in edition.document.segments():
        unit = _Unit.of(segment, edition.translations.get(segment.id), target, tl)
        if version == "2.1":
            _unit_2(file, segment, unit)
        else:
            _unit_12(file, segment, unit)
    path = Path(path)
    with atomic_path(path) as tmp:
        etree.ElementTree(root).write(str(tmp), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return path


@dataclass(frozen=True)
class _Unit:
    """What one unit shows: target and status, notes, the memory's own text (CAT mode), candidates."""

    target: str
    status: str
    notes: tuple[str, ...]
    term_notes: int
    memory_target: str | None = None
    candidates: tuple[tuple[str, int | None, str, str], ...] = ()  # (type mt|tm, similarity, source, target)
    marks: tuple = ()  # the target's marks

    @classmethod
    def of(cls, segment, t, mode: str, target_language: str) -> "_Unit":
        status = t.status if t is not None else Status.UNTRANSLATED
        target = t.target if t is not None else ""
        marks = t.marks if t is not None else ()
        terms = _term_notes(t) if t is not None else []
        notes = terms + ([t.note] if t is not None and t.note else [])
        candidates = []
        if t is not None and t.suggestion is not None and status not in USER_STATUSES:
            s = t.suggestion
            candidates.append(("tm", s.score, s.matched_source, s.target))
        memory_target = None
        if mode != "machine" and status in USER_STATUSES:  # never in place of the source: a 100 % candidate
            memory_target = target
            candidates.insert(0, ("reviewed", 100, segment.text, target))
            target, status = (segment.text if mode == "source" else ""), Status.UNTRANSLATED
            marks = segment.marks if mode == "source" else ()
        elif mode != "machine":
            memory_target = t.suggestion.memory_target if status == Status.FUZZY and t.suggestion else target
            if memory_target:
                candidates.insert(0, ("mt", None, segment.text, memory_target))
            target, status = (segment.text if mode == "source" else ""), Status.UNTRANSLATED
            marks = segment.marks if mode == "source" else ()
        return cls(target, status, tuple(notes), len(terms), memory_target, tuple(candidates), tuple(marks))

    def hashes(self) -> list[tuple[str, str]]:
        pairs = [("base-target-hash", text_hash(_clean(self.target)))]
        if self.memory_target is not None:
            pairs.append(("memory-target-hash", text_hash(_clean(self.memory_target))))
        return pairs


def _unit_2(file, segment, u: _Unit) -> None:
    from lxml import etree

    unit = etree.SubElement(file, f"{{{XLIFF2}}}unit", id=segment.id)
    _meta_group(unit, [("source-hash", segment.hash), *u.hashes(), ("status", u.status)])
    if u.candidates:
        matches = etree.SubElement(unit, f"{{{MTC}}}matches")
        for kind, similarity, source, text in u.candidates:
            attrs = {"ref": "#s1", "type": kind, "origin": "diglot"}
            if kind == "reviewed":
                attrs.update(type="tm", subType="diglot:reviewed")
            if similarity is not None:
                attrs["similarity"] = str(similarity)
            match = etree.SubElement(matches, f"{{{MTC}}}match", attrs)
            etree.SubElement(match, f"{{{XLIFF2}}}source").text = _clean(source)
            etree.SubElement(match, f"{{{XLIFF2}}}target").text = _clean(text)
    if u.notes:
        holder = etree.SubElement(unit, f"{{{XLIFF2}}}notes")
        for i, text in enumerate(u.notes):
            note = etree.SubElement(holder, f"{{{XLIFF2}}}note", category="term" if i < u.term_notes else "diglot")
            note.text = _clean(text)
    original = etree.SubElement(unit, f"{{{XLIFF2}}}originalData")
    seg = etree.SubElement(unit, f"{{{XLIFF2}}}segment", state=STATE_2.get(u.status, "initial"))
    if u.candidates:
        seg.set("id", "s1")  # what the candidates' ref points at
    source_ids, target_ids = inline.code_ids(segment.marks, u.marks)
    data: dict[str, str] = {}
    source = etree.SubElement(seg, f"{{{XLIFF2}}}source", {XML_SPACE: "preserve"})
    inline.fill(source, segment.text, segment.marks, source_ids, "2.1", _clean, data)
    if u.target:
        target = etree.SubElement(seg, f"{{{XLIFF2}}}target", {XML_SPACE: "preserve"})
        inline.fill(target, u.target, u.marks, target_ids, "2.1", _clean, data)
    for native_code, data_id in data.items():
        etree.SubElement(original, f"{{{XLIFF2}}}data", id=data_id).text = native_code
    if not data:
        unit.remove(original)


def _unit_12(body, segment, u: _Unit) -> None:
    from lxml import etree

    attrs = {"id": segment.id, XML_SPACE: "preserve", f"{{{DG}}}source-hash": segment.hash}
    attrs.update({f"{{{DG}}}{key}": value for key, value in u.hashes()})
    if u.status == Status.APPROVED:
        attrs["approved"] = "yes"
    unit = etree.SubElement(body, f"{{{XLIFF12}}}trans-unit", attrs)
    source_ids, target_ids = inline.code_ids(segment.marks, u.marks)
    inline.fill(etree.SubElement(unit, f"{{{XLIFF12}}}source"), segment.text, segment.marks, source_ids, "1.2", _clean, {})
    tgt = etree.SubElement(unit, f"{{{XLIFF12}}}target", state=STATE_12.get(u.status, "new"))
    inline.fill(tgt, u.target, u.marks, target_ids, "1.2", _clean, {})
    for kind, similarity, source, text in u.candidates:
        alt = {"mt": {"origin": "diglot", "alttranstype": "proposal"},
               "reviewed": {"origin": "diglot-reviewed", "alttranstype": "proposal"}}.get(kind, {"origin": "diglot-memory"})
        if similarity is not None:
            alt["match-quality"] = str(similarity)
        element = etree.SubElement(unit, f"{{{XLIFF12}}}alt-trans", alt)
        etree.SubElement(element, f"{{{XLIFF12}}}source").text = _clean(source)
        etree.SubElement(element, f"{{{XLIFF12}}}target", {"state": "signed-off"} if kind == "reviewed" else {}).text = _clean(text)
    for text in u.notes:
        etree.SubElement(unit, f"{{{XLIFF12}}}note", {"from": "diglot", "annotates": "target"}).text = _clean(text)


def record_export(memory, edition: Edition) -> bool:
    """Make a document handed out as XLIFF known to ``memory``, so that what comes back imports.

    The import matches units to the document's segments as last built; a
    document exported from a project never built (``diglot export xliff`` or
    ``export omegat`` right after ``import tmx``) has its segments as exported
    recorded. A built document is left as its build recorded it. Returns
    whether it was recorded here.
    """
    name, sl, tl = edition.document.name, edition.source_language, edition.target_language
    if memory.document_segments(name, sl, tl):
        return False
    memory.record_document(name, sl, tl, ((s.id, s.text) for s in edition.document.segments()))
    return True


# ---------------------------------------------------------------- import

def import_xliff(path: str | Path, memory, *, dry_run: bool = False, glossary=None, read=None):
    """Bring a reviewed XLIFF (2.x or 1.2) into ``memory`` under the three-way rule.

    ``read``: what :func:`read_xliff` returned, when the caller read the file
    before opening the memory (it is then not read again)."""
    from pipeline.review.apply import apply_rows

    document, sl, tl, rows = read if read is not None else read_xliff(path)
    return apply_rows(
        rows, memory, document=document, source_language=sl, target_language=tl,
        origin=f"xliff:{Path(path).name}", path=str(path), dry_run=dry_run, glossary=glossary,
    )
