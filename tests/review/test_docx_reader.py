"""Reading an edited review DOCX: the accepted view, rows found by hidden ids."""

from __future__ import annotations

import copy
import zipfile

import pytest
from tests.review.docx_fixtures import DOC, NS, W, DocxXml, machine_targets, sources, write_independent, write_with_diglot
from lxml import etree

from pipeline.errors import NotAReviewDocument, ReviewError
from pipeline.model import text_hash
from pipeline.review.docx import read_review_docx

INS = '<w:ins w:id="{id}" w:author="Reviewer" w:date="2026-01-02T10:00:00Z"><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:ins>'
DEL = '<w:del w:id="{id}" w:author="Reviewer" w:date="2026-01-02T10:00:00Z"><w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>'
RUN = '<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def rows_by_id(path):
    return {row.segment_id: row for row in read_review_docx(path).rows}


@pytest.mark.parametrize("writer", [write_with_diglot, write_independent], ids=["diglot-writer", "python-docx-writer"])
def test_every_row_is_read_with_its_hashes_and_texts(tmp_path, writer):
    review = read_review_docx(writer(tmp_path / "r.docx"))
    assert (review.document, review.source_language, review.target_language) == (DOC, "zh", "en")
    src, targets = sources(), machine_targets()
    assert [r.segment_id for r in review.rows] == list(src)
    for row in review.rows:
        assert row.source_hash == text_hash(src[row.segment_id])
        assert row.base_hash == text_hash(targets[row.segment_id])
        assert row.target == targets[row.segment_id]  # the hidden run is not part of any cell text
        assert row.source_text == src[row.segment_id]
        assert row.status == "machine"


def test_tracked_insertion_counts_and_deletion_does_not(review_docx):
    xml = DocxXml(review_docx)
    xml.raw_cell("p3.1", "Target", "<w:p>" + RUN.format(text="China's economy ") + DEL.format(id=1, text="maintained")
                 + INS.format(id=2, text="kept up") + RUN.format(text=" steady growth.") + "</w:p>")
    xml.save()
    assert rows_by_id(review_docx)["p3.1"].target == "China's economy kept up steady growth."


def test_move_to_counts_and_move_from_does_not(review_docx):
    xml = DocxXml(review_docx)
    xml.raw_cell("p3.2", "Target", "<w:p>"
                 '<w:moveFrom w:id="5" w:author="R"><w:r><w:t>must </w:t></w:r></w:moveFrom>'
                 + RUN.format(text="We ")
                 + '<w:moveTo w:id="6" w:author="R"><w:r><w:t xml:space="preserve">must </w:t></w:r></w:moveTo>'
                 + RUN.format(text="adhere.") + "</w:p>")
    xml.save()
    assert rows_by_id(review_docx)["p3.2"].target == "We must adhere."


def test_several_paragraphs_join_and_empty_ones_are_ignored(review_docx):
    xml = DocxXml(review_docx)
    xml.set_text("p5.1", "Target", "", "Win-win cooperation", "", "is the only way.", "")
    xml.save()
    assert rows_by_id(review_docx)["p5.1"].target == "Win-win cooperation is the only way."


def test_paragraphs_join_without_space_for_a_cjk_target(tmp_path):
    meta = {"diglot": "0.1.0", "document": DOC, "source_language": "en", "target_language": "zh", "exported": ""}
    path = write_independent(tmp_path / "r.docx", [[("a.1", "Hello.", "你好。", "machine", "")]], meta=meta)
    xml = DocxXml(path)
    xml.set_text("a.1", "Target", "你好，", "", "世界。")
    xml.save()
    assert rows_by_id(path)["a.1"].target == "你好，世界。"


def test_a_deleted_paragraph_mark_runs_on_into_the_next(review_docx):
    xml = DocxXml(review_docx)
    xml.raw_cell("p5.2", "Target",
                 '<w:p><w:pPr><w:rPr><w:del w:id="7" w:author="R"/></w:rPr></w:pPr>' + RUN.format(text="Green devel")
                 + "</w:p><w:p>" + RUN.format(text="opment leads.") + "</w:p>")
    xml.save()
    assert rows_by_id(review_docx)["p5.2"].target == "Green development leads."


def test_hidden_text_in_a_target_cell_is_left_out(review_docx):
    xml = DocxXml(review_docx)
    xml.raw_cell("p5.3", "Target", "<w:p>" + RUN.format(text="Shown.")
                 + '<w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r></w:p>')
    xml.save()
    assert rows_by_id(review_docx)["p5.3"].target == "Shown."


