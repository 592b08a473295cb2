"""Language codes diglot knows: names, BCP 47 tags, and how text joins.

Codes are Argos's (ISO 639-1 mostly, ``zh`` for Chinese, ``zt`` for
traditional Chinese). ``tag()`` gives the BCP 47 tag written into DOCX
(``w:lang``) and EPUB (``lang``/``xml:lang``/``dc:language``).
"""

from __future__ import annotations

from pipeline.errors import LanguageError

# code: (English name, BCP 47 tag for documents)
LANGUAGES: dict[str, tuple[str, str]] = {
    "ar": ("Arabic", "ar"),
    "az": ("Azerbaijani", "az"),
    "bg": ("Bulgarian", "bg"),
    "bn": ("Bengali", "bn"),
    "ca": ("Catalan", "ca"),
    "cs": ("Czech", "cs"),
    "da": ("Danish", "da"),
    "de": ("German", "de-DE"),
    "el": ("Greek", "el"),
    "en": ("English", "en-US"),
    "eo": ("Esperanto", "eo"),
    "es": ("Spanish", "es-ES"),
    "et": ("Estonian", "et"),
    "eu": ("Basque", "eu"),
    "fa": ("Persian", "fa"),
    "fi": ("Finnish", "fi"),
    "fr": ("French", "fr-FR"),
    "ga": ("Irish", "ga"),
    "gl": ("Galician", "gl"),
    "he": ("Hebrew", "he"),
    "hi": ("Hindi", "hi"),
    "hu": ("Hungarian", "hu"),
    "id": ("Indonesian", "id"),
    "it": ("Italian", "it-IT"),
    "ja": ("Japanese", "ja-JP"),
    "ko": ("Korean", "ko-KR"),
    "lt": ("Lithuanian", "lt"),
    "lv": ("Latvian", "lv"),
    "ms": ("Malay", "ms"),
    "nb": ("Norwegian Bokmål", "nb"),
    "nl": ("Dutch", "nl-NL"),
    "pl": ("Polish", "pl"),
    "pt": ("Portuguese", "pt-PT"),
    "ro": ("Romanian", "ro"),
    "ru": ("Russian", "ru-RU"),
    "sk": ("Slovak", "sk"),
    "sl": ("Slovenian", "sl"),
    "sq": ("Albanian", "sq"),
    "sv": ("Swedish", "sv-SE"),
    "th": ("Thai", "th"),
    "tl": ("Tagalog", "tl"),
    "tr": ("Turkish", "tr"),
    "uk": ("Ukrainian", "uk"),
    "ur": ("Urdu", "ur"),
    "vi": ("Vietnamese", "vi"),
    "zh": ("Chinese", "zh-CN"),
    "zt": ("Chinese (traditional)", "zh-TW"),
}

# Scripts written without spaces between words (and between sentences).
_UNSPACED = {"zh", "zt", "ja", "th"}
_RIGHT_TO_LEFT = {"ar", "fa", "he", "ur"}


def check(code: str) -> str:
    """Return the normalised code, or raise LanguageError naming it."""
    norm = (code or "").strip().lower().replace("_", "-")
    if norm in ("zh-cn", "zh-hans"):
        norm = "zh"
    if norm in ("zh-tw", "zh-hant"):
        norm = "zt"
    if norm not in LANGUAGES:
        raise LanguageError(f"unknown language code {code!r} (expected an Argos code such as zh, en, fr, de)")
    return norm


def from_tag(tag: str) -> str | None:
    """The code of a language tag as files write it (``zh-CN``, ``En-uS``, ``en_GB``), or None if unknown."""
    norm = (tag or "").strip().lower().replace("_", "-")
    for candidate in (norm, norm.split("-")[0]):
        try:
            return check(candidate)
        except LanguageError:
            continue
    return None


def name(code: str) -> str:
    return LANGUAGES[check(code)][0]


def tag(code: str) -> str:
    """BCP 47 tag for a language code: ``zh`` -> ``zh-CN``."""
    return LANGUAGES[check(code)][1]


def is_cjk(code: str) -> bool:
    """True for languages written without spaces between words."""
    return check(code) in _UNSPACED


def is_rtl(code: str) -> bool:
    return check(code) in _RIGHT_TO_LEFT


def join_segments(parts: list[str] | tuple[str, ...], code: str) -> str:
    """Join the translations of a paragraph's segments into one paragraph."""
    parts = [p.strip() for p in parts if p and p.strip()]
    return ("" if is_cjk(code) else " ").join(parts)
