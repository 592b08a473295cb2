"""An OmegaT project folder from a diglot project: what OmegaT 3.6 opens as it is.

::

    write_omegat_project(editions, folder, glossary=..., memory=...) -> OmegatProject

What goes where (OmegaT's default layout):

- ``omegat.project``: the language pair, sentence segmentation off (a unit is
  already one of diglot's segments; OmegaT splitting it again would match
  nothing in the memory); written only where the folder has none, so that a
  translator's own settings stay;
- ``source/NAME.xlf``: each document as XLIFF 1.2 with a copy of the source in
  ``<target>`` (what OmegaT translates), see :mod:`pipeline.interchange.xliff`;
- ``tm/auto/diglot-reviewed.tmx``: the reviewed and approved text of these
  documents, which OmegaT puts in as the translation on loading. OmegaT looks a
  segment up there by its exact text *with its tags*: the XLIFF filter shows
  ``<g id="1">…</g>`` as ``<g0>…</g0>``, ``<x id="3"/>`` as ``<x1/>`` (numbered
  in order, a pair one number) and leaves out the codes before the first and
  after the last word. So this TMX is written as OmegaT writes its own
  (``creationtool="OmegaT"``: segment text with its tags as text), which is
  the only way OmegaT 3.6 reads tags from a TMX as its own; a TMX 1.4b with
  ``<bpt>``/``<ept>`` would never match a unit with codes;
- ``tm/diglot-memory.tmx``: the whole memory as TMX 1.4b (machine text too),
  offered as matches;
- ``glossary/diglot-FROM-TO.txt``: the glossary in OmegaT's tab-separated form
  (:func:`pipeline.glossary.export.write_omegat_glossary`).

OmegaT's own files (``omegat/project_save.tmx``, ``glossary/glossary.txt``,
``target/``) are never touched: exporting again refreshes diglot's files only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline import __version__, languages
from pipeline.fileio import atomic_path
from pipeline.model import USER_STATUSES, Edition

PROJECT_FILE = "omegat.project"
REVIEWED_TMX = Path("tm") / "auto" / "diglot-reviewed.tmx"
MEMORY_TMX = Path("tm") / "diglot-memory.tmx"
FOLDERS = ("omegat", "source", "target", "tm", "glossary", "dictionary")
_SPANS = ("g",)  # the XLIFF 1.2 codes diglot writes: <g> around a span, <x/> for a point


@dataclass(frozen=True)
class OmegatProject:
    """What :func:`write_omegat_project` wrote (paths inside the folder) and how much."""

    folder: str
    project_file: bool  # False: the folder had its own omegat.project, kept
    documents: tuple[tuple[str, int], ...]  # (source/NAME.xlf, units)
    reviewed: int  # units in tm/auto
    memory: int  # units in tm/ (0: no memory given)
    glossary: str  # glossary/...txt, "" when there is no glossary
    glossary_lines: int


def write_omegat_project(editions: list[Edition], folder: str | Path, source_language: str, target_language: str,
                         *, glossary=None, memory=None) -> OmegatProject:
    """Write (or refresh) the OmegaT project in ``folder`` for ``editions``."""
    from pipeline.glossary.export import write_omegat_glossary
    from pipeline.interchange.tmx import write_tmx
    from pipeline.interchange.xliff import write_xliff

    folder = Path(folder)
    sl, tl = languages.check(source_language), languages.check(target_language)
    project_file = not (folder / PROJECT_FILE).exists()
    if project_file:
        _write_project_file(folder / PROJECT_FILE, sl, tl)
    documents = []
    for edition in editions:
        path = write_xliff(edition, folder / "source" / f"{edition.document.name}.xlf", version="1.2", target="source")
        documents.append((path.relative_to(folder).as_posix(), len(edition.translations)))
    reviewed = write_reviewed_tmx(editions, folder / REVIEWED_TMX, sl, tl)
    memory_units = write_tmx(memory, folder / MEMORY_TMX, sl, tl) if memory is not None else 0
    glossary_path, lines = "", 0
    if glossary is not None and glossary.terms:
        target = folder / "glossary" / f"diglot-{sl}-{tl}.txt"
        lines = write_omegat_glossary(glossary, target)
        glossary_path = target.relative_to(folder).as_posix()
    for name in FOLDERS:  # OmegaT opens no project that lacks one of them
        (folder / name).mkdir(parents=True, exist_ok=True)
    return OmegatProject(str(folder), project_file, tuple(documents), reviewed, memory_units, glossary_path, lines)


def _write_project_file(path: Path, sl: str, tl: str) -> None:
    from lxml import etree

    root = etree.Element("omegat")
    project = etree.SubElement(root, "project", version="1.0")
    for name in ("source_dir", "target_dir", "tm_dir", "glossary_dir", "glossary_file", "dictionary_dir"):
        etree.SubElement(project, name).text = "__DEFAULT__"
    for name, value in (("source_lang", languages.tag(sl)), ("target_lang", languages.tag(tl)),
                        ("sentence_seg", "false"), ("support_default_translations", "true"),
                        ("remove_tags", "false")):
        etree.SubElement(project, name).text = value
    with atomic_path(path) as tmp:
        etree.ElementTree(root).write(str(tmp), xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_reviewed_tmx(editions: list[Edition], path: str | Path, source_language: str, target_language: str) -> int:
    """The editions' reviewed and approved units, each source once, as OmegaT's own TMX; returns how many."""
    from lxml import etree

    from pipeline.interchange.tmx import tmx_date
    from pipeline.xmlsafe import XML_LANG, clean

    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", {
        "creationtool": "OmegaT", "creationtoolversion": f"diglot {__version__}", "o-tmf": "OmegaT TMX",
        "adminlang": "EN-US", "datatype": "plaintext", "segtype": "sentence",
        "srclang": languages.tag(source_language)})
    body = etree.SubElement(root, "body")
    seen: set[str] = set()
    date = tmx_date()
    for edition in editions:
        for segment in edition.document.segments():
            t = edition.translations.get(segment.id)
            if t is None or t.status not in USER_STATUSES or not t.target:
                continue
            source, target = omegat_texts(segment.text, segment.marks, t.target, t.marks)
            if not source.strip() or source in seen:
                continue
            seen.add(source)
            tu = etree.SubElement(body, "tu")
            for language, text in ((source_language, source), (target_language, target)):
                tuv = etree.SubElement(tu, "tuv", {XML_LANG: languages.tag(language), "creationdate": date,
                                                   "creationid": "diglot"})
                etree.SubElement(tuv, "seg").text = clean(text)
    with atomic_path(path) as tmp:
        etree.ElementTree(root).write(str(tmp), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return len(seen)


def omegat_texts(source: str, source_marks, target: str, target_marks) -> tuple[str, str]:
    """(source, target) as OmegaT 3.6's XLIFF filter shows the unit diglot writes: codes as its tags.

    The source's codes before its first and after its last word are left out,
    as OmegaT leaves them out (and puts them back around the translation); the
    others are numbered in order, a pair one number. A target code takes the
    number of the source code with its id; one the source has not (or that
    OmegaT left out) is left out, its text kept.
    """
    from lxml import etree

    from pipeline.interchange import xliff_inline as inline
    from pipeline.interchange.xliff import XLIFF12

    source_ids, target_ids = inline.code_ids(source_marks, target_marks)
    events = []
    for text, marks, ids in ((source, source_marks, source_ids), (target, target_marks, target_ids)):
        element = etree.Element(f"{{{XLIFF12}}}source")
        inline.fill(element, text, marks, ids, "1.2", lambda x: x, {})
        events.append(_events(element))
    start, end = _kept(events[0])
    numbers: dict[str, int] = {}
    for kind, _tag, code_id in events[0][start:end]:
        if kind in ("begin", "alone") and code_id not in numbers:
            numbers[code_id] = len(numbers)
    return _shown(events[0][start:end], numbers), _shown(events[1], numbers)


def _events(element) -> list[tuple[str, str, str]]:
    """The element's content in order: ("text", text, ""), ("begin"|"end"|"alone", tag, id)."""
    out: list[tuple[str, str, str]] = []

    def walk(node):
        if node.text:
            out.append(("text", node.text, ""))
        for child in node:
            tag = child.tag.rsplit("}", 1)[-1]
            if tag in _SPANS:
                out.append(("begin", tag, child.get("id", "")))
                walk(child)
                out.append(("end", tag, child.get("id", "")))
            else:
                out.append(("alone", tag, child.get("id", "")))
            if child.tail:
                out.append(("text", child.tail, ""))

    walk(element)
    return out


