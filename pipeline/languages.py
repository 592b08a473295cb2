"""Language codes diglot knows: names, BCP 47 tags, and how text joins.

Codes are Argos's (ISO 639-1 mostly, ``zh`` for Chinese, ``zt`` for
traditional Chinese), and the other languages a chat model translates.
:func:`check` takes a code as people write it: any case, ``_`` or ``-``, a
region or script subtag (``pt-BR`` -> ``pt``, ``en-GB`` -> ``en``,
``zh-Hans`` -> ``zh``, ``zh-TW``/``zh-Hant``/``zh-HK`` -> ``zt``), an old
code (``iw`` -> ``he``), a three-letter one (``deu``) or the English name
(``German``); an unknown code is one line naming the nearest known ones.
``tag()`` gives the BCP 47 tag written into DOCX (``w:lang``) and EPUB
(``lang``/``xml:lang``/``dc:language``).
"""

from __future__ import annotations

from pipeline.errors import LanguageError

# code: (English name, BCP 47 tag for documents)
LANGUAGES: dict[str, tuple[str, str]] = {
    "af": ("Afrikaans", "af"),
    "am": ("Amharic", "am"),
    "ar": ("Arabic", "ar"),
    "az": ("Azerbaijani", "az"),
    "be": ("Belarusian", "be"),
    "bg": ("Bulgarian", "bg"),
    "bn": ("Bengali", "bn"),
    "bs": ("Bosnian", "bs"),
    "ca": ("Catalan", "ca"),
    "cs": ("Czech", "cs"),
    "cy": ("Welsh", "cy"),
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
    "gu": ("Gujarati", "gu"),
    "he": ("Hebrew", "he"),
    "hi": ("Hindi", "hi"),
    "hr": ("Croatian", "hr"),
    "hu": ("Hungarian", "hu"),
    "hy": ("Armenian", "hy"),
    "id": ("Indonesian", "id"),
    "is": ("Icelandic", "is"),
    "it": ("Italian", "it-IT"),
    "ja": ("Japanese", "ja-JP"),
    "ka": ("Georgian", "ka"),
    "kk": ("Kazakh", "kk"),
    "km": ("Khmer", "km"),
    "kn": ("Kannada", "kn"),
    "ko": ("Korean", "ko-KR"),
    "ky": ("Kyrgyz", "ky"),
    "lo": ("Lao", "lo"),
    "lt": ("Lithuanian", "lt"),
    "lv": ("Latvian", "lv"),
    "mk": ("Macedonian", "mk"),
    "ml": ("Malayalam", "ml"),
    "mn": ("Mongolian", "mn"),
    "mr": ("Marathi", "mr"),
    "ms": ("Malay", "ms"),
    "mt": ("Maltese", "mt"),
    "my": ("Burmese", "my"),
    "nb": ("Norwegian Bokmål", "nb"),
    "ne": ("Nepali", "ne"),
    "nl": ("Dutch", "nl-NL"),
    "pa": ("Punjabi", "pa"),
    "pl": ("Polish", "pl"),
    "ps": ("Pashto", "ps"),
    "pt": ("Portuguese", "pt-PT"),
    "ro": ("Romanian", "ro"),
    "ru": ("Russian", "ru-RU"),
    "si": ("Sinhala", "si"),
    "sk": ("Slovak", "sk"),
    "sl": ("Slovenian", "sl"),
    "sq": ("Albanian", "sq"),
    "sr": ("Serbian", "sr"),
    "sv": ("Swedish", "sv-SE"),
    "sw": ("Swahili", "sw"),
    "ta": ("Tamil", "ta"),
    "te": ("Telugu", "te"),
    "th": ("Thai", "th"),
    "tl": ("Tagalog", "tl"),
    "tr": ("Turkish", "tr"),
    "uk": ("Ukrainian", "uk"),
    "ur": ("Urdu", "ur"),
    "uz": ("Uzbek", "uz"),
    "vi": ("Vietnamese", "vi"),
    "zh": ("Chinese", "zh-CN"),
    "zt": ("Chinese (traditional)", "zh-TW"),
}

