"""TMX 1.4b out of and into a real SQLite memory, checked by independent readers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from pipeline.errors import ReviewError
from pipeline.interchange import import_tmx, read_tmx, write_edition_tmx, write_tmx
from pipeline.memory import TranslationMemory
from pipeline.model import ReviewEdit
from tests.review.docx_fixtures import machine_targets, sample_edition, sources

DTD = Path(__file__).with_name("tmx14b.dtd")
SRC, MT = sources(), machine_targets()


def valid_tmx(path: Path) -> etree._ElementTree:
    tree = etree.parse(str(path))
    dtd = etree.DTD(str(DTD))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()
    return tree


def test_the_whole_memory_is_written_as_valid_tmx_with_dates_languages_and_status(memory, tmp_path):
    memory.store_review("zh", "en", [ReviewEdit(SRC["p3.1"], "Reviewed.", status="approved", note="checked")])
    path = tmp_path / "memory.tmx"
    assert write_tmx(memory, path, "zh", "en") == len(SRC)
    tree = valid_tmx(path)
    header = tree.find("header")
    assert header.get("creationtool") == "diglot" and header.get("srclang") == "zh-CN"
    assert header.get("segtype") == "sentence" and header.get("datatype") == "plaintext"
    units = tree.findall("body/tu")
    assert len(units) == len(SRC)
    for tu in units:
        assert re.fullmatch(r"\d{8}T\d{6}Z", tu.get("creationdate"))
        assert re.fullmatch(r"\d{8}T\d{6}Z", tu.get("changedate"))
        assert [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tu.findall("tuv")] == ["zh-CN", "en-US"]
    approved = [tu for tu in units if tu.findtext("prop[@type='x-diglot-status']") == "approved"]
    assert len(approved) == 1 and approved[0].findtext("note") == "checked"
    assert approved[0].findall("tuv/seg")[1].text == "Reviewed."

    from translate.storage import tmx  # an independent reader

    store = tmx.tmxfile.parsefile(str(path))
    pairs = {u.source: u.target for u in store.units}
    assert pairs == {**{SRC[i]: MT[i] for i in SRC}, SRC["p3.1"]: "Reviewed."}


def test_reviewed_only_leaves_machine_output_out(memory, tmp_path):
    memory.store_review("zh", "en", [ReviewEdit(SRC["p5.1"], "Only this one.")])
    path = tmp_path / "reviewed.tmx"
    assert write_tmx(memory, path, "zh", "en", reviewed_only=True) == 1
    units, skipped = read_tmx(path, "zh", "en")
    assert [(u.source, u.target, u.status) for u in units] == [(SRC["p5.1"], "Only this one.", "reviewed")]


def test_a_previous_volumes_memory_serves_the_next(memory, tmp_path):
    """Export from one project, import into a fresh one: exact matches are there, as reviewed."""
    memory.store_review("zh", "en", [ReviewEdit(SRC["p3.1"], "Approved text.", status="approved")])
    path = tmp_path / "volume1.tmx"
    write_tmx(memory, path, "zh", "en")
    with TranslationMemory.for_project(tmp_path / "volume2") as fresh:
        report = import_tmx(path, fresh, "zh", "en")
        assert len(report.stored) == len(SRC) and report.skipped == 0
        found = fresh.lookup("zh", "en", SRC.values())
        assert {s: (e.target, e.status) for s, e in found.items()} == {
            **{SRC[i]: (MT[i], "reviewed") for i in SRC}, SRC["p3.1"]: ("Approved text.", "approved"),
        }
        # round trip: the fresh memory exports the same pairs
        again = tmp_path / "again.tmx"
        write_tmx(fresh, again, "zh", "en")
        first = {(u.source, u.target) for u in read_tmx(path, "zh", "en")[0]}
        assert {(u.source, u.target) for u in read_tmx(again, "zh", "en")[0]} == first


def test_import_keeps_reviewed_text_already_in_the_memory(memory, tmp_path):
    memory.store_review("zh", "en", [ReviewEdit(SRC["p3.1"], "Ours, reviewed.")])
    path = tmp_path / "other.tmx"
    edition = sample_edition({"p3.1": ("Theirs.", "reviewed")})
    write_edition_tmx(edition, path)
    report = import_tmx(path, memory, "zh", "en")
    assert report.kept == (SRC["p3.1"],)
    assert memory.lookup("zh", "en", [SRC["p3.1"]])[SRC["p3.1"]].target == "Ours, reviewed."
    assert memory.lookup("zh", "en", [SRC["p5.1"]])[SRC["p5.1"]].status == "reviewed"


def test_languages_match_by_prefix_and_other_languages_are_skipped(tmp_path):
    path = tmp_path / "cat.tmx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="X" creationtoolversion="1"'
        ' segtype="sentence" o-tmf="x" adminlang="en" srclang="zh-Hans" datatype="plaintext"/><body>'
        '<tu><tuv xml:lang="ZH_cn"><seg>你好<ph x="1">&lt;b&gt;</ph>世界</seg></tuv>'
        '<tuv xml:lang="en-GB"><seg>Hello <hi>world</hi></seg></tuv></tu>'
        '<tu><tuv xml:lang="zh"><seg>只有中文</seg></tuv><tuv xml:lang="fr-FR"><seg>Seulement</seg></tuv></tu>'
        "</body></tmx>",
        encoding="utf-8",
    )
    units, skipped = read_tmx(path, "zh", "en")
    assert [(u.source, u.target) for u in units] == [("你好世界", "Hello world")]
    assert skipped == 1


def test_dry_run_imports_nothing(memory, tmp_path):
    path = tmp_path / "e.tmx"
    write_edition_tmx(sample_edition(), path)
    before = sorted((e.source, e.target, e.status) for e in memory.entries("zh", "en"))
    report = import_tmx(path, memory, "zh", "en", dry_run=True)
    assert len(report.stored) == len(SRC)
    assert sorted((e.source, e.target, e.status) for e in memory.entries("zh", "en")) == before


def test_an_edition_tmx_holds_each_source_once_and_is_valid(tmp_path):
    path = tmp_path / "speeches.tmx"
    edition = sample_edition({"p5.3": ("", "untranslated")})
    assert write_edition_tmx(edition, path) == len(SRC) - 1  # untranslated segments are not translation units
    valid_tmx(path)


@pytest.mark.parametrize("content, message", [
    ("not xml at all", "not well-formed XML"),
    ("<?xml version='1.0'?><xliff/>", "not a TMX file"),
])
def test_a_broken_file_is_refused_in_one_line_naming_it(tmp_path, content, message):
    path = tmp_path / "bad.tmx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReviewError, match=message) as caught:
        read_tmx(path, "zh", "en")
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)


def test_entities_are_not_expanded(tmp_path):
    path = tmp_path / "xxe.tmx"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<tmx version="1.4"><header/><body><tu><tuv xml:lang="zh"><seg>源</seg></tuv>'
        '<tuv xml:lang="en"><seg>&x;</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    with pytest.raises(ReviewError, match=r"xxe.tmx:1: refused: the XML declares the XML entity x;") as caught:
        read_tmx(path, "zh", "en")  # refused whole, not read with the target dropped
    assert "\n" not in str(caught.value)


def test_an_entity_that_an_unread_dtd_would_declare_is_refused_with_its_line(tmp_path):
    path = tmp_path / "leak.tmx"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4"><header/><body>\n'
        '<tu><tuv xml:lang="zh"><seg>源</seg></tuv><tuv xml:lang="en"><seg>LEAK[&x;]</seg></tuv></tu>\n'
        '</body></tmx>', encoding="utf-8")
    with pytest.raises(ReviewError, match=r"leak.tmx:4: refused: the XML uses the entity &x; that diglot does not expand"):
        read_tmx(path, "zh", "en")


def test_a_plain_doctype_naming_the_tmx_dtd_is_read_as_cat_tools_write_it(tmp_path):
    path = tmp_path / "cat.tmx"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4"><header/><body>'
        '<tu><tuv xml:lang="zh-CN"><seg>源</seg></tuv><tuv xml:lang="en-US"><seg>Source &amp; more</seg></tuv></tu>'
        '</body></tmx>', encoding="utf-8")
    units, skipped = read_tmx(path, "zh", "en")
    assert [(u.source, u.target) for u in units] == [("源", "Source & more")] and skipped == 0


def test_a_tmx_of_another_language_pair_is_refused_with_what_to_do(memory, tmp_path):
    path = tmp_path / "fr.tmx"
    path.write_text(
        '<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>Hello</seg></tuv>'
        '<tuv xml:lang="fr"><seg>Bonjour</seg></tuv></tu></body></tmx>', encoding="utf-8")
    with pytest.raises(ReviewError, match="--from/--to"):
        import_tmx(path, memory, "zh", "en")


def test_xml_illegal_characters_are_dropped_and_the_tmx_parses(tmp_path):
    from pipeline.memory import TranslationMemory
    from pipeline.model import MachineTarget

    with TranslationMemory.for_project(tmp_path) as tm:
        tm.store_machine("zh", "en", [MachineTarget("你好\ufffe。", "Hello\uffff.\x01", "p")])
        assert write_tmx(tm, tmp_path / "m.tmx", "zh", "en") == 1
    segs = [s.text for s in etree.parse(str(tmp_path / "m.tmx")).getroot().iter("seg")]
    assert segs == ["你好。", "Hello."]
    units, _ = read_tmx(tmp_path / "m.tmx", "zh", "en")
    assert [(u.source, u.target) for u in units] == [("你好。", "Hello.")]


def test_an_edition_tmx_drops_noncharacters_and_lone_surrogates(tmp_path):
    edition = sample_edition({"p3.1": ("Steady\ufffe growth\ud800.", "reviewed")})
    assert write_edition_tmx(edition, tmp_path / "e.tmx") == len(SRC)
    segs = [s.text for s in etree.parse(str(tmp_path / "e.tmx")).getroot().iter("seg")]
    assert "Steady growth." in segs


def _tmx(path, units):
    """A TMX 1.4b with (source, target) units, as another tool writes it."""
    body = "".join(
        f'<tu><tuv xml:lang="zh-CN"><seg>{s}</seg></tuv><tuv xml:lang="en-US"><seg>{t}</seg></tuv></tu>' for s, t in units
    )
    path.write_text(f'<?xml version="1.0"?><tmx version="1.4"><header srclang="zh-CN"/><body>{body}</body></tmx>',
                    encoding="utf-8")
    return path


def test_duplicates_conflicts_and_untranslated_units_in_one_file_are_reported_not_guessed(memory, tmp_path):
    path = _tmx(tmp_path / "mixed.tmx", [
        (SRC["p3.1"], "Steady growth."), (SRC["p3.1"], "Steady growth."),  # a duplicate
        (SRC["p3.2"], "First version."), (SRC["p3.2"], "Second version."),  # a conflict
        (SRC["p5.1"], SRC["p5.1"]),  # a copy of the source: untranslated
        (SRC["p5.2"], ""),  # empty: untranslated
    ])
    before = memory.lookup("zh", "en", SRC.values())

    report = import_tmx(path, memory, "zh", "en")

    assert report.stored == (SRC["p3.1"],) and report.duplicates == (SRC["p3.1"],)
    assert report.conflicts == ((SRC["p3.2"], ("First version.", "Second version.")),)
    assert set(report.untranslated) == {SRC["p5.1"], SRC["p5.2"]}
    after = memory.lookup("zh", "en", SRC.values())
    assert after[SRC["p3.1"]].target == "Steady growth." and after[SRC["p3.1"]].status == "reviewed"
    for sid in ("p3.2", "p5.1", "p5.2"):
        assert after[SRC[sid]] == before[SRC[sid]]  # nothing guessed, nothing stored as reviewed
