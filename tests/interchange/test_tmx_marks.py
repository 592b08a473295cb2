"""TMX carries marks as bpt/ept/ph inline codes and reads them back."""

from pipeline.ingest import read_text
from pipeline.interchange.tmx import import_tmx, read_tmx, write_edition_tmx
from pipeline.memory import TranslationMemory
from pipeline.model import Edition, Mark, Provenance, Translation
from pipeline.segment import segment_document


def _edition():
    doc = segment_document(read_text("# 题\n\n## 一\n\n见*这个*[网站](https://x.org/a?b=1&c=2)。[^1]\n\n[^1]: 注。\n",
                                     markdown=True))
    (segment,) = doc.sections[0].paragraphs[0].segments
    target = "See this website."
    marks = (Mark("emphasis", 4, 8, placement="aligned"), Mark("link", 4, 16, href="https://x.org/a?b=1&c=2"),
             Mark("footnote", 17, 17, href=doc.notes[0].id))
    translations = {s.id: Translation(s.id, s.text, "", "untranslated") for s in doc.segments()}
    translations[segment.id] = Translation(segment.id, segment.text, target, "reviewed", marks=marks)
    return Edition(doc, "zh", "en", translations, Provenance("none")), segment, marks


def test_marks_travel_through_tmx_and_into_the_memory(tmp_path):
    edition, segment, marks = _edition()
    path = tmp_path / "out.tmx"
    write_edition_tmx(edition, path)
    xml = path.read_text(encoding="utf-8")
    assert '<bpt i="' in xml and "<ept i=" in xml and '<ph type="footnote">' in xml
    (unit,), skipped = read_tmx(path, "zh", "en")
    assert skipped == 0 and unit.source == segment.text and unit.target == "See this website."
    shape = lambda ms: sorted((m.kind, m.start, m.end, m.href) for m in ms)  # noqa: E731
    assert shape(unit.marks) == shape(marks)
    with TranslationMemory.for_project(tmp_path) as memory:
        import_tmx(path, memory, "zh", "en")
        entry = memory.lookup("zh", "en", [segment.text])[segment.text]
    assert shape(entry.marks) == shape(marks)
