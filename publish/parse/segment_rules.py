"""Per-language data for the sentence rules that publish layers on top of sentencex.

sentencex (Wikimedia) knows each language's general abbreviations. These lists add what
patient handouts are full of and general-purpose segmenters get wrong: dose abbreviations
("1 tsp. (5 mL)"), units, times ("10 a.m. Please arrive"), country abbreviations ("in the
U.S. Doctors say"), letters that name vitamins and types ("vitamin D. It helps") and the
words that open a sentence, imperatives above all ("Call", "Take", "Please").

A language without its own entry gets the language-neutral rules only (lists, ellipses,
parentheses, inverted marks, lower-case continuations), and `rules_for` says so.
"""

from __future__ import annotations

from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True)
class LanguageRules:
    language: str
    # A period after these never ends a sentence: titles and abbreviations that stand
    # before a name or a number ("Dr. Lee", "e.g. toast", "Fig. 2"). Lower case, without the
    # final period; inner periods and spaces as written ("p. ej").
    never_end: frozenset[str] = frozenset()
    # These may end a sentence: a boundary only when the next word is an opener. Doses
    # ("1 tsp. (5 mL)" but "Wait 1 hr. Then eat"), countries ("U.S. How about you?" but
    # "U.S. Government"), degrees and companies.
    may_end: frozenset[str] = frozenset()
    # Times: a boundary before any capitalized word except a day, month or time zone, unless
    # the sentence so far is only a time phrase ("At 5 a.m. Mr. Smith went").
    times: frozenset[str] = frozenset()
    # Units of measure: a period after them ends the sentence before a capital ("500 mg. Do").
    units: frozenset[str] = frozenset()
    # "No." as an answer ends a sentence; before a number it abbreviates "number".
    number_sign: frozenset[str] = frozenset()
    # Words that name a letter ("vitamin D", "type A", "hepatitis B"): that letter's period
    # ends the sentence before a capital, unlike an initial ("Jonas E. Smith").
    letter_names: frozenset[str] = frozenset()
    # Words that open sentences (lower case): after a "may end" abbreviation they mean a
    # new sentence begins.
    openers: frozenset[str] = frozenset()
    # Capitalized words that continue a time ("10 a.m. Monday to Friday").
    time_followers: frozenset[str] = frozenset()
    # Prepositions that make "At 5 a.m." a phrase rather than a sentence.
    time_prepositions: frozenset[str] = frozenset()
    # The subject pronoun "I", which may follow an ellipsis mid-sentence ("is . . . I mean").
    first_person: frozenset[str] = frozenset()


_UNITS = _words("mg g kg mcg µg ug ml mL l L dl dL cm mm m km lb lbs kcal cal iu IU mmol")

ENGLISH = LanguageRules(
    language="en",
    never_end=_words(
        """
        mr mrs ms mx dr prof rev hon st vs cf e.g i.e fig figs nos ca dept univ gen col lt
        sgt capt mt ft ave blvd p pp ch sec eq al ext tel
        """
    ),
    may_end=_words(
        """
        tsp tsps tbsp tbsps tab tabs cap caps oz fl hr hrs min mins max approx qty gtt gtts
        amp amps inj susp soln supp vol
        u.s u.s.a u.k e.u u.n m.d ph.d d.o r.n n.p b.sc m.sc inc ltd co corp jr sr
        """
    ),
    times=_words("a.m p.m"),
    units=_UNITS,
    number_sign=_words("no"),
    letter_names=_words(
        """
        vitamin vitamins hepatitis type types group grade stage class factor plan part
        schedule zone level phase step option appendix section room ward wing building
        """
    ),
    openers=_words(
        """
        the this that these those it its he she they we you i a an in on at for but and or
        if when while after before our your their there here what why how some most many
        one two all each every however also then so as with now today tomorrow please
        call take tell ask bring come do don't go make keep stop use wash get give read
        talk let eat drink avoid be check wear write visit contact follow try rest put
        clean wait remember find have see sign fill learn plan doctors nurses patients
        people children adults women men parents family families staff no yes not never
        always only most more less other others both either neither his her my
        """
    ),
    time_followers=_words(
        """
        monday tuesday wednesday thursday friday saturday sunday mondays tuesdays
        wednesdays thursdays fridays saturdays sundays january february march april may june
        july august september october november december eastern central mountain pacific
        est edt cst cdt mst mdt pst pdt et ct mt pt utc gmt
        """
    ),
    time_prepositions=_words("at by from before after until till around about on since"),
    first_person=_words("i i'm i've i'd i'll i’m i’ve i’d i’ll"),
)

SPANISH = LanguageRules(
    language="es",
    never_end=_words(
        """
        sr sra srta sres dr dra dres dras lic ing prof profa d dña ud uds vd vds
        p. ej pág págs núm fig art ej ee
        """
    ),
    may_end=_words(
        "cdta cdtas cda cdas comp caps cap tab tabs gts máx mín aprox vol ee. uu ee.uu u.s s.a cía ltda"
    ),
    times=_words("a. m p. m a.m p.m"),
    units=_UNITS,
    number_sign=_words("no"),
    letter_names=_words("vitamina vitaminas hepatitis tipo grupo grado etapa fase clase factor"),
    openers=_words(
        """
        el la los las lo un una unos unas su sus este esta estos estas ese esa esos esas
        si cuando pero y o no sí también luego después antes hay es está son usted
        ustedes ella él ellos ellas nosotros yo mi mis tu tus hoy mañana por para en con
        llame tome traiga venga pida use lávese descanse hable pregunte espere beba coma
        evite siga lea vea visite firme lleve haga tenga deje guarde aplique
        médicos enfermeras pacientes niños adultos mujeres hombres padres familias
        """
    ),
    time_followers=_words(
        """
        lunes martes miércoles jueves viernes sábado domingo enero febrero marzo abril
        mayo junio julio agosto septiembre setiembre octubre noviembre diciembre
        """
    ),
    time_prepositions=_words("a las la desde hasta antes después de"),
)

NEUTRAL = LanguageRules(language="")
_BY_LANGUAGE = {"en": ENGLISH, "es": SPANISH}


def rules_for(language: str) -> tuple[LanguageRules, str | None]:
    """The rules for a BCP 47 tag, and a note naming the fallback when publish has none."""
    primary = language.split("-")[0].lower()
    found = _BY_LANGUAGE.get(primary)
    if found is not None:
        return found, None
    return NEUTRAL, (
        f"sentence rules: publish has no rules for '{language}', so sentencex's rules for "
        "it are used with publish's language-neutral ones (lists, ellipses, parentheses)"
    )
