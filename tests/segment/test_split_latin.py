"""Sentence ends in languages written in the Latin script, one table per language.

Each case is a paragraph as a reader meets it and the sentences a native reader
sees in it (joined, they give the paragraph back). Texts written for these
tests, in the manner of public-domain prose.
"""

from __future__ import annotations

import pytest

from pipeline.segment import split_sentences

ENGLISH = [
    # abbreviations that never end, and one that ends before a word that opens a sentence
    ("I live in the U.S. How about you?", ["I live in the U.S. ", "How about you?"]),
    ("She joined the U.S. Navy in May.", ["She joined the U.S. Navy in May."]),
    ("Mrs. Hale and Dr. Ames met St. John at noon.", ["Mrs. Hale and Dr. Ames met St. John at noon."]),
    ("He works for Acme Corp. The firm makes rope.", ["He works for Acme Corp. ", "The firm makes rope."]),
    ("We left at 5 p.m. Nobody saw us.", ["We left at 5 p.m. ", "Nobody saw us."]),
    # initials, the pronoun I, and regnal numbers
    ("Albert I. Jones wrote to the king.", ["Albert I. Jones wrote to the king."]),
    ("It was decided by you and I. Did you forget?", ["It was decided by you and I. ", "Did you forget?"]),
    ("J. R. R. Tolkien met C. S. Lewis. They talked.", ["J. R. R. Tolkien met C. S. Lewis. ", "They talked."]),
    ("Her vitamin was C. The doctor nodded.", ["Her vitamin was C. ", "The doctor nodded."]),
    # numbers: amounts, lists on one line, headings
    ("The ticket costs Rs. 250 at the gate. Children go free.",
     ["The ticket costs Rs. 250 at the gate. ", "Children go free."]),
    ("See No. 12 in the list. I had to say no. Then he left.",
     ["See No. 12 in the list. ", "I had to say no. ", "Then he left."]),
    ("1. Pack the bags 2. Lock the door 3. Leave the key",
     ["1. Pack the bags ", "2. Lock the door ", "3. Leave the key"]),
    ("Before you go: 1. Pack the bags. 2. Lock the door.", ["Before you go: 1. Pack the bags. ", "2. Lock the door."]),
    ("1) Wash the cup 2) Dry it", ["1) Wash the cup ", "2) Dry it"]),
    ("1.) Wash the cup 2.) Dry it", ["1.) Wash the cup ", "2.) Dry it"]),
    ("a. Wash the cup b. Dry it c. Put it away", ["a. Wash the cup ", "b. Dry it ", "c. Put it away"]),
    ("• 7. Wash the cup • 8. Dry it", ["• 7. Wash the cup ", "• 8. Dry it"]),
    ("\t• Wash the cup • Dry it", ["\t• Wash the cup ", "• Dry it"]),
    ("A. B. Marsh wrote it. Then he left.", ["A. B. Marsh wrote it. ", "Then he left."]),
    ("See No. 4 and Nos. 7 and 8. Mr. Hale agreed.", ["See No. 4 and Nos. 7 and 8. ", "Mr. Hale agreed."]),
    ("II. The Miller's Daughter", ["II. The Miller's Daughter"]),
    ("The mill was built in 1840. It burned down later.", ["The mill was built in 1840. ", "It burned down later."]),
    # ? and ! before a dash, quotes and ellipses
    ("Is it far? - Not very far.", ["Is it far? ", "- Not very far."]),
    ("Stop! - he cried, but nobody stopped.", ["Stop! - he cried, but nobody stopped."]),
    ("He said, \u201cGo home.\u201d Then he went.", ["He said, \u201cGo home.\u201d ", "Then he went."]),
    ("\"Where to?\" she asked. \"North,\" he said.", ["\"Where to?\" she asked. ", "\"North,\" he said."]),
    ("I wonder... No, it cannot be.", ["I wonder... ", "No, it cannot be."]),
    # a period with no space after it
    ("The rain stopped.Then the sun came out.", ["The rain stopped.", "Then the sun came out."]),
    ("Mr.Hale wrote to www.example.Org and left.", ["Mr.Hale wrote to www.example.Org and left."]),
    ("Open notes.C in the editor. Then save it.", ["Open notes.C in the editor. ", "Then save it."]),
    # an e-mail address holds periods between words; an ellipsis in brackets marks words left out of a quotation
    ("Write to Anna.Berg@harbour.org. She answers on Fridays.",
     ["Write to Anna.Berg@harbour.org. ", "She answers on Fridays."]),
    ("The letter reads \u201cWe sailed at dawn [...] The crew was tired\u201d and stops there.",
     ["The letter reads \u201cWe sailed at dawn [...] The crew was tired\u201d and stops there."]),
    ("He quoted the log: \u201cNo wind (…) Rain at noon.\u201d Nobody laughed.",
     ["He quoted the log: \u201cNo wind (…) Rain at noon.\u201d ", "Nobody laughed."]),
    ("It isn't. Bob said so.", ["It isn't. ", "Bob said so."]),  # a contraction is no initial
    # a bullet glued to its number, as a converted document leaves it
    ("⁃1. Check the oil ⁃2. Fill the tank", ["⁃1. Check the oil ", "⁃2. Fill the tank"]),
    # sums are no dates written with spaces; dates still are
    ("Two and two make 4. 4 and 4 make 8. We learned that.", ["Two and two make 4. ", "4 and 4 make 8. ", "We learned that."]),
    # a spaced ellipsis leaves words out inside a sentence; with a fourth period it ends one, and after a
    # period glued to the word it opens the next sentence
    ("We waited . . . I think it was an hour. Then the bus came.",
     ["We waited . . . I think it was an hour. ", "Then the bus came."]),
    ("He never wrote back . . . . The house was sold in May.",
     ["He never wrote back . . . . ", "The house was sold in May."]),
    ("The road ended at the river. . . . The ferry had gone.", ["The road ended at the river. ", ". . . The ferry had gone."]),
    ("The diary stops mid-line: \u201cthe wind is rising. . . .\u201d", ["The diary stops mid-line: \u201cthe wind is rising. . . .\u201d"]),
    # a quotation that runs on into the sentence quoting it keeps its sentences; one ended by its own mark does not
    ('"Sit down. Have some tea" was all she said. We sat.', ['"Sit down. Have some tea" was all she said. ', "We sat."]),
    ('"Sit down. Have some tea." She smiled.', ['"Sit down. ', 'Have some tea." ', "She smiled."]),
]

