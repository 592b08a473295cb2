"""XLIFF 2.1 and 1.2: written, read by translate-toolkit, edited there, imported back."""

from __future__ import annotations

import dataclasses

import pytest
from lxml import etree

from pipeline.errors import ReviewError
from pipeline.interchange import edition_from_memory, import_xliff, read_xliff, write_xliff
from pipeline.model import Glossary, ReviewEdit, Term, TermCheck, TermHit
from tests.review.docx_fixtures import DOC, machine_targets, sample_document, sample_edition, sources

SRC, MT = sources(), machine_targets()
X2 = {"x": "urn:oasis:names:tc:xliff:document:2.0", "mda": "urn:oasis:names:tc:xliff:metadata:2.0"}
X1 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


def edition_with_problems():
    edition = sample_edition({"p3.1": ("Reviewed.", "reviewed"), "p3.2": ("Approved.", "approved"),
                              "p5.3": ("", "untranslated")})
    term = Term(source="合作共赢", target="win-win cooperation", forbidden=("mutual win",))
    hit = TermHit(term=term, segment_id="p5.1", start=0, end=4)
    translations = dict(edition.translations)
    translations["p5.1"] = dataclasses.replace(
        translations["p5.1"], terms=(TermCheck(hit=hit, status="missing", forbidden_hits=("mutual win",)),),
    )
    return dataclasses.replace(edition, translations=translations)


def toolkit_units(path, version):
    if version == "2.1":
        from translate.storage import xliff2

        store = xliff2.Xliff2File.parsefile(str(path))
    else:
        from translate.storage import xliff

        store = xliff.xlifffile.parsefile(str(path))
    return store, {u.getid().split("\x04")[-1]: u for u in store.units}


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_translate_toolkit_reads_every_unit_with_its_source_target_and_notes(tmp_path, version):
    path = write_xliff(edition_with_problems(), tmp_path / "speeches.xlf", version=version)
    store, units = toolkit_units(path, version)
    assert list(units) == list(SRC)
    assert (store.sourcelanguage, store.targetlanguage) == ("zh-CN", "en-US")
    for sid, unit in units.items():
        assert unit.source == SRC[sid]
    assert units["p3.1"].target == "Reviewed."
    assert units["p5.3"].target in ("", None)
    notes = units["p5.1"].getnotes()
    if version == "2.1":  # translate-toolkit looks for notes in <segment>; XLIFF 2 keeps them in <unit>
        notes = " ".join(n.text for n in units["p5.1"].xmlelement.getparent().iterfind("x:notes/x:note", X2))
    assert "win-win cooperation" in notes and "mutual win" in notes
    assert units["p3.2"].isapproved()


def test_xliff_21_states_follow_the_status(tmp_path):
    path = write_xliff(edition_with_problems(), tmp_path / "s.xlf")
    root = etree.parse(str(path)).getroot()
    assert root.get("version") == "2.1" and root.get("srcLang") == "zh-CN" and root.get("trgLang") == "en-US"
    states = {u.get("id"): u.find("x:segment", X2).get("state") for u in root.iterfind(".//x:unit", X2)}
    assert states["p1.1"] == "translated" and states["p3.1"] == "reviewed"
    assert states["p3.2"] == "final" and states["p5.3"] == "initial"
    unit = root.find(".//x:unit[@id='p5.1']", X2)
    children = [etree.QName(c).localname for c in unit]
    assert children == ["metadata", "notes", "segment"]  # module data first, as the 2.x core schema orders them