def test_rows_reordered_deleted_and_moved_between_tables_are_found_by_id(review_docx):
    xml = DocxXml(review_docx)
    first, second = xml.row("p5.1"), xml.row("p5.3")
    parent = first.getparent()
    parent.replace(first, copy.deepcopy(second))  # swap the two rows
    parent.replace(second, first)
    deleted = xml.row("p3.2")
    deleted.getparent().remove(deleted)
    moved = xml.row("p4.1")
    xml.row("p1.1").addnext(moved)  # into the first table
    xml.save()
    rows = read_review_docx(review_docx).rows
    order = [r.segment_id for r in rows]
    assert order == ["p1.1", "p4.1", "p2.1", "p3.1", "p5.3", "p5.2", "p5.1"]
    targets = machine_targets()
    assert all(r.target == targets[r.segment_id] for r in rows)


def test_a_tracked_row_deletion_removes_the_row(review_docx):
    xml = DocxXml(review_docx)
    tr = xml.row("p5.2")
    trpr = tr.find("w:trPr", NS)
    if trpr is None:
        trpr = etree.Element(f"{{{W}}}trPr")
        tr.insert(0, trpr)
    etree.SubElement(trpr, f"{{{W}}}del", {f"{{{W}}}id": "9", f"{{{W}}}author": "R"})
    xml.save()
    assert "p5.2" not in rows_by_id(review_docx)


def test_a_table_split_in_two_and_two_tables_merged_still_read(review_docx):
    xml = DocxXml(review_docx)
    # split the last table after p5.1 the way Word does: a new w:tbl without a header row
    table = xml.row("p5.1").getparent()
    new = etree.Element(f"{{{W}}}tbl")
    for part in ("w:tblPr", "w:tblGrid"):
        new.append(copy.deepcopy(table.find(part, NS)))
    for sid in ("p5.2", "p5.3"):
        new.append(xml.row(sid))
    between = etree.Element(f"{{{W}}}p")
    table.addnext(between)
    between.addnext(new)
    # merge the first two tables: the second's rows (header included) appended to the first
    first, second = xml.row("p1.1").getparent(), xml.row("p2.1").getparent()
    for tr in second.findall("w:tr", NS):
        first.append(tr)
    second.getparent().remove(second)
    xml.save()
    rows = rows_by_id(review_docx)
    assert list(rows) == list(sources())
    assert rows["p5.3"].target == machine_targets()["p5.3"]
    assert rows["p5.3"].status == "machine"


def test_columns_are_found_by_their_header_texts(tmp_path):
    path = write_independent(tmp_path / "r.docx")
    xml = DocxXml(path)
    for tr in xml.rows():  # move the Target column to the end in every row, header included
        cells = tr.findall("w:tc", NS)
        tr.append(cells[2])
    xml.save()
    row = rows_by_id(path)["p3.1"]
    assert row.target == machine_targets()["p3.1"]
    assert row.status == "machine"


def test_status_note_and_reviewer_comments_are_read_and_diglot_comments_are_not(review_docx):
    xml = DocxXml(review_docx)
    xml.set_text("p3.1", "Status", "approved")
    xml.set_text("p3.1", "Note", "check the figure")
    target = xml.cell("p3.1", "Target").find("w:p", NS)
    target.insert(0, etree.fromstring(f'<w:commentRangeStart xmlns:w="{W}" w:id="90"/>'))
    target.append(etree.fromstring(f'<w:commentRangeEnd xmlns:w="{W}" w:id="90"/>'))
    for cid in ("90", "91"):
        target.append(etree.fromstring(f'<w:r xmlns:w="{W}"><w:commentReference w:id="{cid}"/></w:r>'))
    comments = (
        f'<w:comments xmlns:w="{W}">'
        '<w:comment w:id="90" w:author="Li Hua" w:initials="LH"><w:p><w:r><w:t>steady or stable?</w:t></w:r></w:p></w:comment>'
        '<w:comment w:id="91" w:author="diglot" w:initials="DG"><w:p><w:r><w:t>term missing</w:t></w:r></w:p></w:comment>'
        "</w:comments>"
    )
    xml.parts["word/comments.xml"] = comments.encode()
    xml.save()
    row = rows_by_id(review_docx)["p3.1"]
    assert row.status == "approved"
    assert row.note == "check the figure; Li Hua: steady or stable?"


