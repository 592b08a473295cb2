"""The EPUB 3 edition: a title page, one XHTML file per section, a bilingual TOC.

Chapters are written as complete XHTML documents (ebooklib would re-parse
them with an HTML parser); every text goes through ``html.escape`` and every
block element carries ``lang`` and ``xml:lang``. Each source paragraph is one
``div.pair`` (``table.pair`` side by side) holding the source and/or its
translation, so a reader can never see a translation under the wrong original.

Layouts: ``interleaved`` (source, then translation), ``side-by-side`` (a
two-column table per paragraph), ``translation-only``, ``source-only``.

Inline formatting (marks) becomes ``<em>``, ``<strong>``, ``<code>``,
``<sup>``/``<sub>``, ``<a href>`` and ``<br/>``, well nested whatever the
spans (see :mod:`pipeline.render.inline`). Footnote references in source and
translation are EPUB 3 ``noteref`` links to the note's ``<aside
epub:type="footnote">`` in the Notes chapter, which links back to the first
reference. A code block is one ``<pre><code>``, not repeated as a translation.

A figure (``![alt](picture.png)`` in Markdown) whose picture is a PNG, JPEG or
GIF file beside the source, inside the source's folder, is embedded as
``<figure><img/><figcaption>`` with the alt text and its translation as the
caption; any other picture (a URL, a path leading out of the folder, a missing
file, SVG, which may carry script) leaves the alt text and its translation as
a paragraph, as before.

The package metadata says what e-book managers show (:mod:`pipeline.render.epub_package`): the
bilingual title as the main title, then each language's; both languages in reading order; the
speakers as authors; the translator.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from pipeline.languages import is_rtl
from pipeline.model import Edition, Mark, Paragraph, Section
from pipeline.render.common import (
    book_uuid,
    cjk_font,
    created,
    diglot_version,
    edition_title,
    pair_line,
    provenance_line,
    section_target_title,
    section_title,
    sections_with_notes,
)
from pipeline.xmlsafe import XML_LANG, clean

STYLESHEET = "style/diglot.css"
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")
PICTURE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif"}
MAX_PICTURE_BYTES = 20 * 1024 * 1024


def figure_picture(edition: Edition, block: Paragraph) -> tuple[bytes, str, str] | None:
    """(bytes, media type, suffix) of a figure's picture file beside the source, or None.

    Only a relative path that stays inside the source's folder (links
    resolved), to a regular PNG, JPEG or GIF file of at most 20 MB.
    """
    src = (block.anchor or "").strip()
    if block.role != "figure" or not src or not edition.document.path or "://" in src or ":" in src.split("/")[0]:
        return None
    suffix = Path(src).suffix.lower()
    if suffix not in PICTURE_TYPES or src.startswith(("/", "\\", "~")):
        return None
    from urllib.parse import unquote

    from pipeline.errors import RenderError
    from pipeline.fileio import read_limited, within

    folder = Path(edition.document.path).parent.resolve()
    try:
        path = (folder / unquote(src)).resolve()
        if path == folder or not within(folder, path):
            return None
        data = read_limited(path, max_bytes=MAX_PICTURE_BYTES, error=RenderError, what="picture")
    except (OSError, RuntimeError, RenderError):
        return None
    return data, PICTURE_TYPES[suffix], suffix


def stylesheet(edition: Edition) -> str:
    """The CSS linked from every chapter: relative units only, translation set apart."""
    stack = cjk_font(edition)[2]
    codes = sorted({edition.source_language, edition.target_language})
    cjk = ("zh", "zt", "ja", "ko")
    # Each block's own language chooses its fonts: a Latin translation inside a CJK book's wrapper (or
    # the reverse) would otherwise inherit the wrapper's font stack.
    cjk_rules = "".join(
        f":lang({code}) {{ font-family: {stack if code in cjk else 'serif'}; }}\n" for code in codes
    ).replace(":lang(zt)", ":lang(zh-TW)") if any(c in cjk for c in codes) else ""
    return (
        "body { margin: 0 1em; line-height: 1.6; font-family: serif; }\n"
        + cjk_rules
        + "h1 { font-size: 1.5em; margin: 1.5em 0 0.3em; line-height: 1.3; }\n"
        "h2 { font-size: 1.2em; margin: 1.2em 0 0.4em; }\n"
        ".heading-translation { font-size: 1.2em; color: #1f4e79; font-style: italic; margin: 0 0 0.8em; }\n"
        ".byline { font-style: italic; color: #555555; margin: 0 0 0.2em; text-align: right; }\n"
        ".pair { margin: 0 0 1.2em; }\n"
        ".source { margin: 0 0 0.4em; }\n"
        ".translation { margin: 0; padding-left: 0.8em; border-left: 0.2em solid #8eaadb; color: #1f4e79; "
        "font-style: italic; }\n"
        ".untranslated { color: #888888; }\n"
        "table.pair { width: 100%; border-collapse: collapse; }\n"
        "table.pair td { width: 50%; vertical-align: top; padding: 0 0.5em; }\n"
        "table.pair td.translation { border-left: 0.1em solid #8eaadb; }\n"
        "nav ol { list-style: none; padding-left: 0; }\n"
        "nav li { margin: 0 0 0.5em; }\n"
        ".title-page { text-align: center; margin-top: 3em; }\n"
        "pre.code { white-space: pre-wrap; font-family: monospace; font-size: 0.85em; margin: 0.5em 0 1em; }\n"
        "aside.note { font-size: 0.9em; }\n"
        "figure { margin: 1em 0; }\n"
        "figure img { max-width: 100%; height: auto; }\n"
        ".title-page .facts { font-size: 0.8em; color: #666666; margin-top: 3em; }\n"
    )


class _Html:
    """XHTML pieces with the language attributes set on every block."""

    def __init__(self, edition: Edition):
        from pipeline.languages import tag

        self.source = edition.source_language
        self.target = edition.target_language
        self.tags = {self.source: tag(self.source), self.target: tag(self.target)}
        from pipeline.render.inline import note_numbers

        self.numbers = note_numbers(edition.document)
        sections = sections_with_notes(edition.document)
        self.notes_file = f"section-{len(sections):03d}.xhtml" if edition.document.notes else ""
        self.file = ""  # the chapter being written
        self.first_ref: dict[str, str] = {}  # note id -> "file#ref-id" of its first reference
        self.refs = 0
        self.edition = edition
        self.pictures: dict[str, tuple[str, bytes, str]] = {}  # figure src -> (file name, bytes, media type)

    def picture(self, block: Paragraph) -> str:
        """The archive name of a figure's embedded picture ("" when it is not embedded)."""
        src = block.anchor
        if src not in self.pictures:
            found = figure_picture(self.edition, block)
            if found is None:
                return ""
            data, media_type, suffix = found
            self.pictures[src] = (f"images/figure-{len(self.pictures) + 1:03d}{suffix}", data, media_type)
        return self.pictures[src][0]

    def inline(self, text: str, marks) -> str:
        """XHTML of a text with its marks (escaped, well nested)."""
        from pipeline.render.inline import runs

        if not marks:
            return escape(clean(text))
        out = []
        for run in runs(text, marks):
            if run.point is not None:
                out.append(self._point(run.point))
                continue
            note = run.has("footnote")
            if note is not None:  # a reference written as text (a book's own number): the noteref's label
                out.append(self._point(note, label=run.text))
                continue
            opened = "".join(_OPEN[m.kind](m) for m in run.marks)
            closed = "".join(f"</{_TAG[m.kind]}>" for m in reversed(run.marks))
            out.append(f"{opened}{escape(clean(run.text))}{closed}")
        return "".join(out)

    def _point(self, mark: Mark, label: str = "") -> str:
        if mark.kind == "linebreak":
            return "<br/>"
        number = self.numbers.get(mark.href)
        if mark.kind != "footnote" or number is None or not self.notes_file:
            return ""
        self.refs += 1
        ident = f"ref-{self.refs}"
        self.first_ref.setdefault(mark.href, f"{self.file}#{ident}")
        target = ("" if self.file == self.notes_file else self.notes_file) + "#" + _note_id(mark.href)
        return (f'<sup><a epub:type="noteref" role="doc-noteref" id="{ident}" href="{escape(target)}">'
                f"{escape(clean(label.strip())) or number}</a></sup>")

    def rich(self, element: str, text: str, marks, code: str, cls: str = "") -> str:
        return f"<{element}{self.attrs(code, cls)}>{self.inline(text, marks)}</{element}>"

    def attrs(self, code: str, cls: str = "", ident: str = "") -> str:
        t = self.tags[code]
        out = f' lang="{t}" xml:lang="{t}"'
        if is_rtl(code):
            out += ' dir="rtl"'
        if cls:
            out += f' class="{cls}"'
        if ident:
            out += f' id="{ident}"'
        return out

    def block(self, element: str, text: str, code: str, cls: str = "") -> str:
        return f"<{element}{self.attrs(code, cls)}>{escape(clean(text))}</{element}>"

    def page(self, title: str, body: str) -> bytes:
        src = self.source
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
            '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"'
            f'{self.attrs(src)}>\n<head>\n<meta charset="utf-8"/>\n<title>{escape(clean(title))}</title>\n'
            f'<link rel="stylesheet" type="text/css" href="{STYLESHEET}"/>\n</head>\n<body{self.attrs(src)}>\n{body}\n</body>\n</html>\n'
        ).encode("utf-8")