def test_xliff_12_states_follow_the_status(tmp_path):
    path = write_xliff(edition_with_problems(), tmp_path / "s.xlf", version="1.2")
    root = etree.parse(str(path)).getroot()
    states = {u.get("id"): u.find("x:target", X1).get("state") for u in root.iterfind(".//x:trans-unit", X1)}
    assert states == {"p1.1": "translated", "p2.1": "translated", "p3.1": "signed-off", "p3.2": "final",
                      "p4.1": "translated", "p5.1": "translated", "p5.2": "translated", "p5.3": "new"}


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_targets_edited_in_translate_toolkit_come_back_under_the_three_way_rule(memory, tmp_path, version):
    edition = edition_from_memory(sample_document(), memory, "zh", "en")
    path = write_xliff(edition, tmp_path / "speeches.xlf", version=version)
    store, units = toolkit_units(path, version)
    units["p3.1"].target = "Edited in a CAT tool."
    units["p5.2"].target = "Also edited."
    units["p5.1"].target = "Edited here and in the memory."
    store.savefile(str(path))  # saved by another program: diglot's hidden data must survive it
    memory.store_review("zh", "en", [ReviewEdit(SRC["p5.1"], "Changed in the memory meanwhile.")])

    report = import_xliff(path, memory)
    assert dict(report.applied) == {"p3.1": "reviewed", "p5.2": "reviewed"}
    assert [sid for sid, _ in report.conflicts] == ["p5.1"]
    assert report.rejected == ()
    found = memory.lookup("zh", "en", [SRC["p3.1"], SRC["p5.1"]])
    assert (found[SRC["p3.1"]].target, found[SRC["p3.1"]].status) == ("Edited in a CAT tool.", "reviewed")
    assert found[SRC["p5.1"]].target == "Changed in the memory meanwhile."


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_export_then_import_leaves_the_memory_as_it_was(memory, tmp_path, version):
    before = sorted((e.source, e.target, e.status) for e in memory.entries("zh", "en"))
    path = write_xliff(edition_from_memory(sample_document(), memory, "zh", "en"), tmp_path / "s.xlf", version=version)
    report = import_xliff(path, memory)
    assert report.applied == () and report.rejected == () and len(report.unchanged) == len(SRC)
    assert sorted((e.source, e.target, e.status) for e in memory.entries("zh", "en")) == before


def test_a_final_state_approves(memory, tmp_path):
    path = write_xliff(edition_from_memory(sample_document(), memory, "zh", "en"), tmp_path / "s.xlf")
    tree = etree.parse(str(path))
    tree.find(".//x:unit[@id='p4.1']/x:segment", X2).set("state", "final")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    report = import_xliff(path, memory)
    assert dict(report.applied) == {"p4.1": "approved"}
    assert memory.lookup("zh", "en", [SRC["p4.1"]])[SRC["p4.1"]].status == "approved"


def test_a_unit_that_lost_diglots_data_is_rejected_not_guessed(memory, tmp_path):
    path = write_xliff(edition_from_memory(sample_document(), memory, "zh", "en"), tmp_path / "s.xlf", version="1.2")
    tree = etree.parse(str(path))
    unit = tree.find(".//x:trans-unit[@id='p3.2']", X1)
    del unit.attrib["{urn:diglot:xliff}base-target-hash"]
    unit.find("x:target", X1).text = "Edited."
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    report = import_xliff(path, memory)
    assert [sid for sid, _ in report.rejected] == ["p3.2"]
    assert memory.lookup("zh", "en", [SRC["p3.2"]])[SRC["p3.2"]].target == MT["p3.2"]


def test_dry_run_writes_nothing(memory, tmp_path):
    path = write_xliff(edition_from_memory(sample_document(), memory, "zh", "en"), tmp_path / "s.xlf")
    tree = etree.parse(str(path))
    tree.find(".//x:unit[@id='p3.1']//x:target", X2).text = "Edited."
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    report = import_xliff(path, memory, dry_run=True)
    assert dict(report.applied) == {"p3.1": "reviewed"}
    assert memory.lookup("zh", "en", [SRC["p3.1"]])[SRC["p3.1"]].target == MT["p3.1"]


def test_edition_from_memory_marks_term_problems_for_notes(memory):
    glossary = Glossary(terms=(Term(source="合作共赢", target="mutual benefit"),))
    edition = edition_from_memory(sample_document(), memory, "zh", "en", glossary=glossary)
    checks = edition.translations["p5.1"].terms
    assert [c.status for c in checks] == ["missing"]
    assert edition.translations["p1.1"].status == "machine" and edition.document.name == DOC


@pytest.mark.parametrize("content, message", [
    ("<nope", "not well-formed XML"),
    ("<?xml version='1.0'?><tmx version='1.4'/>", "not an XLIFF"),
    ('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="zh" trgLang="en"/>', "one <file>"),
    ('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="xx" trgLang="en">'
     '<file id="f" original="a"/></xliff>', "unknown language"),
    ('<!DOCTYPE xliff [<!ENTITY x "LEAKED">]><xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" '
     'srcLang="zh" trgLang="en"><file id="f" original="a"><unit id="p1.1"><segment><source>源</source>'
     '<target>LEAK[&x;]</target></segment></unit></file></xliff>', r"bad.xlf:1: refused: the XML declares the XML entity x"),
])
def test_a_broken_xliff_is_refused_in_one_line(tmp_path, content, message):
    path = tmp_path / "bad.xlf"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReviewError, match=message) as caught:
        read_xliff(path)
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_an_unedited_export_with_reviewed_entries_applies_nothing(memory, tmp_path, version):
    memory.store_review("zh", "en", [ReviewEdit(SRC["p3.1"], "Reviewed text.", "reviewed"),
                                     ReviewEdit(SRC["p3.2"], "Approved text.", "approved")])
    before = sorted((e.source, e.target, e.status) for e in memory.entries("zh", "en"))
    path = write_xliff(edition_from_memory(sample_document(), memory, "zh", "en"), tmp_path / "s.xlf", version=version)
    report = import_xliff(path, memory)
    assert report.applied == () and report.conflicts == () and report.rejected == ()
    assert sorted((e.source, e.target, e.status) for e in memory.entries("zh", "en")) == before
    assert memory.lookup("zh", "en", [SRC["p3.1"]])[SRC["p3.1"]].status == "reviewed"