def test_a_plain_docx_is_not_a_review_document(tmp_path):
    path = write_independent(tmp_path / "plain.docx", marker=False)
    with pytest.raises(NotAReviewDocument) as caught:
        read_review_docx(path)
    assert str(caught.value) == f"{path} is not a diglot review document (export one with diglot build)"


def test_a_file_that_is_not_a_zip_is_refused_in_one_line(tmp_path):
    path = tmp_path / "notes.docx"
    path.write_text("just text\n", encoding="utf-8")
    with pytest.raises(NotAReviewDocument) as caught:
        read_review_docx(path)
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)


def test_a_zip_without_a_word_document_is_refused(tmp_path):
    path = tmp_path / "book.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
    with pytest.raises(NotAReviewDocument):
        read_review_docx(path)


def test_a_missing_file_names_the_path(tmp_path):
    with pytest.raises(ReviewError, match="no such file"):
        read_review_docx(tmp_path / "absent.docx")


def test_the_core_properties_alone_identify_the_document(review_docx):
    xml = DocxXml(review_docx)
    body = xml.root.find("w:body", NS)
    body.remove(body.find("w:p", NS))  # the hidden marker paragraph, deleted by a reviewer
    xml.save()
    review = read_review_docx(review_docx)
    assert review.document == DOC and len(review.rows) == len(sources())


def test_entities_in_the_xml_are_not_expanded(review_docx):
    xml = DocxXml(review_docx)
    data = etree.tostring(xml.root, encoding="unicode")
    doctype = '<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/hostname">]>'
    data = data.replace("Green development is the new direction.", "&secret;")
    xml.parts["word/document.xml"] = ('<?xml version="1.0" encoding="UTF-8"?>' + doctype + data).encode()
    with zipfile.ZipFile(review_docx, "w") as z:
        for name, part in xml.parts.items():
            z.writestr(name, part)
    with pytest.raises(ReviewError) as caught:  # refused, not read with the entity and the text after it dropped
        read_review_docx(review_docx)
    message = str(caught.value)
    assert message.startswith(f"{review_docx}: word/document.xml, line 1: refused: the XML declares the XML entity secret")
    assert "\n" not in message


def test_diglots_own_term_comments_are_not_read_as_reviewer_notes(tmp_path):
    import dataclasses

    from pipeline.model import Term, TermCheck, TermHit
    from tests.review.docx_fixtures import sample_edition

    edition = sample_edition()
    hit = TermHit(term=Term(source="合作共赢", target="win-win cooperation"), segment_id="p5.1", start=0, end=4)
    translations = dict(edition.translations)
    translations["p5.1"] = dataclasses.replace(translations["p5.1"], terms=(TermCheck(hit=hit, status="missing"),))
    path = write_with_diglot(tmp_path / "r.docx", dataclasses.replace(edition, translations=translations))
    with zipfile.ZipFile(path) as z:
        assert "word/comments.xml" in z.namelist()  # the term problem is there, as a comment
    row = rows_by_id(path)["p5.1"]
    assert row.note == "" and row.target == machine_targets()["p5.1"]


def _central_entry(data: bytes, name: str) -> int:
    """Offset of the central directory header of ``name`` in the zip bytes."""
    needle = name.encode()
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        if data[at + 46 : at + 46 + len(needle)] == needle:
            return at
        at = data.find(b"PK\x01\x02", at + 4)
    raise KeyError(name)


def _damage(path, how: str, part: str = "word/document.xml") -> None:
    """Damage one member of a real DOCX the way disks and downloads do."""
    import struct

    with zipfile.ZipFile(path) as z:
        info = z.getinfo(part)
    data = bytearray(path.read_bytes())
    central = _central_entry(bytes(data), part)
    if how == "crc":  # the data is intact, the checksum says otherwise
        data[central + 16 : central + 20] = struct.pack("<I", info.CRC ^ 0xFFFFFFFF)
    elif how == "deflate":  # the compressed stream begins with a reserved block type
        name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
        data[info.header_offset + 30 + name_len + extra_len] = 0xFF
    elif how == "truncated":  # a stored block longer than what is left of the file: it ends mid-stream
        name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
        start = info.header_offset + 30 + name_len + extra_len
        data[start : start + 5] = b"\x00\xff\xff\x00\x00"
        data[central + 20 : central + 28] = struct.pack("<II", 0x7FFFFFFF, 0x7FFFFFFF)  # sizes: compressed, full
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["crc", "deflate", "truncated"])
def test_a_damaged_archive_is_one_review_error_naming_the_file(review_docx, how):
    _damage(review_docx, how)
    with pytest.raises(ReviewError) as caught:
        read_review_docx(review_docx)
    message = str(caught.value)
    if how == "truncated":  # the damaged entry claims 2 GB: refused before a byte is inflated
        from pipeline.word.review_format import MAX_DOCUMENT_XML

        limit = MAX_DOCUMENT_XML // (1024 * 1024)  # the most the review DOCX writer writes (2000 MB)
        assert message.startswith(f"{review_docx}: is refused: word/document.xml inflates to more than {limit} MB")
    else:
        assert message.startswith(f"{review_docx}: is damaged: word/document.xml cannot be read")
        assert "open it in Word and save it again" in message
    assert "\n" not in message