# Codes people write for a language diglot has under another code: retired ISO
# codes, macro-language codes, three-letter codes (ISO 639-2/3) of the common ones.
ALIASES: dict[str, str] = {
    "iw": "he", "in": "id", "no": "nb", "nn": "nb", "fil": "tl", "zsm": "ms", "pes": "fa", "cmn": "zh",
    "eng": "en", "deu": "de", "ger": "de", "fra": "fr", "fre": "fr", "spa": "es", "ita": "it", "por": "pt",
    "rus": "ru", "zho": "zh", "chi": "zh", "jpn": "ja", "kor": "ko", "ara": "ar", "hin": "hi", "nld": "nl",
    "dut": "nl", "pol": "pl", "tur": "tr", "ukr": "uk", "swe": "sv", "dan": "da", "fin": "fi", "ell": "el",
    "gre": "el", "ces": "cs", "cze": "cs", "heb": "he", "vie": "vi", "tha": "th", "ind": "id", "fas": "fa",
    "per": "fa", "urd": "ur", "ben": "bn", "mar": "mr", "hye": "hy", "arm": "hy", "mya": "my", "bur": "my",
    "amh": "am", "kaz": "kk",
}

# Country codes written where a language code belongs: named as the nearest known one.
_COUNTRY_MISTAKES = {"jp": "ja", "cn": "zh", "tw": "zt", "kr": "ko", "gr": "el", "dk": "da", "se": "sv",
                     "cz": "cs", "ua": "uk", "ir": "fa", "il": "he", "br": "pt", "gb": "en", "us": "en",
                     "rs": "sr", "ee": "et", "si": "sl", "by": "be", "kz": "kk", "am": "hy", "pk": "ur"}

# Region and script subtags of Chinese that mean traditional characters.
_TRADITIONAL = {"hant", "tw", "hk", "mo"}

# Scripts written without spaces between words (and between sentences).
_UNSPACED = {"zh", "zt", "ja", "th"}
_RIGHT_TO_LEFT = {"ar", "fa", "he", "ur", "ps"}


def check(code: str) -> str:
    """Return the normalised code, or raise LanguageError naming it and the nearest known codes."""
    norm = (code or "").strip().lower().replace("_", "-")
    if norm in LANGUAGES:
        return norm
    base, *subtags = norm.split("-") if norm else [""]
    base = ALIASES.get(base, base)
    if base == "zh":
        return "zt" if _TRADITIONAL.intersection(subtags) else "zh"
    if base in LANGUAGES:
        return base
    for known, (english, _) in LANGUAGES.items():
        if norm == english.lower():
            return known
    raise LanguageError(_unknown(code, norm))


def _unknown(code: str, norm: str) -> str:
    near = nearest(norm)
    if not near:
        return f"unknown language code {code!r} (expected an Argos code such as zh, en, fr, de)"
    named = ", ".join(f"{c} ({LANGUAGES[c][0]})" for c in near)
    return f"unknown language code {code!r}; nearest known: {named}"


def nearest(norm: str, limit: int = 4) -> list[str]:
    """Known codes nearest to an unknown one: the language of a country code written instead
    (``jp`` -> ``ja``), codes one letter away, English names that begin alike."""
    import difflib

    base = norm.split("-")[0]
    found = [_COUNTRY_MISTAKES[base]] if base in _COUNTRY_MISTAKES else []
    if len(base) <= 3:
        found += sorted(c for c in LANGUAGES if len(c) == len(base) == 2 and _one_letter_apart(c, base))
    else:
        names = {english.lower(): known for known, (english, _) in LANGUAGES.items()}
        found += [names[n] for n in difflib.get_close_matches(base, names, n=limit, cutoff=0.6)]
    return list(dict.fromkeys(found))[:limit]


def _one_letter_apart(known: str, typed: str) -> bool:
    return sum(a != b for a, b in zip(known, typed)) == 1 and known[0] == typed[0]


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