GERMAN = [
    ("„Komm rein. Setz dich“, sagte sie. Dann ging sie.", ["„Komm rein. Setz dich“, sagte sie. ", "Dann ging sie."]),
    ("Sie sagte: \u201eIch komme morgen.\u201c Dann ging sie.", ["Sie sagte: \u201eIch komme morgen.\u201c ", "Dann ging sie."]),
    ("\u201eKommst du mit?\u201c fragte er leise.", ["\u201eKommst du mit?\u201c fragte er leise."]),
    ("Er reiste vom 12. Juni bis zum 3. Juli. Dann kam er heim.",
     ["Er reiste vom 12. Juni bis zum 3. Juli. ", "Dann kam er heim."]),
    ("Dr. med. Weber wohnt in der Hauptstr. 5 in Berlin. Er ist Arzt.",
     ["Dr. med. Weber wohnt in der Hauptstr. 5 in Berlin. ", "Er ist Arzt."]),
    ("Wir kaufen Brot, Milch usw. Danach gehen wir.", ["Wir kaufen Brot, Milch usw. ", "Danach gehen wir."]),
    ("Das steht auf S. 14 im Buch, z.B. im zweiten Absatz.", ["Das steht auf S. 14 im Buch, z.B. im zweiten Absatz."]),
    ("Im 19. Jahrhundert lebte Ludwig II. in Bayern.", ["Im 19. Jahrhundert lebte Ludwig II. in Bayern."]),
    ("»Wer ist da?« Niemand antwortete.", ["»Wer ist da?« ", "Niemand antwortete."]),
]

FRENCH = [
    ("M. Dupont est arrivé hier. Mme Martin aussi.", ["M. Dupont est arrivé hier. ", "Mme Martin aussi."]),
    ("« Tu viens ? » demanda-t-il. « Oui. » Puis il partit.",
     ["« Tu viens ? » demanda-t-il. ", "« Oui. » ", "Puis il partit."]),
    ("Il a acheté du pain, du lait, etc. Ensuite il est rentré.",
     ["Il a acheté du pain, du lait, etc. ", "Ensuite il est rentré."]),
    ("Voir p. 12 du livre. C'est clair.", ["Voir p. 12 du livre. ", "C'est clair."]),
    # an elided word before a word that ends the sentence stays an end (the article is no abbreviation)
    ("Il parle d'Henri. Elle parle d'Anne.", ["Il parle d'Henri. ", "Elle parle d'Anne."]),
    ("Il habite au n° 5 de la rue. Elle aussi.", ["Il habite au n° 5 de la rue. ", "Elle aussi."]),
]