def test_a_damaged_comments_part_is_one_review_error(review_docx):
    xml = DocxXml(review_docx)
    xml.parts["word/comments.xml"] = f'<w:comments xmlns:w="{W}"><w:comment w:id="1"><w:p>'.encode()
    xml.save()
    with pytest.raises(ReviewError, match=r"word/comments.xml, line 1: not well-formed XML \(.*\); open it in Word and save it again$"):
        read_review_docx(review_docx)


def test_a_damaged_docx_fails_the_cli_in_one_line(tmp_path, review_docx):
    from click.testing import CliRunner

    from pipeline.cli import main
    from tests.review.docx_fixtures import make_memory

    make_memory(tmp_path / "project").close()
    _damage(review_docx, "deflate")
    result = CliRunner().invoke(main, ["review", "import", str(review_docx), "--project", str(tmp_path / "project")])
    assert result.exit_code == 1
    assert "is damaged" in result.output and "Traceback" not in result.output


def test_one_row_read_once_keeps_tracked_changes_hidden_runs_notes_marks_and_comments_apart(review_docx):
    """A row where every rare thing meets (the import reads each row in one walk): tracked
    insertions and deletions inside italic and bold runs, a hidden run, one of diglot's note
    numbers, a deleted paragraph mark in the Source, a comment opened in the Source and
    referenced in the Target."""
    italic, bold = "<w:rPr><w:i/></w:rPr>", "<w:rPr><w:b/></w:rPr>"
    xml = DocxXml(review_docx)
    xml.raw_cell("p3.1", "Target", "<w:p>" + RUN.format(text="The ")
                 + f'<w:ins w:id="1" w:author="R"><w:r>{italic}<w:t xml:space="preserve">stable</w:t></w:r></w:ins>'
                 + f'<w:del w:id="2" w:author="R"><w:r>{italic}<w:delText>steady</w:delText></w:r></w:del>'
                 + f'<w:r>{bold}<w:t xml:space="preserve"> growth</w:t></w:r>'
                 + '<w:r><w:rPr><w:rStyle w:val="diglotNoteRef"/><w:vertAlign w:val="superscript"/></w:rPr><w:t>1</w:t></w:r>'
                 + '<w:r><w:rPr><w:vanish/></w:rPr><w:t>unseen</w:t></w:r>'
                 + '<w:r><w:rPr><w:vanish w:val="0"/><w:i/></w:rPr><w:t xml:space="preserve"> goes on.</w:t></w:r>'
                 + '<w:r><w:commentReference w:id="77"/></w:r></w:p>')
    source = xml.cell("p3.1", "Source")
    source.insert(1, etree.fromstring(
        f'<w:p xmlns:w="{W}"><w:pPr><w:rPr><w:del w:id="3" w:author="R"/></w:rPr></w:pPr>'
        '<w:commentRangeStart w:id="77"/><w:r><w:t>开头</w:t></w:r></w:p>'))
    xml.parts["word/comments.xml"] = (
        f'<w:comments xmlns:w="{W}"><w:comment w:id="77" w:author="Li Hua"><w:p><w:r><w:t>across cells</w:t>'
        "</w:r></w:p></w:comment></w:comments>").encode()
    xml.save()
    row = rows_by_id(review_docx)["p3.1"]
    assert row.target == "The stable growth goes on."
    assert row.source_text == "开头" + sources()["p3.1"]  # the deleted mark runs on into the next paragraph
    assert row.note == "Li Hua: across cells"
    marks = {(m.kind, row.target[m.start:m.end]) for m in row.marks if m.kind != "footnote"}
    assert marks == {("emphasis", "stable"), ("strong", "growth"), ("emphasis", "goes on.")}
