"""Sentence rules data: languages written in the Latin script.

Per language (keys are diglot's codes), whitespace-separated, lower case, an
abbreviation without its final period (``e.g`` for "e.g."):

- ``never``: a period after these never ends a sentence (titles before a
  name, "e.g.", "vs.");
- ``abbr``: abbreviations that end a sentence only before a word that opens
  one (``starters``): "the U.S. How …" ends, "the U.S. Army" runs on;
- ``may_end``: end a sentence before any capital ("… pears etc. Then");
- ``number``: run on before a number ("No. 5", "Rs. 500", "S. 12"), a plain
  word otherwise ("say no. Then");
- ``suffix``: endings of abbreviated compounds (German "Hauptstr.");
- ``months``: month names (the inflected forms a date uses) that follow a day
  written as an ordinal ("7. apríla", "24. december"): the period after the
  day never ends a sentence before them, in whatever case they are written;
- ``starters``: words that open sentences (pronouns, articles, conjunctions,
  question words), the evidence that a period after an abbreviation or an
  initial ends the sentence.

The abbreviation lists start from the facts of the Unicode CLDR segmentation
suppressions (common/segments/*.xml) and common usage; they are written here,
not loaded, so that splitting needs no data files.
"""

from __future__ import annotations

LATIN: dict[str, dict[str, str]] = {
    "en": {
        "never": """mr mrs ms messrs mme mlle dr prof st jr sr rev hon gen col lt sgt capt cmdr adm maj gov
            sen rep pres supt insp e.g i.e cf viz vs v mt ft""",
        "abbr": """u.s u.k u.n u.s.a e.u jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu
            thur thurs fri sat sun vol vols ed eds est dept univ assn ave blvd rd approx esp ca ibid op cit
            misc dist govt intl natl mo ph.d b.a m.a d.c""",
        "may_end": "etc inc ltd co corp llc plc al bros a.m p.m yr yrs hr hrs min mins sec secs lb lbs oz",
        "number": "no nos nr n° nº rs fig figs p pp ch chap sect art para tab eq",
        "starters": """the a an i we you he she it they this that these those there here what how why when where
            who which whose but and so yet or if in on at as after before then now my our your his her their its
            did do does is are was were can could will would should may might must let not yes however
            although though because since while once all some many most each every one both for from with by
            to no nothing nobody everyone someone perhaps still meanwhile thus hence therefore""",
    },
    "de": {
        "never": "hr hrn fr frl dr prof ing dipl med jur phil rer nat dent vet habil sen jun st",
        "abbr": """bzw ca usw z.b d.h u.a o.ä u.ä vgl ggf evtl bzgl inkl exkl zzgl sog s.o s.u str tel abs abt bd
            hrsg jh jhd jhdt mio mrd min max geb gest verh ev kath röm u.s.w z.t v.a bsp bspw allg ang
            jan feb mär apr jun jul aug sep sept okt nov dez mo di mi do sa etc u.v.m""",
        "may_end": "",
        "number": "nr s art abs kap bd",
        "suffix": "str",
        "starters": """der die das den dem des ein eine einer eines einem einen er sie es ich wir ihr man du dann da
            dort doch aber und oder denn so auch nun jetzt hier heute als wenn wie was wer wo warum wann ob dies
            diese dieser dieses jener mein meine sein seine ihre unser kein keine nicht nur noch schon immer nie
            trotzdem deshalb daher also später danach zuerst bald alle viele manche""",
    },
    "fr": {
        "never": "m mm mme mmes mlle mlles dr pr me mgr st ste vs cf",
        "abbr": """av bd apr j.-c p.ex ex env chap éd coll hab tél janv févr avr juil sept oct nov déc
            lun mar mer jeu ven sam dim boul fig vol""",
        "may_end": "etc",
        "number": "n no nos n° nº p pp art fig vol t tél",
        "starters": """le la les l un une des il elle ils elles on je j nous vous tu ce c cette ces cet mais et ou
            donc car puis alors ensuite quand si comme que qu qui quoi où pourquoi comment depuis dans en à au aux
            après avant pendant pour par sur sous avec sans mon ma mes son sa ses notre nos leur leurs d n s
            voici voilà oui non tout tous toutes""",
    },
    "es": {
        "never": "sr sra srta sres dr dra d dña lic ing prof arq ud uds vd vds ee",
        "abbr": """p.ej ej aprox dpto gral ntra sta sto av avda apdo ee.uu a.c d.c ene feb mar abr may jun jul ago
            sep sept oct nov dic vol ed cap cía dcha izq excmo excma ilmo ilma pza s.a s.l hnos vda prov esq
            adm admón atte fdo ib ibíd pral rte vid""",
        "may_end": "etc a.m p.m",
        "number": "pág págs p pp párr párrf núm art cap vol no nº n.º n° tel lun mié jue vie sáb",
        "starters": """el la los las un una unos unas lo yo tú él ella nosotros ellos ellas usted ustedes este esta
            estos estas eso esto ese esa pero y o si no sí cuando donde como qué quién cómo cuándo dónde por
            porque para en con sin de desde después antes luego entonces también tampoco mi mis su sus nuestro
            hay es era fue ya aquí allí hoy ayer al del""",
    },
    "it": {
        "never": "sig sigg sig.ra dott dott.ssa prof avv ing arch on geom rag dir",
        "abbr": """es ca c.a cfr ss sgg gen feb mar apr mag giu lug ago set ott nov dic s.p.a s.r.l ed vol a.c d.c
            p.es c.d f.lli mons rev sen tab""",
        "may_end": "ecc etc",
        "number": "pag pagg p pp cap art n nr n° fig vol tel",
        "starters": """il lo la i gli le l un uno una io tu lui lei noi voi loro questo questa quello quella ma e o
            se non sì quando dove come che chi perché cosa per in con su da di dopo prima poi allora anche mio
            mia suo sua è era c ci nel nella al alla del della""",
    },
    "pt": {
        "never": "sr sra srta dr dra prof profa eng exmo exma",
        "abbr": "p.ex ex av r dep jan fev mar abr mai jun jul ago set out nov dez vol ed cap",
        "may_end": "etc",
        "number": "pág p pp cap art n nº n.º fig vol tel",
        "starters": """o a os as um uma eu tu ele ela nós eles elas você este esta isso isto esse essa mas e ou se
            não sim quando onde como que quem porque por para em com sem de depois antes então também meu minha
            seu sua é era foi já aqui hoje no na do da ao""",
    },
    "nl": {
        "never": "dhr mevr mw dr drs ir ing prof mr st",
        "abbr": """bijv bv d.w.z o.a m.a.w ca jl jan feb mrt apr jun jul aug sep okt nov dec e.d i.p.v m.b.t
            resp v.d blz tel""",
        "may_end": "enz etc",
        "number": "nr blz p art",
        "suffix": "str",
        "starters": """de het een ik jij je hij zij ze wij we u jullie dit dat deze die er hier daar maar en of want
            dus toen nu als wat wie waar waarom hoe wanneer in op aan met voor na bij van uit over mijn zijn haar
            ons hun geen niet alle ook""",
    },
    "da": {
        "months": "januar februar marts april maj juni juli august september oktober november december",
        "never": "hr fru frk dr prof skt",
        "abbr": """st f.eks bl.a dvs d.v.s ca jf jvf evt ang vedr inkl incl ekskl gl kl pga p.g.a stk mio mia mht vha
            t.o.m fx adr afd alm anm eks fhv hhv kap kgl lign maks pct pr resp sml e.kr f.kr ugtl
            jan feb mar apr jun jul aug sep sept okt nov dec tirs ons tors fre lør søn""",
        "may_end": "mv osv etc",
        "number": "nr n° nº s tlf kr",
        "starters": """den det de en et jeg du han hun vi i man der her men og eller hvis når hvor hvordan hvad hvem
            hvorfor så da nu på med til fra for om efter før min mit sin sit hans hendes vores ikke ja nej
            alle også""",
    },
    "nb": {
        "months": "januar februar mars april mai juni juli august september oktober november desember",
        "never": "hr fru frk dr prof",
        "abbr": """f.eks bl.a dvs ca jf evt ang vedr inkl kl pga stk mill mrd o.l jan feb mar apr jun jul aug sep
            okt nov des""",
        "may_end": "mv m.m osv etc",
        "number": "nr n° nº s tlf kr",
        "starters": """den det de en et jeg du han hun vi dere man der her men og eller hvis når hvor hvordan hva
            hvem hvorfor så da nå i på med til fra for om etter før min mitt sin sitt hans hennes vår ikke ja
            nei alle også""",
    },
    "sv": {
        "never": "hr fru frk dr prof",
        "abbr": """t.ex bl.a dvs ca jfr resp ang inkl exkl kl p.g.a st milj mdr fr.o.m t.o.m jan feb mar apr jun
            jul aug sep okt nov dec""",
        "may_end": "m.m osv o.s.v etc m.fl",
        "number": "nr s tel kr",
        "starters": """den det de en ett jag du han hon vi ni man där här men och eller om när var hur vad vem
            varför så då nu i på med till från för efter före min mitt sin sitt hans hennes vår inte ja nej alla
            också""",
    },
    "fi": {
        "never": "tri prof toht",
        "abbr": "esim mm ns ks huom n klo os ap ip eaa jaa milj mrd",
        "may_end": "jne yms ym",
        "number": "s nro puh",
        "starters": """se ne hän he minä me sinä te tämä tuo nämä ja mutta tai jos kun missä miten mitä kuka miksi
            niin sitten nyt täällä siellä jo vielä kaikki minun sinun hänen ei kyllä myös""",
    },
    "pl": {
        "never": "p dr prof mgr inż hab ks",
        "abbr": "np tzn tj m.in ul al pl godz r w ok wg zob tys mln mld ds jw ww",
        "may_end": "itd itp",
        "number": "nr str s tel zł",
        "starters": """to ten ta te ja ty on ona ono my wy oni one ale i a lub albo czy jeśli gdy kiedy gdzie jak co
            kto dlaczego w we na z ze po do od dla przez potem teraz tu tam już jeszcze wszyscy mój moja jego jej
            ich nasz nie tak jednak dlatego""",
    },
    "cs": {
        "months": "ledna února března dubna května června července srpna září října listopadu prosince leden únor březen duben květen červen červenec srpen říjen listopad prosinec",
        "never": "p pí dr prof ing mgr doc judr mudr phdr rndr bc",
        "abbr": "např tzn tj aj mj ul nám r st tis mil mld min max cca resp popř tzv",
        "may_end": "atd apod",
        "number": "č s str tel kč",
        "starters": """to ten ta ty já on ona ono my vy oni ale a i nebo jestli když kdy kde jak co kdo proč v ve na
            s se z ze po do od pro pak potom teď tady tam už ještě všichni můj moje jeho její jejich náš ne ano
            tak však proto""",
    },
    "sk": {
        "months": "januára februára marca apríla mája júna júla augusta septembra októbra novembra decembra január február marec apríl máj jún júl august september október november december",
        "never": "p dr prof ing mgr doc judr mudr phdr rndr paeddr bc",
        "abbr": """napr tzn tj t.j ul nám r st tis mil mld min max cca resp tzv hod sek roč zv obr tab kap pozn
            príp popr spol odd""",
        "may_end": "atď apod",
        "number": "č s str tel",
        "starters": """to ten tá tie ja ty on ona ono my vy oni ale a i alebo ak keď kedy kde ako čo kto prečo v vo
            na s so z zo po do od pre potom teraz tu tam už ešte všetci môj moja jeho jej ich náš nie áno tak
            však preto""",
    },
    "sl": {
        "never": "dr prof ga g",
        "abbr": "npr tj oz ul l st tel",
        "may_end": "itd ipd",
        "number": "št str s",
        "starters": """on ona ono oni jaz mi ti vi to ta ali in a če ko kdaj kje kako kaj kdo zakaj v na s z po do od
            za nato zdaj tukaj tam že še vsi moj ne da""",
    },
    "hr": {
        "never": "dr prof ing mr gosp gđa g",
        "abbr": "tj npr sl tzv ul god st mil mlrd",
        "may_end": "itd",
        "number": "br str tel kn",
        "starters": """on ona ono oni ja mi ti vi to ovaj ova ovo taj ta ali i a ili ako kad kada gdje kako što tko
            zašto u na s sa po do od za nakon prije tada sada ovdje tamo već još svi moj ne da""",
    },
    "et": {
        "never": "hr pr dr prof",
        "abbr": "nt vt u a saj mln mld",
        "may_end": "jne jms",
        "number": "lk nr tel",
        "starters": """see need tema nad mina meie sina teie ja aga või kui kus kuidas mis kes miks siis nüüd siin
            seal juba veel kõik minu ei jah ka""",
    },
    "lv": {
        "never": "dr prof",
        "abbr": "piem t.i t.s",
        "may_end": "utt u.c",
        "number": "lpp nr tel",
        "starters": """viņš viņa viņi es mēs tu jūs tas šis šī bet un vai ja kad kur kā kas kāpēc tad tagad šeit
            tur jau vēl visi mans ne jā arī""",
    },
    "lt": {
        "never": "dr prof doc",
        "abbr": "pvz t.y g m a",
        "may_end": "kt pan",
        "number": "psl nr tel",
        "starters": """jis ji jie aš mes tu jūs tai šis ši bet ir ar jei kai kur kaip kas kodėl tada dabar čia ten
            jau dar visi mano ne taip""",
    },
    "hu": {
        "never": "dr prof özv ifj id",
        "abbr": "pl ill vö ld kb db u krt jan febr márc ápr jún júl aug szept okt nov dec",
        "may_end": "stb",
        "number": "sz tel ft",
        "starters": """a az egy ő ők én mi te ti ez ezek azok de és vagy ha amikor hol hogyan ki miért akkor most
            itt ott már még minden nem igen is""",
    },
    "ro": {
        "never": "dl dna dra dr prof ing",
        "abbr": "str ian feb mar apr iun iul aug sept oct nov dec cap vol",
        "may_end": "etc ș.a ș.a.m.d",
        "number": "nr tel pag p art",
        "starters": """el ea ei ele eu noi tu voi acesta aceasta acestea dar și sau dacă când unde cum ce cine de în
            la cu pe din după înainte apoi acum aici acolo deja încă toți meu nu da un o""",
    },
    "ca": {
        "never": "sr sra srta dr dra prof",
        "abbr": "p.ex ex av pl gen febr març abr maig jun jul ag set oct nov des",
        "may_end": "etc",
        "number": "pàg p núm tel art",
        "starters": """el la els les l un una jo tu ell ella nosaltres ells aquest aquesta això però i o si quan on
            com què qui per a en amb sense de després abans llavors ara aquí allà ja encara tots meu no sí""",
    },
    "gl": {
        "never": "sr sra dr dra prof",
        "abbr": "p.ex ex av r xan feb mar abr mai xuñ xul ago set out nov dec cap vol",
        "may_end": "etc",
        "number": "páx p núm art tel",
        "starters": """o a os as un unha eu ti el ela nós eles este esta isto pero e ou se non si cando onde como que
            quen por para en con sen de despois antes entón agora aquí alí xa aínda todos meu""",
    },
    "tr": {
        "never": "dr prof doç av yrd sn alb gen yzb",
        "abbr": "örn bkz cad sok mah apt bl yy",
        "may_end": "vb vs",
        "number": "s no tel",
        "starters": """bu şu o bir ben sen biz siz onlar ama ve veya eğer ne kim neden nasıl nerede sonra önce şimdi
            burada orada artık hâlâ hepsi benim onun değil evet hayır da de""",
    },
    "id": {
        "never": "dr prof ir h hj sdr bpk yth",
        "abbr": "jl tsb a.n u.p s.d",
        "may_end": "dll dsb dst",
        "number": "no tel hlm",
        "starters": """dia ia mereka saya aku kami kita kamu anda ini itu tetapi tapi dan atau jika kalau ketika di
            mana bagaimana apa siapa mengapa kenapa ke dari untuk dengan setelah sebelum lalu kemudian sekarang
            sini sana sudah masih semua tidak ya juga""",
    },
    "vi": {
        "never": "ts gs pgs ths bs",
        "abbr": "tp q p",
        "may_end": "v.v",
        "number": "tr số",
        "starters": """tôi chúng anh chị em ông bà nó họ đây đó này nhưng và hoặc nếu khi ở như thế nào gì ai tại
            sau trước rồi bây""",
    },
    "tl": {
        "never": "g gng bb dr",
        "abbr": "",
        "may_end": "atbp",
        "number": "blg p",
        "starters": """ang mga si siya sila ako kami tayo ikaw kayo ito iyan iyon pero at o kung kapag saan paano
            ano sino bakit sa ng pagkatapos ngayon dito doon na pa lahat hindi oo rin din""",
    },
    "eo": {
        "never": "s-ro s-ino d-ro prof",
        "abbr": "ekz t.e",
        "may_end": "k.t.p k.s",
        "number": "p n-ro",
        "starters": """la li ŝi ĝi ili mi ni vi tio ĉi sed kaj aŭ se kiam kie kiel kio kiu kial en al de kun por
            post antaŭ poste nun tie jam ankoraŭ ĉiuj mia ne jes ankaŭ""",
    },
    "sq": {
        "never": "z znj dr prof",
        "abbr": "p.sh rr",
        "may_end": "etj",
        "number": "nr tel f",
        "starters": """ai ajo ata ato unë ne ti ju ky kjo këto por dhe ose në kur ku si çfarë kush pse pas para tani
            këtu atje tashmë ende të im nuk po gjithashtu""",
    },
    "ga": {
        "never": "dr",
        "abbr": "m.sh",
        "may_end": "srl",
        "number": "uimh lch",
        "starters": "an na is tá bhí agus ach nó má nuair cá conas cad cé sé sí siad mé muid tú sibh seo sin",
    },
    "eu": {
        "never": "dr",
        "abbr": "adib k",
        "may_end": "etab",
        "number": "or zk",
        "starters": """hau hori hura ni gu zu zuek baina eta edo baldin noiz non nola zer nor zergatik gero orain
            hemen han jada oraindik denak nire ez bai ere""",
    },
    "ms": {
        "never": "dr prof en tn pn",
        "abbr": "jln",
        "may_end": "dll dsb",
        "number": "no tel hlm",
        "starters": """dia ia mereka saya aku kami kita kamu anda ini itu tetapi dan atau jika kalau ketika di mana
            bagaimana apa siapa mengapa ke dari untuk dengan selepas sebelum kemudian sekarang sini sana sudah
            masih semua tidak ya juga""",
    },
    "az": {
        "never": "prof dr akad",
        "abbr": "məs küç",
        "may_end": "",
        "number": "səh",
        "starters": """bu o bir mən sən biz siz onlar amma və ya əgər nə kim niyə necə harada sonra əvvəl indi burada
            orada artıq hələ hamısı mənim deyil bəli də""",
    },
}

# Languages that write ordinals with a period and capitalise the nouns after them
# ("am 12. Juni", "im 19. Jahrhundert"): there a number before a capital ends a
# sentence only before a word that opens one. Danish, Czech, Finnish, Hungarian,
# Turkish … write ordinals with a period too, but the word after them is in lower
# case ("den 24. december"), which runs on anyway; a capital after a number ends
# the sentence there ("nr. 7. Kom forbi!").
ORDINAL_PERIOD = frozenset({"de", "lb"})

# Languages where a Roman numeral with a period is an ordinal ("XII. pluk", "Ludwig XIV.", "II. verdenskrig"):
# it ends a sentence only before a word that opens one.
ROMAN_ORDINAL = ORDINAL_PERIOD | {"cs", "sk", "sl", "hr", "hu", "da", "nb", "fi", "et"}

# Spelled like a language above: Norwegian Nynorsk and "no" as Bokmål, Serbian and Bosnian in Latin as Croatian.
ALIASES = {"nn": "nb", "no": "nb", "sr-latn": "hr", "bs": "hr"}
