"""TMX 1.4b: the translation memory out to CAT tools, and a memory back in.

Export writes one ``<tu>`` per memory entry (all, or only reviewed/approved),
with ``xml:lang`` on each ``<tuv>``, creation and change dates in TMX form
(``YYYYMMDDThhmmssZ``) and the diglot status as ``<prop type="x-diglot-status">``.

Import takes every ``<tu>`` that has both languages (matched by prefix:
``zh``, ``zh-CN``, ``ZH_cn`` all are Chinese) and stores it as ``reviewed``
(``approved`` where the TMX says so), so that a previous volume's memory serves
the next: an exact source match is then reused by ``diglot build``. Reviewed
text already in the memory is never replaced by an import; such units are
reported as kept. Within one file: units repeating a source with the same
target are stored once (reported as duplicates); units giving one source
different targets are all left out (reported as conflicts, never "the last
wins"); a target that is empty or a copy of the source is untranslated and
never stored as reviewed. The memory is read and written in one transaction.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from pipeline import __version__, languages
from pipeline.errors import ReviewError
from pipeline.fileio import atomic_path
from pipeline.xmlsafe import clean as _clean  # one cleaner for every XML writer
from pipeline.model import USER_STATUSES, Edition, MemoryEntry, ReviewEdit, Status
from pipeline.xmlsafe import XML_LANG

STATUS_PROP = "x-diglot-status"


@dataclass(frozen=True)
class TmxUnit:
    source: str
    target: str
    status: str = Status.REVIEWED
    note: str = ""
    marks: tuple = ()  # the target's inline codes as marks


@dataclass(frozen=True)
class TmxImportReport:
    path: str
    units: int  # translation units with both languages
    stored: tuple[str, ...] = ()  # sources stored as reviewed/approved
    unchanged: tuple[str, ...] = ()  # memory already held that reviewed text
    kept: tuple[str, ...] = ()  # memory holds other reviewed text: left alone
    skipped: int = 0  # units without both languages
    duplicates: tuple[str, ...] = ()  # sources repeated in the file with the same target (stored once)
    conflicts: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (source, its different targets in the file): not stored
    untranslated: tuple[str, ...] = ()  # sources whose target is empty or a copy of the source: not stored
    dry_run: bool = False


def tmx_date(iso: str = "") -> str:
    """ISO 8601 (or now, when empty) to TMX's ``YYYYMMDDThhmmssZ`` in UTC."""
    moment = None
    if iso:
        try:
            moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
        except ValueError:
            moment = None
    if moment is None:
        moment = datetime.now(timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")




def _write(path: Path, units: Iterable[tuple], sl: str, tl: str) -> int:
    """units: (entry or None, source, target, status, note[, source marks, target marks])."""
    from lxml import etree

    from pipeline.interchange.inline import fill_seg

    count = 0
    now = tmx_date()
    with atomic_path(path) as tmp:
        with etree.xmlfile(str(tmp), encoding="UTF-8") as xf:
            xf.write_declaration()
            with xf.element("tmx", version="1.4"):
                xf.write(etree.Element("header", {
                    "creationtool": "diglot", "creationtoolversion": __version__,
                    "segtype": "sentence", "o-tmf": "diglot", "adminlang": "en-US",
                    "srclang": languages.tag(sl), "datatype": "plaintext", "creationdate": now,
                }))
                xf.write("\n")
                with xf.element("body"):
                    xf.write("\n")
                    for entry, source, target, status, note, *marks in units:
                        source_marks, target_marks = marks or ((), ())
                        attrs = {"srclang": languages.tag(sl)}
                        if entry is not None:
                            attrs["creationdate"] = tmx_date(entry.created)
                            attrs["changedate"] = tmx_date(entry.updated or entry.created)
                        tu = etree.Element("tu", attrs)
                        prop = etree.SubElement(tu, "prop", type=STATUS_PROP)
                        prop.text = status
                        if note:
                            etree.SubElement(tu, "note").text = _clean(note)
                        for lang, text, on in ((sl, source, source_marks), (tl, target, target_marks)):
                            tuv = etree.SubElement(tu, "tuv", {XML_LANG: languages.tag(lang)})
                            fill_seg(etree.SubElement(tuv, "seg"), text, on, _clean)
                        xf.write(tu)
                        xf.write("\n")
                        count += 1
    return count


def write_tmx(memory, path: str | Path, source_language: str, target_language: str, *, reviewed_only: bool = False) -> int:
    """Write the memory's entries for the pair as TMX 1.4b; return how many units."""
    sl, tl = languages.check(source_language), languages.check(target_language)
    statuses = USER_STATUSES if reviewed_only else None
    entries: Iterator[MemoryEntry] = memory.entries(sl, tl, statuses=statuses)
    return _write(Path(path), ((e, e.source, e.target, e.status, e.note, (), e.marks) for e in entries if e.target), sl, tl)


def write_edition_tmx(edition: Edition, path: str | Path, *, reviewed_only: bool = False) -> int:
    """Write an edition's translated segments (each source once) as TMX 1.4b."""
    seen: set[str] = set()
    units = []
    for segment in edition.document.segments():
        t = edition.translations.get(segment.id)
        if t is None or not t.target or segment.text in seen:
            continue
        if reviewed_only and t.status not in USER_STATUSES:
            continue
        seen.add(segment.text)
        units.append((None, segment.text, t.target, t.status, t.note, segment.marks, t.marks))
    return _write(Path(path), units, edition.source_language, edition.target_language)


def seg_text(seg) -> str:
    """Text of a ``<seg>``: inline codes (bpt, ept, ph, it, ut) left out, hi kept."""
    parts = [seg.text or ""]
    for child in seg:
        name = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if name in ("hi", "sub", "g", "mrk", "pc", "span"):
            parts.append(seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


MAX_TMX_BYTES = 1024 * 1024 * 1024  # streamed: memory stays flat whatever the size


@dataclass
class TmxRead:
    """What :func:`read_tmx_file` found: the units with both languages, how many were skipped, the pair."""

    units: list[TmxUnit]
    skipped: int
    source_language: str
    target_language: str


def read_tmx(path: str | Path, source_language: str, target_language: str) -> tuple[list[TmxUnit], int]:
    """The units of a TMX with both languages, and how many units were skipped.

    The file must be of that pair (its ``srclang`` and ``<tuv xml:lang>``);
    see :func:`read_tmx_file`.
    """
    found = read_tmx_file(path, (source_language, target_language))
    return found.units, found.skipped


def read_tmx_file(path: str | Path, pair: tuple[str, str] | None = None, *,
                  default: tuple[str, str] | None = None) -> TmxRead:
    """A TMX read in its own languages: the header's ``srclang`` and each ``<tuv xml:lang>``
    (case-insensitive, region subtags read as their language: ``En-uS`` is English).

    ``pair``: the project's (source, target); a file of another pair is
    refused in one line naming both. Without it the pair is the file's: its
    source language and the one other language of its units (``default``
    where the file names no source language and has both of its). The file is
    streamed unit by unit; a DTD with declarations or an entity is refused
    (see :mod:`pipeline.xmlsafe`), never half-read.
    """
    from pipeline.fileio import open_regular
    from pipeline.xmlsafe import iter_xml

    path = Path(path)
    langs = _Languages(path, tuple(languages.check(c) for c in pair) if pair else None, default)
    units: list[TmxUnit] = []
    skipped = 0
    with open_regular(path, max_bytes=MAX_TMX_BYTES, error=ReviewError, what="TMX file") as handle:
        for event, element in iter_xml(handle, path=path, error=ReviewError, events=("start", "end")):
            if event == "start":
                if element.getparent() is None and (not isinstance(element.tag, str)
                                                    or element.tag.rsplit("}", 1)[-1] != "tmx"):
                    raise ReviewError("not a TMX file (the root element is not <tmx>)", path=path)
                continue
            if element.tag == "header":
                langs.header(element.get("srclang", ""))
            if element.tag != "tu":
                continue
            decided = langs.unit(element)
            unit = _unit(element, *decided) if decided else None
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
            if unit is None:
                skipped += 1
            else:
                units.append(unit)
    sl, tl = langs.decided_at_end(bool(units), skipped)
    return TmxRead(units, skipped, sl, tl)


class _Languages:
    """The languages of a TMX as it is streamed, and the pair it is read in."""

    def __init__(self, path: Path, wanted: tuple[str, str] | None, default: tuple[str, str] | None = None):
        self.path, self.wanted, self.default = path, wanted, default
        self.source = ""  # the file's source language (code, or the tag as written)
        self.seen: dict[str, None] = {}  # every language of a <tuv>, in order
        self.pair = wanted

    def header(self, srclang: str) -> None:
        if srclang.strip() and srclang.strip().lower() != "*all*":
            self.source = languages.from_tag(srclang) or srclang.strip()

    def unit(self, tu) -> tuple[str, str] | None:
        tags = [languages.from_tag(t) or t.strip() for t in
                (tuv.get(XML_LANG) or tuv.get("lang") or "" for tuv in tu.findall("tuv")) if t.strip()]
        self.seen.update(dict.fromkeys(tags))
        if not self.source and tu.get("srclang", "").strip().lower() not in ("", "*all*"):
            self.source = languages.from_tag(tu.get("srclang")) or tu.get("srclang").strip()
        if self.wanted and self.source and self.source != self.wanted[0] and len(self.seen) > 1:
            raise self.refused()  # at the first unit of two languages, so that the message names both
        if self.pair is None and self.source in tags:
            other = next((t for t in tags if t != self.source), None)
            if other is not None and languages.from_tag(self.source) and languages.from_tag(other):
                self.pair = (self.source, other)
        elif self.pair is None and not self.source and self.default and set(self.default) <= set(tags):
            self.pair = self.default
        return self.pair

    def described(self) -> str:
        others = [lang for lang in self.seen if lang != self.source]
        return f"{self.source or '?'}→{'/'.join(others) or '?'}"

    def refused(self) -> ReviewError:
        sl, tl = self.wanted
        return ReviewError(f"the TMX is {self.described()} (its srclang and <tuv xml:lang>), the project {sl}→{tl}; "
                           "import it into a project of that pair, or give --from/--to", path=self.path)

    def decided_at_end(self, any_unit: bool, skipped: int) -> tuple[str, str]:
        if self.wanted is not None:
            if not any_unit and skipped:
                raise self.refused()
            return self.wanted
        if len(self.seen) > 2 or self.pair is None:
            raise ReviewError(f"cannot tell the TMX's language pair ({self.described()}: "
                              f"{', '.join(self.seen) or 'no xml:lang'}); give it with --from/--to", path=self.path)
        return self.pair or ("", "")


def _unit(tu, sl: str, tl: str) -> TmxUnit | None:
    """The unit of a ``<tu>`` with both languages, or None."""
    from pipeline.interchange.inline import read_seg

    source = target = None
    marks = ()
    for tuv in tu.findall("tuv"):
        lang = tuv.get(XML_LANG) or tuv.get("lang") or ""
        seg = tuv.find("seg")
        if seg is None:
            continue
        code = languages.from_tag(lang)
        if source is None and code == sl:
            source = seg_text(seg)
        elif target is None and code == tl:
            target, marks = read_seg(seg, seg_text)
    if not source or not source.strip() or target is None:
        return None
    status = Status.REVIEWED
    for prop in tu.findall("prop"):
        if prop.get("type") == STATUS_PROP and (prop.text or "").strip() == Status.APPROVED:
            status = Status.APPROVED
    note = " ".join((n.text or "").strip() for n in tu.findall("note") if (n.text or "").strip())
    return TmxUnit(source, target, status, note, marks)


def import_tmx(path: str | Path, memory, source_language: str, target_language: str, *, dry_run: bool = False,
               read: tuple[list[TmxUnit], int] | None = None) -> TmxImportReport:
    """Store the TMX's units in ``memory`` as reviewed (one transaction).

    ``read``: what :func:`read_tmx` returned, when the caller read the file
    before opening the memory (so that a refused file creates no memory).
    """
    sl, tl = languages.check(source_language), languages.check(target_language)
    units, skipped = read if read is not None else read_tmx(path, sl, tl)
    if not units and skipped:
        raise ReviewError(
            f"none of the {skipped} translation units has both {sl} and {tl} text; give the pair with --from/--to",
            path=path,
        )
    by_source: dict[str, list[TmxUnit]] = {}
    untranslated: list[str] = []
    for unit in units:
        if not unit.target.strip() or unit.target.strip() == unit.source.strip():
            untranslated.append(unit.source)
        else:
            by_source.setdefault(unit.source, []).append(unit)
    agreed = {s: group for s, group in by_source.items() if len({u.target for u in group}) == 1}
    duplicates = [s for s, group in agreed.items() if len(group) > 1]
    conflicts = [(s, tuple(dict.fromkeys(u.target for u in group))) for s, group in by_source.items() if s not in agreed]
    latest = {s: max(group, key=lambda u: u.status == Status.APPROVED) for s, group in agreed.items()}
    edits, stored, unchanged, kept = [], [], [], []
    origin = f"tmx:{Path(path).name}"
    with contextlib.nullcontext() if dry_run else memory.transaction():
        current = memory.lookup(sl, tl, latest.keys())
        for source, unit in latest.items():
            entry = current.get(source)
            if entry is not None and entry.status in USER_STATUSES:
                if entry.target == unit.target and (entry.status == Status.APPROVED or unit.status == Status.REVIEWED):
                    unchanged.append(source)
                    continue
                if entry.target != unit.target:
                    kept.append(source)
                    continue
            edits.append(ReviewEdit(source=source, target=unit.target, status=unit.status, note=unit.note, origin=origin,
                                    marks=unit.marks))
            stored.append(source)
        if edits and not dry_run:
            memory.store_review(sl, tl, edits)
    return TmxImportReport(
        path=str(path), units=len(units), stored=tuple(stored), unchanged=tuple(unchanged),
        kept=tuple(kept), skipped=skipped, duplicates=tuple(duplicates), conflicts=tuple(conflicts),
        untranslated=tuple(dict.fromkeys(untranslated)), dry_run=dry_run,
    )