SPANISH = [
    ("¿Vienes? ¡Claro que sí! Vamos.", ["¿Vienes? ", "¡Claro que sí! ", "Vamos."]),
    ("El Sr. García llegó a las cinco. La Sra. Pérez no.", ["El Sr. García llegó a las cinco. ", "La Sra. Pérez no."]),
    ("—¿Quién es? —preguntó ella.", ["—¿Quién es? —preguntó ella."]),
    ("Vive en EE.UU. desde hace años.", ["Vive en EE.UU. desde hace años."]),
    ("El Dr. Pérez vive en EE. UU. desde 2010. Su hija también.",
     ["El Dr. Pérez vive en EE. UU. desde 2010. ", "Su hija también."]),
    # a paragraph of a law and a weekday before their number
    ("Lea el párr. 3 del contrato. Después firme.", ["Lea el párr. 3 del contrato. ", "Después firme."]),
    ("La reunión es el vie. 12 de mayo en la sala grande.", ["La reunión es el vie. 12 de mayo en la sala grande."]),
]

ITALIAN = [
    ("«Piove. Restiamo a casa», disse il padre. Nessuno rispose.",
     ["«Piove. Restiamo a casa», disse il padre. ", "Nessuno rispose."]),
    ("Il sig. Rossi è arrivato. La dott.ssa Bianchi no.", ["Il sig. Rossi è arrivato. ", "La dott.ssa Bianchi no."]),
    ("Abbiamo mele, pere ecc. Poi siamo usciti.", ["Abbiamo mele, pere ecc. ", "Poi siamo usciti."]),
    # a title after an elided article (l'Avv., dell'Ing.) runs on into the name
    ("Ho parlato con l'Avv. Moretti ieri. Era gentile.", ["Ho parlato con l'Avv. Moretti ieri. ", "Era gentile."]),
    ("È la firma dell'Ing. Galli. Non la riconosco.", ["È la firma dell'Ing. Galli. ", "Non la riconosco."]),
    ("Il Dir. Fontana ha chiuso la scuola.", ["Il Dir. Fontana ha chiuso la scuola."]),
]

PORTUGUESE = [
    ("O Sr. Silva chegou cedo. A Dra. Costa chegou tarde.", ["O Sr. Silva chegou cedo. ", "A Dra. Costa chegou tarde."]),
]

DUTCH = [
    ("Hij woont in de Dorpsstr. 5. Dat is dichtbij.", ["Hij woont in de Dorpsstr. 5. ", "Dat is dichtbij."]),
    ("Dhr. Jansen kwam bijv. gisteren. Hij bleef lang.", ["Dhr. Jansen kwam bijv. gisteren. ", "Hij bleef lang."]),
    # a sentence may open with an ellipsis glued to its first word
    ("Het was stil in huis. ...en toen ging de bel.", ["Het was stil in huis. ", "...en toen ging de bel."]),
]

DANISH = [
    ("Vi mødtes den 5. maj i Aarhus. Det regnede.", ["Vi mødtes den 5. maj i Aarhus. ", "Det regnede."]),
    ("Jeg bor på Nørregade nr. 7. Kom forbi!", ["Jeg bor på Nørregade nr. 7. ", "Kom forbi!"]),
    ("Sagen har n° 1042 i arkivet. Den er lukket.", ["Sagen har n° 1042 i arkivet. ", "Den er lukket."]),
    ("Vi bor i n°. 12. Kom forbi!", ["Vi bor i n°. 12. ", "Kom forbi!"]),
    ("Han købte f.eks. brød. Hun købte mælk.", ["Han købte f.eks. brød. ", "Hun købte mælk."]),
    # Sankt before a name
    ("Vi fejrede Skt. Hans ved stranden. Det blev sent.", ["Vi fejrede Skt. Hans ved stranden. ", "Det blev sent."]),
    ("St. Peders Kirke ligger i Næstved.", ["St. Peders Kirke ligger i Næstved."]),
]