def toc_label(edition: Edition, section: Section, number: int) -> str:
    """``source title / target title — speaker name``."""
    label = section_title(section, number)
    translated = section_target_title(edition, section)
    if translated:
        label += f" / {translated}"
    if section.byline is not None and section.byline.name:
        label += f" — {section.byline.name}"
    return clean(label)


def _ids(section: Section) -> dict[str, str]:
    out: dict[str, str] = {}
    used: set[str] = set()
    for n, block in enumerate(section.paragraphs, 1):
        ident = "para-" + _ID_UNSAFE.sub("-", block.id or str(n))
        if ident in used:
            ident += f"-{n}"
        used.add(ident)
        out[block.id] = ident
    return out


_TAG = {"link": "a", "language": "span", "strong": "strong", "emphasis": "em", "superscript": "sup",
        "subscript": "sub", "code": "code"}
_OPEN = {
    "link": lambda m: f'<a href="{escape(m.href)}">' if m.href else "<a>",  # no href: a script's, taken out
    "language": lambda m: f'<span lang="{escape(m.language)}" xml:lang="{escape(m.language)}">',
    **{kind: (lambda m, t=tag: f"<{t}>") for kind, tag in _TAG.items() if kind not in ("link", "language")},
}


def _note_id(note: str) -> str:
    return "note-" + _ID_UNSAFE.sub("-", note)


