"""The XML namespaces of a Word package, each spelled once.

``W`` is the WordprocessingML namespace in Clark notation (``W + "p"`` is
``w:p``); ``W_NS`` the bare URI, for ``xmlns:w`` declarations and XPath maps.
"""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
R_ID = "{%s}id" % R_NS
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
CORE_PROPERTIES = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
DC = "{http://purl.org/dc/elements/1.1/}"
STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
WPS = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}"
DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

NSDECL = f'xmlns:w="{W_NS}"'  # for XML text parsed on its own (a style, a paragraph)
