"""`diglot export omegat`: the OmegaT project folder, without OmegaT (tests/consumers/test_omegat.py runs OmegaT on it).

What OmegaT needs of it: every folder of its layout, sentence segmentation
off, the reviewed text in tm/auto as OmegaT shows each unit (its tags, the
codes before the first and after the last word left out), the glossary in
its tab-separated form; and that exporting again leaves OmegaT's own files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.support.cli import diglot
from pipeline.interchange.omegat import omegat_texts
from pipeline.memory import TranslationMemory
from pipeline.model import Mark, ReviewEdit

NOTES = "# 笔记\n\n推动*绿色转型*，关键在于**创新**。\n\n普通的一句话。\n"
X1 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


@pytest.mark.parametrize("source, marks, target, target_marks, shown", [
    # codes inside the words: numbered in order, a pair one number; the target's take the source's numbers
    ("推动绿色转型，关键在于创新。", (Mark("emphasis", 2, 6), Mark("strong", 11, 13)),
     "Innovation is key to the green transition.", (Mark("strong", 0, 10), Mark("emphasis", 25, 41)),
     ("推动<g0>绿色转型</g0>，关键在于<g1>创新</g1>。",
      "<g1>Innovation</g1> is key to the <g0>green transition</g0>.")),
    # a reference after the last word and a span round the whole unit are left out (OmegaT puts them back)
    ("数据来自报告。", (Mark("footnote", 7, 7, href="n1"),), "Data from reports.", (Mark("footnote", 18, 18, href="n1"),),
     ("数据来自报告。", "Data from reports.")),
    ("diglot build", (Mark("code", 0, 12),), "diglot build", (Mark("code", 0, 12),), ("diglot build", "diglot build")),
    # a span that opens before the first word and closes before the last is kept; a reference inside too
    ("注意：数据截至2023年，仍在更新。", (Mark("emphasis", 0, 2), Mark("footnote", 12, 12, href="n1")),
     "Note: up to 2023, still changing.", (Mark("emphasis", 0, 4), Mark("footnote", 16, 16, href="n1")),
     ("<g0>注意</g0>：数据截至2023年<x1/>，仍在更新。", "<g0>Note</g0>: up to 2023<x1/>, still changing.")),
    # a target code the source has not (another link) is left out, its text kept
    ("见网站。", (Mark("link", 1, 3, href="https://a.example"),), "See the site.", (Mark("link", 4, 12, href="https://b.example"),),
     ("见<g0>网站</g0>。", "See the site.")),
])
def test_a_unit_as_omegat_shows_it(source, marks, target, target_marks, shown):
    assert omegat_texts(source, marks, target, target_marks) == shown


@pytest.fixture
def project(tmp_path) -> Path:
    folder = tmp_path / "project"
    (folder / "source").mkdir(parents=True)
    (folder / "glossary").mkdir()
    (folder / "source" / "notes.md").write_text(NOTES, encoding="utf-8")
    (folder / "glossary" / "terms.csv").write_text(
        "source,target,forbidden,variants\n绿色转型,green transition,green transformation,\n", encoding="utf-8")
    with TranslationMemory.for_project(folder) as tm:
        tm.store_review("zh", "en", [
            ReviewEdit("推动绿色转型，关键在于创新。", "Innovation is key to the green transition.",
                       marks=(Mark("emphasis", 25, 41), Mark("strong", 0, 10))),
            ReviewEdit("普通的一句话。", "An ordinary sentence."),
        ])
    return folder


def test_the_project_folder_has_what_omegat_opens(project, tmp_path):
    out = tmp_path / "omegat"
    result = diglot("export", "omegat", "--project", project, "--out", out)

    assert f"wrote the OmegaT project {out}:" in result.output
    for name in ("omegat", "source", "target", "tm", "glossary", "dictionary"):
        assert (out / name).is_dir(), name
    settings = etree.parse(str(out / "omegat.project")).find("project")
    assert (settings.findtext("source_lang"), settings.findtext("target_lang")) == ("zh-CN", "en-US")
    assert settings.findtext("sentence_seg") == "false"  # a unit is one of diglot's segments already

    xliff = etree.parse(str(out / "source" / "notes.xlf"))
    for unit in xliff.iterfind(".//x:trans-unit", X1):  # a copy of the source in every target
        assert "".join(unit.find("x:target", X1).itertext()) == "".join(unit.find("x:source", X1).itertext())

    tmx = etree.parse(str(out / "tm" / "auto" / "diglot-reviewed.tmx"))
    assert tmx.find("header").get("creationtool") == "OmegaT"  # OmegaT reads tags as text only from its own TMX
    pairs = [tuple(tuv.findtext("seg") for tuv in unit.iterfind("tuv")) for unit in tmx.iter("tu")]
    assert pairs == [("推动<g0>绿色转型</g0>，关键在于<g1>创新</g1>。",
                      "<g1>Innovation</g1> is key to the <g0>green transition</g0>."),
                     ("普通的一句话。", "An ordinary sentence.")]
    memory = etree.parse(str(out / "tm" / "diglot-memory.tmx"))
    assert len(list(memory.iter("tu"))) == 2
    assert (out / "glossary" / "diglot-zh-en.txt").read_text(encoding="utf-8") == \
        "绿色转型\tgreen transition\tnot: green transformation\n"


def test_exporting_again_leaves_omegats_own_files(project, tmp_path):
    out = tmp_path / "omegat"
    diglot("export", "omegat", "--project", project, "--out", out)
    settings = (out / "omegat.project").read_text(encoding="utf-8").replace(
        "<sentence_seg>false</sentence_seg>", "<sentence_seg>true</sentence_seg>")
    (out / "omegat.project").write_text(settings, encoding="utf-8")
    (out / "omegat" / "project_save.tmx").write_text("the translator's work", encoding="utf-8")
    (out / "glossary" / "glossary.txt").write_text("创新\tinnovation\n", encoding="utf-8")
    with TranslationMemory.for_project(project) as tm:
        tm.store_review("zh", "en", [ReviewEdit("笔记", "Notes")])

    result = diglot("export", "omegat", "--project", project, "--out", out)

    assert "(its own omegat.project kept)" in result.output and "(3 reviewed units)" in result.output
    assert (out / "omegat.project").read_text(encoding="utf-8") == settings
    assert (out / "omegat" / "project_save.tmx").read_text(encoding="utf-8") == "the translator's work"
    assert (out / "glossary" / "glossary.txt").read_text(encoding="utf-8") == "创新\tinnovation\n"


def test_a_document_exported_before_any_build_imports_back(project, tmp_path):
    """No build made the memory know the document: the export does, so the translated file imports."""
    diglot("export", "xliff", "--project", project, "--version", "1.2", "--target", "source")
    path = project / "output" / "notes.xlf"
    text = path.read_text(encoding="utf-8")
    text = text.replace('<target state="new">笔记</target>', '<target state="translated">Notes</target>')
    path.write_text(text, encoding="utf-8")

    result = diglot("import", "xliff", path, "--project", project)

    assert "applied: 1" in result.output
    with TranslationMemory.for_project(project) as tm:
        assert tm.lookup("zh", "en", ["笔记"])["笔记"].target == "Notes"
