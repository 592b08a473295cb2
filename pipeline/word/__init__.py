"""Word (OOXML) in one place: what diglot knows about ``.docx`` files, read and written.

- :mod:`pipeline.word.names`: the namespaces, each spelled once;
- :mod:`pipeline.word.adapter`: the one door to python-docx's private attributes;
- :mod:`pipeline.word.package`: a source DOCX's package (main part, parts,
  relationships, styles), read warily;
- :mod:`pipeline.word.props`: run properties: the on/off rule, which mark each
  property shows (read) and which properties a mark gets (written), ``w:rPr`` order;
- :mod:`pipeline.word.text`: the one text reader: the accepted view of tracked
  changes over runs, hyperlinks, fields and content controls, for a source
  document and the book DOCX that puts the translation back;
- :mod:`pipeline.word.review_text`: the same walk over an edited review DOCX's
  rows, each cell read once (hidden runs, note numbers, marks), for the import;
- :mod:`pipeline.word.review_format`: the review DOCX's own format (columns,
  row and document markers, note style, comment author, how much XML it may
  hold), shared by its writer (:mod:`pipeline.render.review_docx`) and its
  reader (:mod:`pipeline.review.docx`);
- :mod:`pipeline.word.stream`: a package whose main part is written as it is
  made (the review DOCX's rows), never held whole.

Nothing here imports from ingest, render or review: they import from here.
The string-built runs and the document set-up of the review and edition DOCX
are :mod:`pipeline.render.ooxml` and :mod:`pipeline.render.ooxml_document`.
"""
