"""Whether a soft end mark (".", "!", "?", "…") ends a sentence.

An ellipsis in brackets ("[...]", "(…)") marks words left out of a quotation
and never ends a sentence; a period glued between two words does not inside an
e-mail address ("Jane.Doe@example.com").

The mark has whitespace after it (the end pattern requires it). It ends the
sentence when the next word may open one (a capital, a digit, an opening quote,
a dash not followed by a lower-case word as in «…?» — спросила она, a letter
of a script without case) and, for a single period, when the
word before it is no abbreviation, initial or number that runs on:

- ``never`` words (Mr., Dr., e.g.): never, also after an elided article
  (Italian l'Avv., dell'Ing.);
- ``number`` words (No., Rs., S.): unless a number follows;
- ``may_end`` words (etc., a.m.): before a capital;
- ``abbr`` words (U.S., Jan., ул., bzw.), words with an abbreviated ending
  (German "Hauptstr.") and initials of any script (J., А., U.S.A.): only
  before a word that opens sentences ("the U.S. How");
  English "I" after a lower-case word is the pronoun ("you and I. Did");
- a number, a Roman numeral or a letter that opens the paragraph, a line or
  a bulleted item ("II. Friendship", "a. The first", "• 9. The ninth"): never;
- a day or month before another number ("1. 1. 2020"): never (but "es 2. 2 + 2" is no date);
- a number glued to a bullet ("⁃9. The ninth"): never;
- a number of up to three digits in a language that writes ordinals with a
  period and capitalises nouns (German "vom 12. Juni"): only before a word
  that opens sentences (elsewhere the word after an ordinal is in lower case);
  a day before a month name of the language ("7. apríla"): never;
  a Roman numeral where those are ordinals ("XII. pluk"): only before a word
  that opens sentences.

Everything here looks at most 40 characters after the mark and 90 before it
(the word before, the one before that, the spaces that open a line), so that
splitting stays linear in the length of the paragraph, and a decision depends
only on the text around the mark: :func:`soft_ends_in` remembers each one by
that text in a long paragraph, so that one repeating a pattern (``A. A. A. …``,
a list of initials) decides it once.
"""

from __future__ import annotations

import re
from functools import partial

from pipeline.segment.rules import Rules

# Quotes and brackets that open a sentence (and may stand before a word or a number).
_OPENERS = "\"“‘'([«»‹›„‚¿¡"
_OPEN = f"[{re.escape(_OPENERS)}]*"
_START_MARKS = frozenset(_OPENERS + "—–-")  # what may open a sentence besides letters and digits
_NEXT_WORD = re.compile(rf"{_OPEN}([^\W\d_]\w*)(\.?)")
_ROMAN = re.compile(r"[IVXLC]{1,5}")
_HEADING_NUMBER = re.compile(r"\d{1,3}|[IVXLC]{1,5}|[A-Za-z]")
_NUMBER_NEXT = re.compile(rf"{_OPEN}(?:\d|[IVXLC]{{1,5}}\b)")
_AFTER_DASH = re.compile(r"[—–-]+\s*(\w)")
# A lower-case word that is a question or exclamation by itself ("не?"): not the words that say who asked.
_ONE_WORD_ASKED = re.compile(r"\w+[?!;？！؟]")
# An elided article or preposition written onto the word (l'Avv., dell'Ing., d'env.)
_ELIDED = re.compile(r"(?:[ldnmstcj]|qu|un|dell|dall|nell|sull|all|coll|quell|quest|tutt)['’]")
_OPENED_LETTER = re.compile(rf"{_OPEN}([^\W\d_])")
_SPACED_REST = re.compile(r"(?:\. ){3}(?=[^\s.])")  # the rest of ". . . ." after its first period
_GLUED_ELLIPSIS = re.compile(r"(?:\.\.\.|…)\w")
_BULLETS = "•◦▪‣⁃"
_DATE_PART = re.compile(r"\d{1,2}\.")
_DAY_BEFORE = re.compile(r"(?<!\S)\d{1,2}\.\s$")
_SPACE = re.compile(r"\s*")  # fullmatch stops at the first other character: O(1) past it
_LOOK = 40
# What a decision can see of the text: before the mark (the word before it, the spaces that open a
# line, the word before that: 2 * _LOOK + 1 at most) and after it (one word).
_BEFORE = 3 * _LOOK
_AFTER = _LOOK + 1
_REMEMBERED = 4096  # decisions kept per paragraph (prose repeats few; a pattern repeated needs one)
# Remembering costs about a third of a decision: a paragraph starts to remember after this many
# candidate ends (a paragraph of prose has a few dozen) and stops where, of the next _TRIAL, fewer
# than half were remembered ones (prose that long: a book pasted as one paragraph).
_DIRECT = 512
_TRIAL = 1024


