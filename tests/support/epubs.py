"""EPUBs the test suite builds itself: EPUB 2 and 3, nested TOC, footnotes, images,
a table, a spine out of file-name order, Japanese vertical writing, and broken ones.

``make_epub(path, chapters, ...)`` writes a real EPUB: ``chapters`` is a list of
``(file name, body XHTML)`` in spine order; the TOC (nav for EPUB 3, NCX for
EPUB 2 and, with ``ncx=True``, for EPUB 3 too) is built from ``toc``:
``[(href, label, [children…])]``.
"""

from __future__ import annotations

import struct
import zlib
import zipfile
from html import escape
from pathlib import Path

PNG = (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
       + struct.pack(">I", zlib.crc32(b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)))
       + struct.pack(">I", 12) + b"IDAT" + zlib.compress(b"\x00\xff\x00\x00")
       + struct.pack(">I", zlib.crc32(b"IDAT" + zlib.compress(b"\x00\xff\x00\x00")))
       + struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND")))
CSS = b"body { margin: 0 1em; }\np { text-indent: 1em; }\n"
XHTML2_DOCTYPE = ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" '
                  '"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">')


def page(body: str, *, lang: str = "en", version: int = 3, title: str = "Chapter", css: str = "style.css") -> str:
    doctype = "<!DOCTYPE html>" if version == 3 else XHTML2_DOCTYPE
    epub_ns = ' xmlns:epub="http://www.idpf.org/2007/ops"' if version == 3 else ""
    lang_attrs = f' xml:lang="{lang}"' + (f' lang="{lang}"' if version == 3 else "")
    return (f'<?xml version="1.0" encoding="utf-8"?>\n{doctype}\n<html xmlns="http://www.w3.org/1999/xhtml"{epub_ns}'
            f'{lang_attrs}>\n<head>\n<title>{escape(title)}</title>\n'
            f'<link rel="stylesheet" type="text/css" href="{css}"/>\n</head>\n<body>\n{body}\n</body>\n</html>\n')


def _nav_items(toc) -> str:
    out = []
    for href, label, children in toc:
        sub = f"<ol>{_nav_items(children)}</ol>" if children else ""
        out.append(f'<li><a href="{escape(href)}">{escape(label)}</a>{sub}</li>')
    return "".join(out)


def _ncx_points(toc, counter) -> str:
    out = []
    for href, label, children in toc:
        counter[0] += 1
        n = counter[0]
        out.append(f'<navPoint id="np{n}" playOrder="{n}"><navLabel><text>{escape(label)}</text></navLabel>'
                   f'<content src="{escape(href)}"/>{_ncx_points(children, counter)}</navPoint>')
    return "".join(out)