def _pair(h: _Html, edition: Edition, block: Paragraph, ident: str, layout: str) -> str:
    from pipeline.render.inline import target_with_marks

    src, tgt = h.source, h.target
    if block.role == "code":  # verbatim, its own translation: once
        return f"<div{h.attrs(src, 'pair', ident)}><pre{h.attrs(src, 'code')}><code>{escape(clean(block.text))}</code></pre></div>"
    target, target_marks = target_with_marks(edition, block)
    target = clean(target)
    if layout == "side-by-side":
        right = (h.rich("td", target, target_marks, tgt, "translation") if target
                 else h.block("td", "", tgt, "translation untranslated"))
        return (
            f"<table{h.attrs(src, 'pair', ident)}><tbody{h.attrs(src)}><tr{h.attrs(src)}>"
            f"{h.rich('td', block.text, block.marks, src, 'source')}{right}</tr></tbody></table>"
        )
    inner = []
    tag = "h2" if block.role == "subheading" else "p"  # a sub-head (一、…) inside a section; other roles read as body
    if layout in ("interleaved", "source-only"):
        inner.append(h.rich(tag, block.text, block.marks, src, "source"))
    if layout == "interleaved":
        inner.append(h.rich("p" if target and tag != "p" else tag, target, target_marks, tgt,
                            ("heading-translation" if tag != "p" else "translation") + ("" if target else " untranslated")))
    if layout == "translation-only":
        inner.append(h.rich(tag, target, target_marks, tgt, "translation") if target
                     else h.rich(tag, block.text, block.marks, src, "source untranslated"))
    if block.role == "note" and block.id in h.numbers:
        back = h.first_ref.get(block.id, "")
        if back:
            file, ref = back.split("#", 1)
            href = f"#{ref}" if file == h.file else back
            inner.append(f'<p{h.attrs(src, "backlink")}><a role="doc-backlink" href="{escape(href)}">'
                         f"\u21a9 {h.numbers[block.id]}</a></p>")
        return (f'<aside{h.attrs(src, "pair note", _note_id(block.id))} epub:type="footnote" role="doc-footnote">'
                f"{''.join(inner)}</aside>")
    picture = h.picture(block) if block.role == "figure" else ""
    if picture:
        alt = escape(clean(block.text), quote=True)
        return (f"<figure{h.attrs(src, 'pair figure', ident)}><img src=\"{escape(picture)}\" alt=\"{alt}\"/>"
                f"<figcaption{h.attrs(src)}>{''.join(inner)}</figcaption></figure>")
    return f"<div{h.attrs(src, 'pair', ident)}>{''.join(inner)}</div>"


