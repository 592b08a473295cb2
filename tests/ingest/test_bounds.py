"""A text without its line breaks is divided at sentence ends; a text of more sentences than the
size limit allows segments is refused before it is segmented (pipeline/ingest/bounds.py)."""

from __future__ import annotations

import random

import pytest

from pipeline.errors import SourceError
from pipeline.ingest import read_document
from pipeline.ingest.bounds import MAX_PARAGRAPH_CHARS, SEGMENTS_PER_MB
from pipeline.segment import segment_document, split_sentences

WORDS = ["发展", "合作", "创新", "改革", "开放", "人民", "经济", "社会", "文化", "生态", "科技", "安全"]


def prose(chars: int, seed: int = 7) -> str:
    """Chinese sentences of 8 to 40 characters, one after another, no line break."""
    rng = random.Random(seed)
    out, size = [], 0
    while size < chars:
        sentence = "".join(rng.choice(WORDS) + rng.choice("的和在") for _ in range(rng.randint(3, 12)))
        sentence += rng.choice(WORDS) + rng.choice("。！？；")
        out.append(sentence)
        size += len(sentence)
    return "".join(out)


def test_a_one_line_text_is_divided_at_sentence_ends_into_bounded_paragraphs(tmp_path):
    text = prose(5 * MAX_PARAGRAPH_CHARS + 1234)
    path = tmp_path / "one.txt"
    path.write_text(text, encoding="utf-8")
    document = segment_document(read_document(path, "zh"))
    blocks = list(document.blocks())
    assert len(blocks) >= 6 and all(len(b.text) <= MAX_PARAGRAPH_CHARS for b in blocks)
    assert all(len(b.text) > MAX_PARAGRAPH_CHARS // 2 for b in blocks[:-1])  # cut late in each window
    assert "".join(b.text for b in blocks) == text  # nothing lost, nothing added
    # every paragraph ends where the whole text's sentences end: its segments are the whole text's sentences
    assert [s.text for s in document.segments()] == split_sentences(text, "zh")
    (cut,) = [r for r in document.repairs if r.kind == "cut"]
    assert cut.lines == (1,)
    assert cut.detail.startswith(f"a paragraph of {len(text):,} characters (a text without its line breaks?) was "
                                 f"divided at sentence ends into {len(blocks)} paragraphs of up to 20,000 characters")


def test_latin_text_is_divided_between_sentences_and_the_spaces_at_the_cuts_are_dropped(tmp_path):
    rng = random.Random(3)
    words = "the rabbit ran past Alice and she followed it down a long hole under the hedge".split()
    sentences = [" ".join(rng.choice(words) for _ in range(rng.randint(4, 16))).capitalize() + rng.choice(".!?")
                 for _ in range(6000)]
    text = " ".join(sentences)
    path = tmp_path / "alice.txt"
    path.write_text(text + "\n", encoding="utf-8")
    blocks = list(read_document(path, "en").blocks())
    assert len(blocks) > 1 and all(len(b.text) <= MAX_PARAGRAPH_CHARS for b in blocks)
    assert all(b.text[-1] in ".!?" and b.text[0].isupper() for b in blocks)
    assert " ".join(b.text for b in blocks) == text


def test_a_long_stretch_without_any_sentence_end_is_not_divided(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("发展" * 150_000 + "\n", encoding="utf-8")
    document = read_document(path, "zh")
    assert [len(b.text) for b in document.blocks()] == [300_000]  # the segmenter cuts its sentence, and says so
    assert not [r for r in document.repairs if r.kind == "cut"]


def test_ordinary_paragraphs_are_left_alone(tmp_path):
    text = "\n\n".join(prose(3000, seed=n) for n in range(5)) + "\n"
    path = tmp_path / "book.txt"
    path.write_text(text, encoding="utf-8")
    document = read_document(path, "zh")
    assert [b.text for b in document.blocks()] == text.strip().split("\n\n")
    assert not [r for r in document.repairs if r.kind == "cut"]


def test_more_sentences_than_the_size_limit_allows_is_one_line_before_segmenting(tmp_path):
    allowed = SEGMENTS_PER_MB  # max_source_mb = 1
    path = tmp_path / "short.txt"
    path.write_text("好的。" * (allowed + 1), encoding="utf-8")  # 180 KB: under the byte limit
    with pytest.raises(SourceError) as caught:
        read_document(path, "zh", max_bytes=1024 * 1024)
    assert str(caught.value) == (
        f"{path}: has more than {allowed:,} sentences, the most a source may hold with max_source_mb = 1 "
        f"({SEGMENTS_PER_MB:,} a MB: a build's memory grows with its segments); split it into parts, "
        "or raise max_source_mb in diglot.toml on a machine with the memory for it")
    path.write_text("好的。" * allowed, encoding="utf-8")
    assert sum(len(b.text) for b in read_document(path, "zh", max_bytes=1024 * 1024).blocks()) == 3 * allowed
