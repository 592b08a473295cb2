"""Sentence rules data: languages written in Cyrillic, Greek, Armenian, Georgian,
Arabic, Indic and other scripts, and the end marks of each script.

Same shape as :mod:`pipeline.segment.data_latin` (``never``, ``abbr``,
``may_end``, ``number``, ``starters``).
"""

from __future__ import annotations

SCRIPTS: dict[str, dict[str, str]] = {
    "ru": {
        "never": "г-н г-жа тов проф доц акад",
        "abbr": """ул г гг пгт д кв т.е т.к т.н пр им ок обл р-н пос дер вв в напр ст св изд
            гл рис табл мин макс гос ср о-в просп пер наб пл корп н.э ж.д и.о зам зав ген гр мл нач ред сост
            отв англ франц лат греч рус укр канд""",
        "may_end": "т.д т.п др тыс млн млрд руб коп чел",
        "number": "с стр см № п пп ч",
        "starters": """он она оно они я мы вы ты это этот эта эти тот та те но и а или если когда где как что кто
            почему зачем в на с по к у о из от за до для после перед потом тогда теперь здесь там вот уже ещё еще
            все всё мой моя его её их наш не нет да так однако поэтому""",
    },
    "uk": {
        "never": "проф доц акад п пані",
        "abbr": "вул м р рр т.зв ім див напр просп пл кв буд обл корп пров",
        "may_end": "т.д т.п ін тис млн млрд грн",
        "number": "с стор №",
        "starters": """він вона воно вони я ми ви ти це цей ця ці той та ті але і й а або якщо коли де як що хто
            чому в у на з із по до від за для після потім тепер тут там вже ще всі мій моя його її їх наш не ні
            так""",
    },
    "bg": {
        "never": "г-н г-жа д-р проф доц акад",
        "abbr": "г гр ул бул т.е т.нар напр млн млрд хил лв ст ал бл вх ж.к кв л чл ап ет общ пл обл",
        "may_end": "др",
        "number": "с стр №",
        "starters": """той тя то те аз ние вие ти това този тази тези но и а или ако когато където как какво кой
            защо в на с по към от за до след после тогава сега тук там вече още всички не да""",
    },
    "sr": {
        "never": "др проф инж г гђа",
        "abbr": "тј нпр тзв ул год мил млрд",
        "may_end": "итд",
        "number": "бр стр",
        "starters": """он она оно они ја ми ти ви то овај ова ово тај та али и а или ако кад када где како шта ко
            зашто у на с са по до од за након пре тада сада овде тамо већ још сви мој не да""",
    },
    "mk": {
        "never": "г-дин г-ѓа д-р проф",
        "abbr": "ул год мил",
        "may_end": "итн",
        "number": "бр стр",
        "starters": "тој таа тоа тие јас ние вие ти ова овој но и а или ако кога каде како што кој зошто во на со",
    },
    "be": {
        "never": "праф дац акад",
        "abbr": "вул г гг т.зв напр тыс млн",
        "may_end": "г.д",
        "number": "с стар №",
        "starters": "ён яна яно яны я мы вы ты гэта гэты але і а ці калі дзе як што хто чаму у на з па да ад",
    },
    "kk": {
        "never": "проф доц акад",
        "abbr": "ж ғ көш б.з.д мыс",
        "may_end": "т.б т.с.с",
        "number": "б бет №",
        "starters": """ол олар мен біз сен сіз бұл сол бірақ және немесе егер қашан қайда қалай не кім неге содан
            кейін қазір мұнда онда әлі барлық менің емес иә да де""",
    },
    "ky": {
        "never": "проф",
        "abbr": "ж к",
        "may_end": "ж.б",
        "number": "б",
        "starters": "ал алар мен биз сен сиз бул ошол бирок жана же эгер качан кайда кантип эмне ким",
    },
    "mn": {
        "never": "проф",
        "abbr": "он",
        "may_end": "г.м",
        "number": "х",
        "starters": "тэр тэд би бид чи та энэ тэр гэхдээ ба болон эсвэл хэрэв хэзээ хаана яаж юу хэн яагаад",
    },
    "el": {
        "never": "κ κα δρ καθ",
        "abbr": "π.χ δηλ λ.χ μ.χ π.χ χλμ εκ εκατ δισ οδ",
        "may_end": "κτλ κ.λπ κ.ά",
        "number": "αρ σελ τηλ",
        "starters": """ο η το οι τα ένας μια ένα αυτός αυτή αυτό αυτοί εγώ εμείς εσύ εσείς αλλά και ή αν όταν πού
            πώς τι ποιος γιατί στο στη στην στον σε από με για μετά πριν τότε τώρα εδώ εκεί ήδη ακόμα όλοι μου
            δεν όχι ναι""",
    },
    "hy": {
        "never": "պրոֆ դոկտ",
        "abbr": "թ թթ դ",
        "may_end": "",
        "number": "էջ",
        "starters": "նա նրանք ես մենք դու դուք սա այս այդ բայց և կամ եթե երբ որտեղ ինչպես ինչ ով ինչու",
    },
    "ka": {
        "never": "ბ-ნი ქ-ნი",
        "abbr": "ე.ი მაგ ქ წ სს",
        "may_end": "",
        "number": "გვ",
        "starters": "",
    },
    "hi": {"never": "डॉ प्रो श्री श्रीमती", "abbr": "ई ई.पू सं", "may_end": "", "number": "पृ रु", "starters": ""},
    "mr": {"never": "डॉ प्रा श्री सौ", "abbr": "इ.स सं", "may_end": "", "number": "पृ रु", "starters": ""},
    "ne": {"never": "डा प्रा श्री", "abbr": "वि.सं ई.सं", "may_end": "", "number": "पृ रु", "starters": ""},
    "bn": {"never": "ডা ডঃ মো", "abbr": "খ্রি", "may_end": "", "number": "পৃ", "starters": ""},
    "ur": {"never": "ڈاکٹر", "abbr": "", "may_end": "", "number": "", "starters": ""},
}

# End marks that end a sentence wherever they stand (no space needed after them):
# Devanagari and Bengali danda and double danda, Urdu full stop, Arabic question
# mark, Armenian full stop, Burmese section mark, Ethiopic full stop and question
# mark, Khmer full stop, Sinhala full stop, CJK full stops and marks.
HARD_ENDS = "।॥۔؟։။።፧។෴。！？｡"

# End marks that need a space (or the end of the paragraph) and a word that may
# open a sentence after them: the period, "!", "?", ellipses, interrobangs, the
# Greek question mark (U+037E).
SOFT_ENDS = ".!?…‼⁇⁈⁉\u037e"

# More soft end marks in one language: Greek writes its question mark as ";";
# Armenian text typed on a Latin keyboard ends sentences with ":".
EXTRA_SOFT_ENDS = {"el": ";", "hy": ":"}

# Quotes and brackets that close after an end mark: “…” in English, „…“ in German
# (where “ closes), «…» and »…« (Danish, German), ‹…›, 「…」, 『…』, and brackets.
CLOSERS = "”’“‘»«›‹\"')]」』）》〉】〕"

# Brackets that hold a title or a quotation a sentence never ends inside
# (Chinese 《摔跤吧！爸爸》, Japanese 「…。…」) when they close in the same paragraph.
TITLE_BRACKETS = {"《": "》", "〈": "〉", "「": "」", "『": "』", "【": "】"}