def test_xliff_12_states_map_back_to_their_status(tmp_path):
    path = write_xliff(edition_with_problems(), tmp_path / "s.xlf", version="1.2")
    rows = {row.segment_id: row for row in read_xliff(path)[3]}
    from pipeline.review.apply import _wanted_status

    assert _wanted_status(rows["p3.1"].status) == "reviewed"  # signed-off
    assert _wanted_status(rows["p3.2"].status) == "approved"  # final, approved="yes"


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_xml_illegal_characters_are_dropped_and_the_xliff_parses(tmp_path, version):
    import dataclasses as dc

    edition = sample_edition({"p3.1": ("Steady\uffff growth.", "reviewed")})
    document = edition.document
    segment = document.sections[0].paragraphs[0].segments[0]
    odd = dc.replace(segment, text="中国\ufffe经济保持稳定增长。")
    paragraph = dc.replace(document.sections[0].paragraphs[0], segments=(odd, *document.sections[0].paragraphs[0].segments[1:]))
    sections = (dc.replace(document.sections[0], paragraphs=(paragraph,)), *document.sections[1:])
    edition = dc.replace(edition, document=dc.replace(document, sections=sections))
    path = write_xliff(edition, tmp_path / "s.xlf", version=version)
    etree.parse(str(path))
    rows = {row.segment_id: row for row in read_xliff(path)[3]}
    assert rows["p3.1"].source_text == "中国经济保持稳定增长。"
    assert rows["p3.1"].target == "Steady growth."


def test_a_target_with_a_noncharacter_reimports_unchanged(memory, tmp_path):
    memory.store_review("zh", "en", [ReviewEdit(SRC["p3.1"], "Steady\ufffe growth.", "reviewed")])
    path = write_xliff(edition_from_memory(sample_document(), memory, "zh", "en"), tmp_path / "s.xlf")
    report = import_xliff(path, memory)
    assert report.applied == () and len(report.unchanged) == len(SRC)


# ---------------------------------------------------------------- inline formatting (marks)

DG = {"dg": "urn:diglot:xliff"}
HREF = "https://x.org/a?b=1&c=2"


def shape(marks):
    return sorted((m.kind, m.start, m.end, m.href) for m in marks)


def marked_memory(tmp_path):
    """A memory holding a reviewed target with crossing emphasis and link, and a footnote ref."""
    from pipeline.ingest import read_text
    from pipeline.memory import TranslationMemory
    from pipeline.model import Mark
    from pipeline.segment import segment_document

    document = segment_document(read_text(f"# 题\n\n## 一\n\n见*这个*[网站]({HREF})。[^1]\n\n[^1]: 注。\n", markdown=True))
    (segment,) = document.sections[0].paragraphs[0].segments
    marks = (Mark("emphasis", 0, 8), Mark("link", 4, 16, href=HREF), Mark("footnote", 17, 17, href=document.notes[0].id))
    memory = TranslationMemory.for_project(tmp_path / "marked")
    memory.store_review("zh", "en", [ReviewEdit(segment.text, "See this website.", "reviewed", marks=marks)])
    memory.record_document(document.name, "zh", "en", [(s.id, s.text) for s in document.segments()])
    return memory, document, segment, marks