def make_epub(
    path: Path,
    chapters: list[tuple[str, str]],
    *,
    version: int = 3,
    lang: str = "en",
    title: str = "A Test Book",
    toc: list | None = None,
    ncx: bool = False,
    images: dict[str, bytes] | None = None,
    css: bytes = CSS,
    page_progression: str = "",
    pages: dict[str, str] | None = None,
    extra: dict[str, bytes] | None = None,
    resources: dict[str, tuple[str, bytes]] | None = None,
    mimetype_first: bool = True,
    nav_in_spine: bool = False,
) -> Path:
    """Write an EPUB; ``pages`` overrides whole XHTML files by name (for malformed ones);
    ``resources`` adds files to the manifest, not the spine: ``{name: (media type, bytes)}``."""
    images = images or {}
    toc = toc if toc is not None else [(name, f"Chapter {i}", []) for i, (name, _) in enumerate(chapters, 1)]
    files: dict[str, bytes] = {}
    for name, body in chapters:
        files[f"OEBPS/{name}"] = page(body, lang=lang, version=version, title=name).encode("utf-8")
    for name, text in (pages or {}).items():
        files[f"OEBPS/{name}"] = text.encode("utf-8")
    files["OEBPS/style.css"] = css
    for name, data in images.items():
        files[f"OEBPS/{name}"] = data
    manifest = [f'<item id="c{i}" href="{escape(name)}" media-type="application/xhtml+xml"'
                + (' properties="scripted"/>' if "<script" in body and version == 3 else "/>")
                for i, (name, body) in enumerate(chapters)]
    manifest.append('<item id="css" href="style.css" media-type="text/css"/>')
    manifest += [f'<item id="img{i}" href="{escape(name)}" media-type="image/png"/>' for i, name in enumerate(images)]
    for i, (name, (media_type, data)) in enumerate((resources or {}).items()):
        files[f"OEBPS/{name}"] = data
        scripted = ' properties="scripted"' if b"<script" in data and media_type.endswith("xml") else ""
        manifest.append(f'<item id="res{i}" href="{escape(name)}" media-type="{media_type}"{scripted}/>')
    spine = [f'<itemref idref="c{i}"/>' for i in range(len(chapters))]
    if version == 3:
        nav_body = f'<nav epub:type="toc" id="toc"><h1>Contents</h1><ol>{_nav_items(toc)}</ol></nav>'
        files["OEBPS/nav.xhtml"] = page(nav_body, lang=lang, title="Contents").encode("utf-8")
        manifest.append('<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>')
        if nav_in_spine:
            spine.insert(0, '<itemref idref="nav"/>')
    if version == 2 or ncx:
        ncx_xml = ('<?xml version="1.0" encoding="utf-8"?>\n<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" '
                   'version="2005-1"><head><meta name="dtb:uid" content="urn:uuid:12345678-1234-1234-1234-123456789abc"/>'
                   '<meta name="dtb:depth" content="2"/><meta name="dtb:totalPageCount" content="0"/>'
                   '<meta name="dtb:maxPageNumber" content="0"/></head>'
                   f'<docTitle><text>{escape(title)}</text></docTitle><navMap>{_ncx_points(toc, [0])}</navMap></ncx>\n')
        files["OEBPS/toc.ncx"] = ncx_xml.encode("utf-8")
        manifest.append('<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>')
    modified = '<meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>' if version == 3 else ""
    ppd = f' page-progression-direction="{page_progression}"' if page_progression else ""
    toc_attr = ' toc="ncx"' if version == 2 or ncx else ""
    opf = (f'<?xml version="1.0" encoding="utf-8"?>\n<package xmlns="http://www.idpf.org/2007/opf" '
           f'version="{version}.0" unique-identifier="uid"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:opf="http://www.idpf.org/2007/opf">'
           '<dc:identifier id="uid">urn:uuid:12345678-1234-1234-1234-123456789abc</dc:identifier>'
           f'<dc:title>{escape(title)}</dc:title><dc:language>{lang}</dc:language>{modified}</metadata>'
           f'<manifest>{"".join(manifest)}</manifest><spine{toc_attr}{ppd}>{"".join(spine)}</spine></package>\n')
    files["OEBPS/content.opf"] = opf.encode("utf-8")
    files["META-INF/container.xml"] = (
        b'<?xml version="1.0" encoding="utf-8"?>\n<container version="1.0" '
        b'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
        b'<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>\n')
    files.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        if mimetype_first:
            zf.writestr("mimetype", b"application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name, data in files.items():
            zf.writestr(name, data)
        if not mimetype_first:
            zf.writestr("mimetype", b"application/epub+zip")
    return path


def novel(path: Path, *, version: int = 3, **kwargs) -> Path:
    """An English book with what a reader meets: a nested TOC, footnotes, an image with alt
    text, a table, a list, inline marks, code, a script (EPUB 3); files named out of spine order."""
    noteref = ('<a epub:type="noteref" href="c-notes.xhtml#n1">1</a>' if version == 3
               else '<a href="c-notes.xhtml#n1">1</a>')
    note = ('<aside epub:type="footnote" id="n1"><p>The note explains the <em>river</em>.</p></aside>' if version == 3
            else '<div class="footnote" id="n1"><p>The note explains the <em>river</em>.</p></div>')
    chapters = [
        ("z-opening.xhtml",
         '<h1 id="ch1">The River</h1>\n'
         f'<p>The river was <em>wide</em> and <strong>cold</strong>.{noteref} She waited by the <a href="b-middle.xhtml#s2">bridge</a>.</p>\n'
         '<p>Water<br/>over stones<br/>all night.</p>\n'
         '<div class="figure"><img src="river.png" alt="A river at dusk"/></div>\n'
         '<h2 id="s1">Morning</h2>\n<p>In the morning the fog lifted from H<sub>2</sub>O and the 1<sup>st</sup> boat left.</p>\n'
         '<ul><li>Bread and salt.</li><li>Two ropes.<ul><li>One long rope.</li></ul></li></ul>\n'
         '<pre>do not translate this\n  code block</pre>\n'
         '<p><code>print("hello")</code></p>\n'
         + ('<script type="text/javascript">var x = "no";</script>\n' if version == 3 else "")),
        ("b-middle.xhtml",
         '<h1 id="ch2">The Bridge</h1>\n<h2 id="s2">Stones</h2>\n'
         '<table><caption>Bridges we crossed</caption><tr><th>Name</th><th>Length</th></tr>'
         '<tr><td>Old bridge</td><td>40 m</td></tr></table>\n'
         '<blockquote><p>Cross it slowly, said the keeper.</p></blockquote>\n'
         '<dl><dt>Keeper</dt><dd>The man who guards the bridge.</dd></dl>\n'
         '<p>She spoke <span xml:lang="fr" lang="fr">très bien</span> to him.</p>\n'),
        ("c-notes.xhtml", f'<h1 id="notes">Notes</h1>\n{note}\n'),
    ]
    toc = [("z-opening.xhtml", "The River", [("z-opening.xhtml#s1", "Morning", [])]),
           ("b-middle.xhtml", "The Bridge", [("b-middle.xhtml#s2", "Stones", [])]),
           ("c-notes.xhtml", "Notes", [])]
    return make_epub(path, chapters, version=version, toc=toc, images={"river.png": PNG}, **kwargs)


SCRIPTED_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="blink()">'
                b'<script type="text/javascript">function blink() {}</script><rect width="10" height="10"/></svg>\n')


