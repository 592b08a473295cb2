"""Markdown inline formatting becomes marks over plain text; code blocks, figures and notes."""

from pathlib import Path

from pipeline.ingest import read_document
from pipeline.segment import segment_document

ROOT = Path(__file__).resolve().parents[2]


def _covered(paragraph):
    return [(m.kind, paragraph.text[m.start:m.end], m.href) for m in paragraph.marks]


def test_every_inline_mark(tmp_path):
    source = tmp_path / "marks.md"
    source.write_text(
        "# 标题\n\n## 一\n\n_也强调_，这是*强调*，**重点**，`x = 1`，见[网站](https://example.org/a)。注[^a]\n"
        "下一行H<sub>2</sub>O与10<sup>3</sup>，<br>换行。\n\n[^a]: 注释*一*。\n",
        encoding="utf-8",
    )
    doc = read_document(source)
    (body,) = doc.sections[0].paragraphs
    assert body.text == "也强调，这是强调，重点，x = 1，见网站。注下一行H2O与103，换行。"
    note = doc.notes[0]
    assert _covered(body) == [
        ("emphasis", "也强调", ""),
        ("emphasis", "强调", ""),
        ("strong", "重点", ""),
        ("code", "x = 1", ""),
        ("link", "网站", "https://example.org/a"),
        ("footnote", "", note.id),
        ("subscript", "2", ""),
        ("superscript", "3", ""),
        ("linebreak", "", ""),
    ]
    assert body.text[: body.marks[5].start].endswith("注")  # the reference stands where it was
    assert note.role == "note" and note.text == "注释一。" and _covered(note) == [("emphasis", "一", "")]
    assert doc.format == "markdown"
    assert list(doc.blocks())[-1] == note


def test_code_block_verbatim_and_figure(tmp_path):
    source = tmp_path / "code.md"
    code = "def f(x):\n    return x  # 注释。不要切开。"
    source.write_text(f"# T\n\n## 一\n\n![一张*图*](img/a.png)\n\n```python\n{code}\n```\n\n    indented\n", encoding="utf-8")
    doc = segment_document(read_document(source))
    figure, block, indented = doc.sections[0].paragraphs
    assert (figure.role, figure.text, figure.anchor) == ("figure", "一张图", "img/a.png")
    assert (block.role, block.text) == ("code", code)
    assert [(s.text, [(m.kind, m.start, m.end) for m in s.marks]) for s in block.segments] == [(code, [("code", 0, len(code))])]
    assert (indented.role, indented.text) == ("code", "indented")


def test_soft_breaks_join_like_before(tmp_path):
    source = tmp_path / "lines.md"
    source.write_text("# T\n\n## 一\n\n中文*第一\n行*接着。\n\nA *well-\nknown* thing\nhere.\n", encoding="utf-8")
    first, second = read_document(source, language="en").sections[0].paragraphs
    assert first.text == "中文第一行接着。" and _covered(first) == [("emphasis", "第一行", "")]
    assert second.text == "A well-known thing here." and _covered(second) == [("emphasis", "well-known", "")]


def test_ordered_item_number_shifts_marks(tmp_path):
    source = tmp_path / "list.md"
    source.write_text("# T\n\n## 一\n\n1. 第*一*项\n2. 第二项\n", encoding="utf-8")
    first, second = read_document(source).sections[0].paragraphs
    assert first.text == "1. 第一项" and _covered(first) == [("emphasis", "一", "")]
    assert second.text == "2. 第二项"


def test_shipped_markdown_sample():
    doc = segment_document(read_document(ROOT / "source" / "green-notes.md"))
    kinds = {m.kind for p in doc.blocks() for m in p.marks}
    assert {"emphasis", "strong", "code", "link", "footnote"} <= kinds
    assert len(doc.notes) == 2
    refs = [m.href for p in doc.blocks() for m in p.marks if m.kind == "footnote"]
    assert refs == [n.id for n in doc.notes]
    assert any(p.role == "code" for p in doc.blocks())
