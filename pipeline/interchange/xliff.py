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
``<target>`` for every segment without reviewed text, and the machine text
(and a fuzzy match, if any) in translation candidates: 1.2 ``<alt-trans>``,
2.1 ``<mtc:matches>``. The memory's own text travels as
``memory-target-hash``, so that a candidate the translator takes comes back
as reviewed, and an untouched copy of the source comes back as untranslated.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from pipeline import __version__, languages
from pipeline.interchange import xliff_inline as inline
from pipeline.errors import ReviewError
from pipeline.fileio import atomic_path, read_limited
from pipeline.model import USER_STATUSES, Edition, Status, TermStatus, text_hash, utc_now
from pipeline.xmlsafe import clean as _clean  # one cleaner for every XML writer
from pipeline.xmlsafe import parse_xml

XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
MTC = "urn:oasis:names:tc:xliff:matches:2.0"
TARGETS = ("machine", "source", "empty")  # what <target> holds for a segment without reviewed text
DG = "urn:diglot:xliff"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
STATE_2 = {Status.UNTRANSLATED: "initial", Status.MACHINE: "translated", Status.REVIEWED: "reviewed",
           Status.APPROVED: "final", Status.FUZZY: "translated"}
STATE_12 = {Status.UNTRANSLATED: "new", Status.MACHINE: "translated", Status.REVIEWED: "signed-off",
            Status.APPROVED: "final", Status.FUZZY: "needs-review-translation"}
VERSIONS = ("2.1", "1.2")
MAX_XLIFF_BYTES = 512 * 1024 * 1024  # one document's units, parsed whole




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
        if mode != "machine" and status not in USER_STATUSES:
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
        alt = {"origin": "diglot", "alttranstype": "proposal"} if kind == "mt" else {"origin": "diglot-memory"}
        if similarity is not None:
            alt["match-quality"] = str(similarity)
        element = etree.SubElement(unit, f"{{{XLIFF12}}}alt-trans", alt)
        etree.SubElement(element, f"{{{XLIFF12}}}source").text = _clean(source)
        etree.SubElement(element, f"{{{XLIFF12}}}target").text = _clean(text)
    for text in u.notes:
        etree.SubElement(unit, f"{{{XLIFF12}}}note", {"from": "diglot", "annotates": "target"}).text = _clean(text)


# ---------------------------------------------------------------- import

def _read_parts(elements, data: dict[str, str]) -> tuple[str, tuple, bool]:
    """(text, marks, any diglot code found) of source (or target) elements read one after another."""
    text, marks, found = "", [], False
    for element in elements:
        part, part_marks, part_found = inline.read(element, data)
        marks.extend(replace(m, start=m.start + len(text), end=m.end + len(text)) for m in part_marks)
        text, found = text + part, found or part_found
    return text, tuple(marks), found


def code_of(tag: str, *, path=None) -> str:
    """A language tag from a file (``zh-CN``, ``en_US``) to a diglot code."""
    norm = (tag or "").strip().lower().replace("_", "-")
    for candidate in (norm, norm.split("-")[0]):
        try:
            return languages.check(candidate)
        except Exception:
            continue
    raise ReviewError(f"unknown language {tag!r} in the XLIFF file", path=path)


def read_xliff(path: str | Path):
    """Read an XLIFF 2.x or 1.2 file: (document, source_language, target_language, rows)."""
    from pipeline.review.apply import ReviewRow

    path = Path(path)
    data = read_limited(path, max_bytes=MAX_XLIFF_BYTES, error=ReviewError, what="XLIFF file")
    root = parse_xml(data, path=path, error=ReviewError)
    namespace = root.tag[1:].split("}")[0] if isinstance(root.tag, str) and root.tag.startswith("{") else ""
    if namespace not in (XLIFF2, XLIFF12):
        raise ReviewError("not an XLIFF 1.2 or 2.x file", path=path)
    x = f"{{{namespace}}}"
    files = root.findall(f"{x}file")
    if len(files) != 1:
        raise ReviewError(f"expected one <file> per XLIFF, found {len(files)}; export one file per document", path=path)
    file = files[0]
    rows = []
    if namespace == XLIFF2:
        meta = _metas(file)
        document = meta.get("document") or file.get("original", "")
        sl = code_of(root.get("srcLang", ""), path=path)
        tl = code_of(root.get("trgLang", "") or meta.get("target-language", ""), path=path)
        for unit in file.iter(f"{x}unit"):
            m = _metas(unit)
            segments = unit.findall(f"{x}segment")
            data = {d.get("id", ""): d.text or "" for d in unit.iterfind(f"{x}originalData/{x}data")}
            source, _, coded = _read_parts([s.find(f"{x}source") for s in segments if s.find(f"{x}source") is not None], data)
            target, marks, target_coded = _read_parts(
                [s.find(f"{x}target") for s in segments if s.find(f"{x}target") is not None], data)
            state = segments[-1].get("state", "") if segments else ""
            notes = [n.text or "" for n in unit.iter(f"{x}note") if n.get("category") not in ("term", "diglot")]
            rows.append(ReviewRow(
                segment_id=unit.get("id", ""), source_hash=m.get("source-hash") or text_hash(source),
                base_hash=m.get("base-target-hash", ""), target=target, status=state,
                memory_base=m.get("memory-target-hash", ""),
                note="; ".join(n.strip() for n in notes if n.strip()), source_text=source,
                marks=marks if coded or target_coded else None,
            ))
    else:
        document = file.get(f"{{{DG}}}document") or file.get("original", "")
        sl = code_of(file.get("source-language", ""), path=path)
        tl = code_of(file.get("target-language", ""), path=path)
        for unit in file.iter(f"{x}trans-unit"):
            src_el, tgt_el = unit.find(f"{x}source"), unit.find(f"{x}target")
            source, _, coded = _read_parts([src_el] if src_el is not None else [], {})
            target, marks, target_coded = _read_parts([tgt_el] if tgt_el is not None else [], {})
            state = tgt_el.get("state", "") if tgt_el is not None else ""
            if unit.get("approved") == "yes":
                state = "final"
            notes = [n.text or "" for n in unit.findall(f"{x}note") if n.get("from") != "diglot"]
            rows.append(ReviewRow(
                segment_id=unit.get("id", ""), source_hash=unit.get(f"{{{DG}}}source-hash") or text_hash(source),
                base_hash=unit.get(f"{{{DG}}}base-target-hash", ""), target=target, status=state,
                memory_base=unit.get(f"{{{DG}}}memory-target-hash", ""),
                note="; ".join(n.strip() for n in notes if n.strip()), source_text=source,
                marks=marks if coded or target_coded else None,
            ))
    if not document:
        raise ReviewError("the XLIFF file names no document (file 'original'); export it with diglot", path=path)
    return document, sl, tl, rows


def _metas(element) -> dict[str, str]:
    out = {}
    metadata = element.find(f"{{{MDA}}}metadata")
    if metadata is not None:
        for meta in metadata.iter(f"{{{MDA}}}meta"):
            out.setdefault(meta.get("type", ""), (meta.text or "").strip())
    return out


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
