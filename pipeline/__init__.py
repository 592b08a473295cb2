"""diglot: bilingual editions from source texts.

The stages, each a function from plain data to plain data::

    read_document(path)          source file  -> Document          (pipeline.ingest)
    segment_document(doc)        Document     -> Document + segments (pipeline.segment)
    load_glossary(paths)         files        -> Glossary          (pipeline.glossary)
    build(project)               all of it    -> Edition + outputs (pipeline.build)

Errors are one tree, rooted at :class:`pipeline.errors.DiglotError`.
"""

__version__ = "0.1.0"