def _chapter(h: _Html, edition: Edition, section: Section, number: int, layout: str) -> str:
    src, tgt = h.source, h.target
    title, translated = section_title(section, number), section_target_title(edition, section)
    head = []
    if layout == "translation-only" and translated:
        head.append(h.block("h1", translated, tgt))
    else:
        head.append(h.block("h1", title, src))
        if translated and layout != "source-only":
            head.append(h.block("p", translated, tgt, "heading-translation"))
    if section.byline is not None:
        byline_target = clean(edition.target_of(section.byline.paragraph))
        if layout != "translation-only" or not byline_target:
            head.append(h.block("p", section.byline.text, src, "byline"))
        if byline_target and layout != "source-only":
            head.append(h.block("p", byline_target, tgt, "byline translation-byline"))
    ids = _ids(section)
    body = "\n".join(_pair(h, edition, block, ids[block.id], layout) for block in section.paragraphs)
    return (
        f'<section{h.attrs(src, "section", "section-" + _ID_UNSAFE.sub("-", section.id or str(number)))}'
        f' epub:type="chapter">\n<header{h.attrs(src)}>{"".join(head)}</header>\n{body}\n</section>'
    )


def _title_page(h: _Html, edition: Edition) -> str:
    d = edition.document
    src, tgt = h.source, h.target
    parts = [h.block("h1", d.title.text if d.title is not None else d.name, src)]
    if d.title is not None and edition.target_of(d.title):
        parts.append(h.block("p", edition.target_of(d.title), tgt, "heading-translation"))
    if d.subtitle is not None:
        parts.append(h.block("p", d.subtitle.text, src, "subtitle"))
        if edition.target_of(d.subtitle):
            parts.append(h.block("p", edition.target_of(d.subtitle), tgt, "subtitle translation-subtitle"))
    facts = f"{pair_line(edition)}. {provenance_line(edition)}."
    parts.append(h.block("p", facts, "en" if "en" in h.tags else tgt, "facts"))
    return f'<section{h.attrs(src, "title-page")} epub:type="titlepage">{"".join(parts)}</section>'


def _nav(h: _Html, title: str, entries: list[tuple[str, str]]) -> bytes:
    """The EPUB 3 navigation document, with lang/xml:lang on its blocks too."""
    src = h.source
    items = "".join(f'<li{h.attrs(src)}><a href="{escape(href)}">{escape(label)}</a></li>' for href, label in entries)
    body = (
        f'<nav{h.attrs(src)} epub:type="toc" id="toc" role="doc-toc">'
        f'{h.block("h1", title, src)}<ol{h.attrs(src)}>{items}</ol></nav>'
    )
    return h.page(title, body)