def scripted(path: Path) -> Path:
    """An EPUB 3 book with scripts: an external and an inline <script> (one before loose text),
    an onclick attribute, a javascript: link, an SVG image with a script and an onload handler."""
    chapters = [
        ("ch1.xhtml",
         '<h1>The Lamp</h1>\n'
         '<p onclick="glow()">The lamp was lit at <a href="javascript:glow()">dusk</a>.</p>\n'
         '<script type="text/javascript" src="lamp.js"></script>\n'
         '<div class="scene"><script type="text/javascript">var lit = true;</script>Smoke rose slowly.'
         '<p>The wick burned low.</p></div>\n'
         '<p>Night fell.</p>\n<div><img src="badge.svg" alt="A small badge"/></div>\n'),
        ("ch2.xhtml", '<h1>The Dark</h1>\n<p>Nobody spoke.</p>\n'),
    ]
    return make_epub(path, chapters, title="The Lamp", resources={
        "lamp.js": ("application/javascript", b"function glow() { document.body.hidden = true; }\n"),
        "badge.svg": ("image/svg+xml", SCRIPTED_SVG),
    })


VERTICAL_CSS = "html { writing-mode: vertical-rl; -epub-writing-mode: vertical-rl; }\n".encode("utf-8")


def vertical_japanese(path: Path) -> Path:
    """A Japanese book in vertical writing, pages turning right to left, with ruby."""
    chapters = [
        ("ch1.xhtml", '<h1>第一章　川</h1>\n<p>川は広くて、<ruby>冷<rt>つめ</rt></ruby>たかった。'
                      '彼女は橋のそばで\n待っていた。</p>\n<p>朝になると霧が晴れた。</p>\n'),
        ("ch2.xhtml", '<h1>第二章　橋</h1>\n<p>ゆっくり渡りなさい、と番人は言った。</p>\n'),
    ]
    return make_epub(path, chapters, lang="ja", title="川の本", css=VERTICAL_CSS, page_progression="rtl",
                     toc=[("ch1.xhtml", "第一章　川", []), ("ch2.xhtml", "第二章　橋", [])])


def chinese_book(path: Path) -> Path:
    """A short Chinese book (the tiny test model translates zh→en)."""
    chapters = [
        ("one.xhtml", '<h1>第一章</h1>\n<p>我们要坚持<em>改革开放</em>。中国愿与各国加强合作。</p>\n'
                      '<p>一是扩大开放；二是深化改革。</p>\n'),
        ("two.xhtml", '<h1>第二章</h1>\n<p>发展是第一要务。</p>\n'),
    ]
    return make_epub(path, chapters, lang="zh", title="合作之书",
                     toc=[("one.xhtml", "第一章", []), ("two.xhtml", "第二章", [])])


def bracketed(text: str) -> str:
    """A stand-in translation that shows which source it came from."""
    return f"〔{text.strip()}〕"


def edition_of(path: Path, source: str = "en", target: str = "zh", translate=bracketed, marks=None):
    """The Edition of an EPUB with every segment 'translated' by ``translate``;
    ``marks(segment, target) -> tuple[Mark, ...]`` puts marks on the targets."""
    from pipeline.ingest import read_document
    from pipeline.model import Edition, Provenance, Translation
    from pipeline.segment import segment_document

    doc = segment_document(read_document(path, language=source))
    translations = {}
    for segment in doc.segments():
        text = translate(segment.text)
        translations[segment.id] = Translation(segment.id, segment.text, text, "machine",
                                               marks=tuple(marks(segment, text)) if marks else ())
    return Edition(doc, source, target, translations, Provenance("argos", "translate-test", "1.0"),
                   created="2026-11-28T12:00:00+00:00")