def soft_ends_in(text: str, rules: Rules):
    """``decide(mark, after, single_period)``: :func:`soft_ends` for the marks of one paragraph; in a long
    one, each decision remembered by the text around its mark (and whether only spaces stand before that
    text): the same answers, a context that repeats (``A. A. A. …``) decided once."""
    if len(text) < _DIRECT * 8:  # too short to have that many decisions
        return partial(soft_ends, text, rules)
    lead = len(text) - len(text.lstrip())  # text[:lead] is the paragraph's opening white space
    known: dict = {}
    decided = remembered = 0

    def decide(mark: int, after: int, single_period: bool) -> bool:
        nonlocal decided, remembered
        decided += 1
        tried = decided - _DIRECT
        if tried <= 0 or (tried > _TRIAL and remembered * 2 < tried):
            return soft_ends(text, rules, mark, after, single_period)
        low = max(0, mark - _BEFORE)
        key = (text[low:after + _AFTER], mark - low, after - low, single_period, lead >= low)
        found = known.get(key)
        if found is None:
            if len(known) >= _REMEMBERED:
                known.clear()
            found = known[key] = soft_ends(text, rules, mark, after, single_period)
        else:
            remembered += 1
        return found

    return decide


def soft_ends(text: str, rules: Rules, mark: int, after: int, single_period: bool) -> bool:
    """Does the soft end mark run starting at ``mark`` end a sentence, the next one starting at ``after``?"""
    if after >= len(text):
        return True
    following = text[after]
    if single_period and following in ".…":
        return _before_ellipsis(text, mark, after, rules)
    if following.islower() or following in _OPENERS and _lower_after_openers(text, after):
        # a lower-case word (also in brackets or quotes: "т. б. (тағы басқа)") goes on with the sentence,
        # unless a Greek word ending in final sigma stands before: that one is whole, no abbreviation;
        # or a question or exclamation of one word follows one: "кім? не?", "why? how?" ask twice
        if single_period:
            return rules.final_sigma and _token_before(text, mark)[0].endswith("ς")
        return _ONE_WORD_ASKED.match(text, after, min(len(text), after + _LOOK)) is not None
    if not (following.isalnum() or following in _START_MARKS):
        return False
    if single_period and text[mark - 1 : mark] == " ":
        count, glued = _spaced_ellipsis(text, mark)
        if count:  # ". . . I" leaves words out; ". . . . The" ends; "compounds. . . . The" ended after "s."
            return count == 3 if glued else count >= 4
    if following in "—–-":
        word = _AFTER_DASH.match(text, after, min(len(text), after + _LOOK))
        if word is not None and word.group(1).islower():
            return False  # «Ты придёшь?» — спросила она: the dash brings in who spoke
    if not single_period:
        # ! ? … or ... before a capital; an ellipsis in brackets marks words left out of a quotation: "[...]"
        return not (mark and text[mark - 1] in "[(" and text[mark] in ".…")
    return _period_ends(text, mark, after, rules)


def _lower_after_openers(text: str, after: int) -> bool:
    """True when the first letter after the quotes and brackets at ``after`` is a lower-case one."""
    match = _OPENED_LETTER.match(text, after, min(len(text), after + _LOOK))
    return match is not None and match.group(1).islower()


def _spaced_ellipsis(text: str, mark: int) -> tuple[int, bool]:
    """(periods, glued) of the spaced ellipsis ending with the period at ``mark`` (". . .": 3), counting a
    first one glued to the word before ("compounds. . . .": 4, glued); (0, False) for fewer than three."""
    count = 1
    at = mark
    while at >= 2 and text[at - 1] == " " and text[at - 2] == "." and count < 8:
        count += 1
        at -= 2
    if count < 3:
        return 0, False
    return count, at > 0 and not text[at - 1].isspace()


def _before_ellipsis(text: str, mark: int, after: int, rules: Rules) -> bool:
    """A period with an ellipsis after it: "compounds. . . . The" ends after the period (the spaced
    ellipsis then marks words left out at the start of the next sentence), "raak. ...en toen" ends
    before an ellipsis glued to the next word; "complex. . . ." at the end runs on to its last period."""
    if mark and not text[mark - 1].isspace() and text[mark - 1] != ".":
        rest = _SPACED_REST.match(text, after, min(len(text), after + _LOOK))
        if rest is not None:
            return soft_ends(text, rules, mark, rest.end(), True)
        if _GLUED_ELLIPSIS.match(text, after):
            return _period_ends(text, mark, after, rules)
    return False


def glued_ends(text: str, mark: int, rules: Rules) -> bool:
    """Does a period glued between two words end a sentence ("world.Today"; not "Mr.Smith", "www.site.Com")?"""
    token, _ = _token_before(text, mark)
    if not token.isalpha():
        return False  # a web address or a number before it: "www.site.Com", "v1.Beta"
    if "@" in text[mark:min(len(text), mark + _LOOK)].split(None, 1)[0]:
        return False  # an e-mail address: "Jane.Doe@example.com"
    return _period_ends(text, mark, mark + 1, rules)