SWEDISH_NORWEGIAN = [
    ("sv", "Hon köpte t.ex. bröd och mjölk. Sedan gick hon hem.", ["Hon köpte t.ex. bröd och mjölk. ", "Sedan gick hon hem."]),
    ("nb", "Vi kom den 17. mai til Oslo. Det var fest.", ["Vi kom den 17. mai til Oslo. ", "Det var fest."]),
]

SLAVIC_LATIN = [
    ("pl", "Prof. Nowak mieszka przy ul. Długiej. On jest lekarzem.", ["Prof. Nowak mieszka przy ul. Długiej. ", "On jest lekarzem."]),
    ("cs", "Narodil se 12. května v Praze. Pak odešel.", ["Narodil se 12. května v Praze. ", "Pak odešel."]),
    ("cs", "Dne 1. 9. 2019 začala škola. Bylo teplo.", ["Dne 1. 9. 2019 začala škola. ", "Bylo teplo."]),
    ("sk", "Bol tam napr. Ján. Potom odišiel.", ["Bol tam napr. Ján. ", "Potom odišiel."]),
    # a Roman ordinal before a name, a day before its month (a heading may write it with a capital)
    ("sk", "Súťažil na XVIII. Zimných olympijských hrách v Naganu. Skončil piaty.",
     ["Súťažil na XVIII. Zimných olympijských hrách v Naganu. ", "Skončil piaty."]),
    ("sk", "OSLAVY 29. AUGUSTA SA KONALI V MESTE. Prišli tisíce ľudí.",
     ["OSLAVY 29. AUGUSTA SA KONALI V MESTE. ", "Prišli tisíce ľudí."]),
    ("cs", "Výstava začne 3. Května. Vstup je zdarma.", ["Výstava začne 3. Května. ", "Vstup je zdarma."]),
    ("sk", "Mal 30. Potom ochorel.", ["Mal 30. ", "Potom ochorel."]),
    # a quotation that runs on into the sentence quoting it
    ("sk", "„Zajtra prídem. Čakaj ma doma,“ povedala mama a odišla. Bolo ticho.",
     ["„Zajtra prídem. Čakaj ma doma,“ povedala mama a odišla. ", "Bolo ticho."]),
]

OTHERS_LATIN = [
    ("fi", "Hän syntyi 6. joulukuuta. Se oli talvella.", ["Hän syntyi 6. joulukuuta. ", "Se oli talvella."]),
    ("tr", "Dr. Yılmaz geldi. Ben de geldim.", ["Dr. Yılmaz geldi. ", "Ben de geldim."]),
    ("hu", "A 2. fejezet rövid. Mi is elolvastuk.", ["A 2. fejezet rövid. ", "Mi is elolvastuk."]),
    ("ro", "Dl. Popescu a venit. Ea a plecat.", ["Dl. Popescu a venit. ", "Ea a plecat."]),
    ("id", "Dr. Sutomo tinggal di Jl. Merdeka. Dia dokter.", ["Dr. Sutomo tinggal di Jl. Merdeka. ", "Dia dokter."]),
]

CASES = (
    [("en", text, want) for text, want in ENGLISH]
    + [("de", text, want) for text, want in GERMAN]
    + [("fr", text, want) for text, want in FRENCH]
    + [("es", text, want) for text, want in SPANISH]
    + [("it", text, want) for text, want in ITALIAN]
    + [("pt", text, want) for text, want in PORTUGUESE]
    + [("nl", text, want) for text, want in DUTCH]
    + [("da", text, want) for text, want in DANISH]
    + SWEDISH_NORWEGIAN
    + SLAVIC_LATIN
    + OTHERS_LATIN
)


@pytest.mark.parametrize(("language", "text", "want"), CASES, ids=[f"{c[0]}-{c[1][:24]}" for c in CASES])
def test_sentences(language, text, want):
    assert "".join(want) == text  # the table itself keeps every character
    assert split_sentences(text, language) == want


def test_region_subtags_split_as_their_language():
    text = "I live in the U.S. How about you?"
    assert split_sentences(text, "en-GB") == split_sentences(text, "en") == ["I live in the U.S. ", "How about you?"]
    assert split_sentences("O Sr. Silva chegou. Ela saiu.", "pt-BR") == ["O Sr. Silva chegou. ", "Ela saiu."]