def _kept(events) -> tuple[int, int]:
    """The slice of ``events`` OmegaT keeps in the segment (``filters3.Entry``'s first and last good element):
    from the first word, or from an opening code before it that closes after it and before the last word;
    to the last word, or to such a closing code after it."""
    words = [i for i, (kind, text, _) in enumerate(events) if kind == "text" and text.strip()]
    if not words:
        return 0, 0
    first, last = words[0], words[-1]
    start = next((i for i in range(first) if events[i][0] == "begin" and first < _partner(events, i) < last), first)
    end = next((i for i in range(len(events) - 1, last, -1)
                if events[i][0] == "end" and first < _partner(events, i) < last), last)
    return start, end + 1


def _partner(events, index: int) -> int:
    """The index of the code that closes (or opens) the span at ``index``; -1 when none."""
    kind, tag, code_id = events[index]
    want = "end" if kind == "begin" else "begin"
    order = range(index + 1, len(events)) if kind == "begin" else range(index - 1, -1, -1)
    return next((i for i in order if events[i][0] == want and events[i][1:] == (tag, code_id)), -1)


def _shown(events, numbers: dict[str, int]) -> str:
    parts = []
    for kind, text, code_id in events:
        if kind == "text":
            parts.append(text)
        elif code_id in numbers:
            letter = text[0]
            parts.append({"begin": f"<{letter}{numbers[code_id]}>", "end": f"</{letter}{numbers[code_id]}>",
                          "alone": f"<{letter}{numbers[code_id]}/>"}[kind])
    return "".join(parts)