def _token_before(text: str, at: int) -> tuple[str, int]:
    """The word that ends at ``at`` (openers stripped) and where it starts; ("", at) after whitespace."""
    window = text[max(0, at - _LOOK) : at]
    if not window or window[-1].isspace():
        return "", at
    token = window.rsplit(None, 1)[-1]
    start = at - len(token)
    return token.lstrip(_OPENERS), start


def _starter(text: str, after: int, rules: Rules) -> bool:
    """True when the word at ``after`` opens sentences in this language (a capitalised "The", "Он")."""
    match = _NEXT_WORD.match(text, after, min(len(text), after + _LOOK))
    if match is None:
        return False
    word = match.group(1)
    if not word[0].isupper():
        return False
    if len(word) == 1 and match.group(2):
        return False  # an initial ("J. A. Smith"), not the word "A"
    return word.lower() in rules.starters


def _next_word(text: str, after: int) -> str:
    """The word at ``after`` (after any opening quotes), "" when none stands there."""
    match = _NEXT_WORD.match(text, after, min(len(text), after + _LOOK))
    return "" if match is None else match.group(1)


def _is_initial(token: str) -> bool:
    """J, А, U.S, Ph.D: one letter alone, or letters in ones and twos between periods (any script)."""
    if len(token) == 1 or "." not in token:
        return len(token) == 1 and token.isalpha()
    return all(0 < len(part) <= 2 and part.isalpha() for part in token.split("."))


def _period_ends(text: str, mark: int, after: int, rules: Rules) -> bool:
    token, start = _token_before(text, mark)
    if not token:
        return True
    word = token.lower()
    elided = _ELIDED.match(word) if "'" in word or "’" in word else None
    if elided is not None and word[elided.end():] in rules.never_or_abbreviation:
        word = word[elided.end():]  # Italian, French, Catalan: l'Ing., dell'Avv., d'env.: the word after the article
    if word in rules.never:
        return False
    if _HEADING_NUMBER.fullmatch(token) and _opens_item(text, start):
        return False  # the number that opens the paragraph, a line or a bulleted item
    if token[:1] in _BULLETS and _HEADING_NUMBER.fullmatch(token[1:]):
        return False  # a bullet glued to its number: "⁃9. The ninth"
    if word in rules.before_number and not (len(token) == 1 and token.isupper()):
        # a capital letter alone is an initial: "А. С. Пушкин"
        return _NUMBER_NEXT.match(text, after, min(len(text), after + _LOOK)) is None
    if word in rules.may_end:
        return True  # the next word is no lower-case one (checked above)
    if word in rules.abbreviations or word.endswith(rules.suffixes):
        return _starter(text, after, rules)
    if word.isdigit():
        if len(word) <= 2 and text[after].isdigit() and _spaced_date(text, start, after):
            return False  # a date written with spaces: "1. 1. 2020", "12. 3."
        if rules.months and len(word) <= 2 and _next_word(text, after).lower() in rules.months:
            return False  # a day before its month: "7. apríla", "24. December"
        if rules.ordinal_period and len(word) <= 3:
            return _starter(text, after, rules)
        return True
    if rules.roman_ordinal and _ROMAN.fullmatch(token) and len(token) > 1:
        return _starter(text, after, rules)  # Ludwig XIV. ...
    if _is_initial(word):
        if rules.pronoun_i and token == "I" and _after_lower_word(text, start):
            return True  # "you and I. Did"
        return _starter(text, after, rules)
    return True


def _spaced_date(text: str, start: int, after: int) -> bool:
    """True when the number before ``start`` and the one at ``after`` are parts of a date written with spaces:
    the next one has its period too ("1. 9. 2019", "12. 3.") or a day stands before ("1. 9. 2019" at "9.");
    "1 + 1 es 2. 2 + 2 es 4." is no date."""
    if _DATE_PART.match(text, after, min(len(text), after + 4)):
        return True
    return _DAY_BEFORE.search(text, max(0, start - 5), start) is not None


def _opens_item(text: str, start: int) -> bool:
    """True when only spaces stand between ``start`` and the start of the paragraph, a line or a bullet."""
    at = start
    while at > 0 and text[at - 1] in " \t\u00a0\u3000" and start - at < 8:
        at -= 1
    if at == 0 or text[at - 1] in "\n" + _BULLETS:
        return True
    return text[0].isspace() and _SPACE.fullmatch(text, 0, start) is not None


def _after_lower_word(text: str, start: int) -> bool:
    """True when the word before the one at ``start`` is written in lower case ("and I")."""
    if start < 2 or not text[start - 1].isspace():
        return False
    previous, _ = _token_before(text, start - 1)
    return previous[:1].islower()
