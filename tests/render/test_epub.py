"""The EPUB 3, unzipped and parsed back: pairs per section, languages, escaping, metadata."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace

import pytest
from lxml import etree

from pipeline.errors import RenderError
from pipeline.render import LAYOUTS, write_epub
from tests.render.conftest import NASTY_SOURCE, NASTY_TARGET, make_edition, nasty_edition

XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
BLOCKS = {"body", "section", "header", "nav", "div", "p", "h1", "h2", "ol", "li", "table", "tbody", "tr", "td"}


def _open(path):
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def _chapters(files):
    return [etree.fromstring(files[name]) for name in sorted(files) if re.search(r"section-\d+\.xhtml$", name)]


def _pairs(chapter):
    return [e for e in chapter.iter() if "pair" in (e.get("class") or "").split()]


def _text(element):
    return "".join(element.itertext())


@pytest.mark.parametrize("layout", LAYOUTS)
def test_one_pair_per_source_paragraph_in_order_in_every_layout(tmp_path, edition, layout):
    files = _open(write_epub(edition, tmp_path / "speeches.epub", layout=layout))
    chapters = _chapters(files)
    assert len(chapters) == len(edition.document.sections)
    for chapter, section in zip(chapters, edition.document.sections):
        pairs = _pairs(chapter)
        assert len(pairs) == len(section.paragraphs)
        for pair, block in zip(pairs, section.paragraphs):
            sources = [e for e in pair.iter() if "source" in (e.get("class") or "").split()]
            translations = [e for e in pair.iter() if "translation" in (e.get("class") or "").split()]
            target = edition.target_of(block)
            if layout in ("interleaved", "side-by-side"):
                assert [_text(e) for e in sources] == [block.text]
                assert [_text(e) for e in translations] == [target]
            elif layout == "source-only":
                assert [_text(e) for e in sources] == [block.text] and not translations
            else:  # translation-only: the source stands in, marked, where there is no translation yet
                if target:
                    assert [_text(e) for e in translations] == [target] and not sources
                else:
                    assert [_text(e) for e in sources] == [block.text]
                    assert "untranslated" in sources[0].get("class")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_block_has_lang_and_xml_lang(tmp_path, edition, layout):
    files = _open(write_epub(edition, tmp_path / "speeches.epub", layout=layout))
    pages = _chapters(files) + [etree.fromstring(files["EPUB/title.xhtml"])]
    for page in pages + [etree.fromstring(files["EPUB/nav.xhtml"])]:
        assert page.get("lang") == "zh-CN" and page.get(XML_LANG) == "zh-CN"
        for element in page.iter(XHTML + "*"):
            if element.tag[len(XHTML):] in BLOCKS:
                assert element.get("lang") and element.get("lang") == element.get(XML_LANG), element.tag
    translations = [e for page in pages for e in page.iter() if "translation" in (e.get("class") or "")]
    assert all(e.get("lang") == "en-US" for e in translations)


def test_escaping_source_shows_as_text(tmp_path):
    files = _open(write_epub(nasty_edition(), tmp_path / "nasty.epub"))
    for page in _chapters(files):
        assert not list(page.iter(XHTML + "script"))
        assert not list(page.iter(XHTML + "b"))
        texts = [_text(e) for e in page.iter(XHTML + "p")]
        assert NASTY_SOURCE in texts and NASTY_TARGET in texts
        assert _text(next(page.iter(XHTML + "h1"))) == "<h1>标题</h1>&"
    raw = files["EPUB/section-001.xhtml"].decode()
    assert "&lt;script&gt;" in raw and "]]&gt;" in raw and "&amp;" in raw
    nav = etree.fromstring(files["EPUB/nav.xhtml"])
    assert any("<h1>标题</h1>&" in _text(a) for a in nav.iter(XHTML + "a"))


def test_metadata_languages_titles_creators_identifier_modified(tmp_path, edition):
    files = _open(write_epub(edition, tmp_path / "speeches.epub"))
    opf = etree.fromstring(files["EPUB/content.opf"])
    md = opf.find("opf:metadata", OPF)
    assert [e.text for e in md.findall("dc:language", OPF)] == ["zh-CN", "en-US"]
    # what e-book managers show: the bilingual title first, typed main; then each language's title
    titles = md.findall("dc:title", OPF)
    assert [e.text for e in titles] == ["新时代的对外开放 / Opening Up in the New Era", "新时代的对外开放",
                                        "Opening Up in the New Era"]
    assert [e.get(XML_LANG) for e in titles] == [None, "zh-CN", "en-US"]
    refines = {(m.get("refines"), m.get("property")): m for m in md.findall("opf:meta[@refines]", OPF)}
    assert refines[("#title", "title-type")].text == "main"
    alternate = refines[(f"#{titles[1].get('id')}", "alternate-script")]  # Han and Latin: another script
    assert (alternate.text, alternate.get(XML_LANG)) == ("Opening Up in the New Era", "en-US")
    creators = md.findall("dc:creator", OPF)
    assert [e.text for e in creators] == ["王明", "约翰·史密斯"]
    assert all(refines[(f"#{e.get('id')}", "role")].text == "aut" for e in creators)
    contributor = md.find("dc:contributor", OPF)
    assert contributor.text == "Argos Translate (translate-zh_en 1.9) with diglot 0.1.0"
    assert refines[(f"#{contributor.get('id')}", "role")].text == "trl"
    ident = md.find("dc:identifier", OPF).text
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", ident)
    modified = md.find("opf:meta[@property='dcterms:modified']", OPF).text
    assert modified == "2026-11-28T08:00:00Z"
    description = md.find("dc:description", OPF).text
    assert "argos" in description and "translate-zh_en 1.9" in description and "g1a2b3c4" in description
    named = {m.get("name"): m.get("content") for m in md.findall("opf:meta[@name]", OPF)}
    assert named["diglot:engine"] == "argos" and named["diglot:version"] == "0.1.0"


def test_translation_only_leads_with_the_target_language_and_title(tmp_path, edition):
    files = _open(write_epub(edition, tmp_path / "t.epub", layout="translation-only"))
    md = etree.fromstring(files["EPUB/content.opf"]).find("opf:metadata", OPF)
    assert [e.text for e in md.findall("dc:language", OPF)] == ["en-US", "zh-CN"]
    assert [e.text for e in md.findall("dc:title", OPF)] == ["Opening Up in the New Era / 新时代的对外开放",
                                                            "Opening Up in the New Era", "新时代的对外开放"]
    ncx = etree.fromstring(files["EPUB/toc.ncx"])
    assert "".join(ncx.find("{*}docTitle").itertext()).strip() == "Opening Up in the New Era / 新时代的对外开放"


def test_an_untranslated_title_and_the_none_engine(tmp_path, edition):
    """No translated title: the source title alone, no language-tagged copies; the none engine
    translated nothing, so diglot is the book producer, not the translator."""
    document = replace(edition.document, title=replace(edition.document.title, segments=()))
    bare = replace(edition, document=document, provenance=replace(edition.provenance, engine="none"))
    md = etree.fromstring(_open(write_epub(bare, tmp_path / "n.epub"))["EPUB/content.opf"]).find("opf:metadata", OPF)
    assert [e.text for e in md.findall("dc:title", OPF)] == ["新时代的对外开放"]
    assert not md.findall("opf:meta[@property='alternate-script']", OPF)
    contributor = md.find("dc:contributor", OPF)
    assert contributor.text == "diglot 0.1.0"
    assert md.find(f"opf:meta[@refines='#{contributor.get('id')}']", OPF).text == "bkp"


def test_identifier_is_stable_across_rebuilds_and_differs_per_document(tmp_path, edition):
    def ident(e, name):
        opf = etree.fromstring(_open(write_epub(e, tmp_path / name))["EPUB/content.opf"])
        return opf.find("opf:metadata/dc:identifier", OPF).text

    first = ident(edition, "a.epub")
    assert ident(replace(edition, created="2027-01-01T00:00:00Z"), "b.epub") == first
    assert ident(make_edition("other"), "c.epub") != first


def test_bilingual_toc_with_speakers_in_nav_and_ncx(tmp_path, edition):
    files = _open(write_epub(edition, tmp_path / "speeches.epub"))
    nav = etree.fromstring(files["EPUB/nav.xhtml"])
    labels = [_text(a) for a in nav.iter(XHTML + "a")]
    assert "坚持合作共赢 / Upholding Win-Win Cooperation — 王明" in labels
    assert "共同发展 / Common Development — 约翰·史密斯" in labels
    ncx = files["EPUB/toc.ncx"].decode()
    assert "坚持合作共赢 / Upholding Win-Win Cooperation — 王明" in ncx


def test_stylesheet_linked_everywhere_relative_units_translation_distinct(tmp_path, edition):
    files = _open(write_epub(edition, tmp_path / "speeches.epub"))
    css = files["EPUB/style/diglot.css"].decode()
    assert "px" not in css
    assert re.search(r"\.translation \{[^}]*(color|border-left)", css)
    assert "Noto Serif CJK SC" in css and ":lang(zh)" in css
    # the English translation inside a Chinese book takes a Latin font of its own, not the CJK stack
    assert ":lang(en) { font-family: serif; }" in css
    translations = [p for page in _chapters(files) for p in page.iter(XHTML + "p")
                    if "translation" in (p.get("class") or "")]
    assert translations and all(p.get("lang").startswith("en") for p in translations)  # :lang(en) takes en-US
    pages = ["EPUB/title.xhtml", "EPUB/nav.xhtml"]
    for page in _chapters(files) + [etree.fromstring(files[name]) for name in pages]:
        links = [l.get("href") for l in page.iter(XHTML + "link")]
        assert links == ["style/diglot.css"]


def test_title_page_has_both_titles(tmp_path, edition):
    files = _open(write_epub(edition, tmp_path / "speeches.epub"))
    page = etree.fromstring(files["EPUB/title.xhtml"])
    texts = [_text(e) for e in page.iter(XHTML + "h1", XHTML + "p")]
    assert "新时代的对外开放" in texts and "Opening Up in the New Era" in texts
    assert "——国际论坛讲话汇编" in texts


def test_section_without_paragraphs_still_has_a_chapter(tmp_path, edition):
    doc = edition.document
    empty = replace(doc.sections[0], paragraphs=(), byline=None)
    e = replace(edition, document=replace(doc, sections=(empty,) + doc.sections[1:]))
    files = _open(write_epub(e, tmp_path / "e.epub"))
    assert len(_chapters(files)) == 2


def test_unknown_layout_is_a_render_error_and_nothing_is_written(tmp_path, edition):
    with pytest.raises(RenderError, match="unknown layout 'facing'"):
        write_epub(edition, tmp_path / "x.epub", layout="facing")
    assert not list(tmp_path.iterdir())


def test_right_to_left_target_blocks_carry_dir(tmp_path, edition):
    files = _open(write_epub(replace(edition, target_language="ar"), tmp_path / "ar.epub"))
    translations = [e for page in _chapters(files) for e in page.iter()
                    if "translation" in (e.get("class") or "").split()]
    assert translations and all(e.get("dir") == "rtl" and e.get("lang") == "ar" for e in translations)
    opf = etree.fromstring(files["EPUB/content.opf"])
    assert [e.text for e in opf.findall("opf:metadata/dc:language", OPF)] == ["zh-CN", "ar"]