def _metadata(book, edition: Edition, tags: dict[str, str], layout: str) -> None:
    """The package's metadata (:mod:`pipeline.render.epub_package`): identifier, the bilingual main
    title then each language's, both languages in reading order, the speakers as authors, the
    translator, what made the book (engine, model, glossary, version, layout)."""
    from pipeline.render.epub_package import credit, different_scripts, languages_in_order

    first, second = languages_in_order(edition, layout)
    book.set_identifier(book_uuid(edition))
    book.title = edition_title(edition, target_first=first == edition.target_language)  # also the NCX's
    book.add_metadata("DC", "title", book.title, {"id": "title"})
    book.add_metadata(None, "meta", "main", {"refines": "#title", "property": "title-type"})
    d = edition.document
    titles = {edition.source_language: ("title-source", clean(d.title.text if d.title is not None else d.name)),
              edition.target_language: ("title-translation",
                                        clean(edition.target_of(d.title)) if d.title is not None else "")}
    if titles[edition.target_language][1]:
        for code in (first, second):
            ident, text = titles[code]
            book.add_metadata("DC", "title", text, {"id": ident, XML_LANG: tags[code]})
        source, target = titles[edition.source_language][1], titles[edition.target_language][1]
        if different_scripts(source, target):
            book.add_metadata(None, "meta", target, {"refines": "#title-source", "property": "alternate-script",
                                                     XML_LANG: tags[edition.target_language]})
    book.set_language(tags[first])
    book.add_metadata("DC", "language", tags[second])
    speakers = []
    for section in d.sections:
        if section.byline is not None and section.byline.name and clean(section.byline.name) not in speakers:
            speakers.append(clean(section.byline.name))
    for n, speaker in enumerate(speakers, 1):
        book.add_author(speaker, uid=f"creator{n}", role="aut")
    name, role = credit(edition)
    book.add_metadata("DC", "contributor", name, {"id": "contributor-diglot"})
    book.add_metadata(None, "meta", role, {"refines": "#contributor-diglot", "property": "role",
                                           "scheme": "marc:relators"})
    book.add_metadata("DC", "description", f"{pair_line(edition)}. {provenance_line(edition)}.")
    book.add_metadata("DC", "date", created(edition).strftime("%Y-%m-%dT%H:%M:%SZ"))
    p = edition.provenance
    for key, value in (("engine", p.engine), ("model", f"{p.model} {p.model_version}".strip()),
                       ("glossary", p.glossary_digest), ("version", diglot_version(edition)),
                       ("layout", layout)):
        book.add_metadata(None, "meta", "", {"name": f"diglot:{key}", "content": clean(value) or "none"})


def write_epub(edition: Edition, path: str | Path, *, layout: str = "interleaved") -> Path:
    """Write NAME.epub in the given layout; return its path."""
    from ebooklib import epub

    from pipeline.fileio import atomic_path
    from pipeline.formats import check_layout

    layout = check_layout(layout)
    path = Path(path)
    d = edition.document
    h = _Html(edition)

    book = epub.EpubBook()
    _metadata(book, edition, h.tags, layout)

    css = epub.EpubItem(uid="style", file_name=STYLESHEET, media_type="text/css",
                        content=stylesheet(edition).encode("utf-8"))
    book.add_item(css)
    heading = book.title
    title_page = epub.EpubItem(uid="title-page", file_name="title.xhtml", media_type="application/xhtml+xml",
                               content=h.page(heading, _title_page(h, edition)))
    book.add_item(title_page)
    toc = [epub.Link("title.xhtml", heading, "toc-title")]
    chapters = []
    for number, section in enumerate(sections_with_notes(d), 1):
        name = f"section-{number:03d}.xhtml"
        h.file = name
        label = toc_label(edition, section, number)
        item = epub.EpubItem(uid=f"section-{number:03d}", file_name=name, media_type="application/xhtml+xml",
                             content=h.page(label, _chapter(h, edition, section, number, layout)))
        book.add_item(item)
        chapters.append(item)
        toc.append(epub.Link(name, label, f"toc-{number:03d}"))
    for number, (name, data, media_type) in enumerate(h.pictures.values(), 1):
        book.add_item(epub.EpubItem(uid=f"figure-{number:03d}", file_name=name, media_type=media_type, content=data))
    book.toc = toc
    book.add_item(epub.EpubNcx())
    contents = "Contents / 目录" if "zh" in (edition.source_language, edition.target_language) else "Contents"
    nav = epub.EpubItem(uid="nav", file_name="nav.xhtml", media_type="application/xhtml+xml",
                        content=_nav(h, contents, [(link.href, link.title) for link in toc]))
    nav.properties = ["nav"]  # ebooklib writes an item's properties into the manifest
    book.add_item(nav)
    book.spine = [title_page, nav, *chapters]
    options = {"mtime": created(edition).replace(tzinfo=None), "epub3_pages": False, "epub3_landmark": False,
               "raise_exceptions": True}
    with atomic_path(path) as tmp:
        epub.write_epub(str(tmp), book, options)
    return path