def test_xliff_21_writes_marks_as_pc_and_ph_with_their_native_codes(tmp_path):
    memory, document, segment, marks = marked_memory(tmp_path)
    with memory:
        path = write_xliff(edition_from_memory(document, memory, "zh", "en"), tmp_path / "m.xlf")
    unit = etree.parse(str(path)).find(f".//x:unit[@id='{segment.id}']", X2)
    assert [etree.QName(c).localname for c in unit] == ["metadata", "originalData", "segment"]
    data = {d.get("id"): d.text for d in unit.iterfind("x:originalData/x:data", X2)}
    target = unit.find("x:segment/x:target", X2)
    # crossing spans are written well nested: the link is cut where the emphasis ends
    outer = target.find("x:pc", X2)
    assert (outer.get("type"), outer.get("subType"), "".join(outer.itertext())) == ("fmt", "xlf:i", "See this")
    links = target.findall(".//x:pc[@type='link']", X2)
    assert ["".join(p.itertext()) for p in links] == ["this", " website"]
    assert {data[p.get("dataRefStart")] for p in links} == {'<link href="https://x.org/a?b=1&amp;c=2">'}
    ids = [c.get("id") for c in target.iter() if c is not target]
    assert len(set(ids)) == len(ids)  # unique within the target, the cut link's second piece included
    (ref,) = target.findall("x:ph", X2)
    assert data[ref.get("dataRef")] == f'<footnote href="{document.notes[0].id}"/>'
    assert "".join(target.itertext()) == "See this website."
    # the source has its own codes; a target code has the id of the source code of the same kind and href
    source = unit.find("x:segment/x:source", X2)
    assert "".join(source.itertext()) == segment.text
    assert source.find(".//x:pc[@type='link']", X2).get("id") == links[0].get("id")
    assert source.find("x:ph", X2).get("id") == ref.get("id")


def test_xliff_12_writes_marks_as_g_and_x(tmp_path):
    memory, document, segment, marks = marked_memory(tmp_path)
    with memory:
        path = write_xliff(edition_from_memory(document, memory, "zh", "en"), tmp_path / "m.xlf", version="1.2")
    target = etree.parse(str(path)).find(f".//x:trans-unit[@id='{segment.id}']/x:target", X1)
    assert target.find("x:g", X1).get("ctype") == "italic"
    links = target.findall(".//x:g[@ctype='link']", X1)
    assert {g.get(f"{{{DG['dg']}}}href") for g in links} == {HREF}
    (ref,) = target.findall("x:x", X1)
    assert (ref.get("ctype"), ref.get(f"{{{DG['dg']}}}href")) == ("x-footnote", document.notes[0].id)
    assert "".join(target.itertext()) == "See this website."


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_a_target_edited_around_its_tags_comes_back_with_its_marks(tmp_path, version):
    memory, document, segment, marks = marked_memory(tmp_path)
    with memory:
        path = write_xliff(edition_from_memory(document, memory, "zh", "en"), tmp_path / "m.xlf", version=version)
        tree = etree.parse(str(path))
        ns = X2 if version == "2.1" else X1
        target = tree.find(f".//x:{'unit' if version == '2.1' else 'trans-unit'}[@id='{segment.id}']//x:target", ns)
        outer = target[0]  # the emphasis: "See this" -> "Visit this"
        assert outer.text == "See "
        outer.text = "Visit "
        tree.write(str(path), xml_declaration=True, encoding="UTF-8")
        report = import_xliff(path, memory)
        assert dict(report.applied) == {segment.id: "reviewed"}
        entry = memory.lookup("zh", "en", [segment.text])[segment.text]
    assert entry.target == "Visit this website."
    assert shape(entry.marks) == [("emphasis", 0, 10, ""), ("footnote", 19, 19, document.notes[0].id),
                                  ("link", 6, 18, HREF)]


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_export_then_import_leaves_marks_in_the_memory_as_they_were(tmp_path, version):
    memory, document, segment, marks = marked_memory(tmp_path)
    with memory:
        path = write_xliff(edition_from_memory(document, memory, "zh", "en"), tmp_path / "m.xlf", version=version)
        (row,) = [r for r in read_xliff(path)[3] if r.segment_id == segment.id]
        assert shape(row.marks) == shape(marks)
        before = [(e.source, e.target, e.status, shape(e.marks)) for e in memory.entries("zh", "en")]
        report = import_xliff(path, memory)
        assert report.applied == () and report.rejected == ()
        assert [(e.source, e.target, e.status, shape(e.marks)) for e in memory.entries("zh", "en")] == before


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_translate_toolkit_reads_a_file_with_inline_codes(tmp_path, version):
    memory, document, segment, marks = marked_memory(tmp_path)
    with memory:
        path = write_xliff(edition_from_memory(document, memory, "zh", "en"), tmp_path / "m.xlf", version=version)
    store, units = toolkit_units(path, version)
    assert "See this website." in str(units[segment.id].target)
    assert "这个" in str(units[segment.id].source)
