"""The English words and patterns the PEMAT-P estimate reads the text with: instruction verbs,
purpose phrases, vague headings, summary headings, unclear numbers and arithmetic."""

from __future__ import annotations

import re

# Verbs a handout tells its reader to do things with, in their base (imperative) form.
_VERBS = """
    add apply ask avoid bathe be bring brush buy call cancel change check choose clean come
    contact cook count cover cut dial discuss do drink drive eat empty fill find follow get
    give go have hold keep learn let limit list look make mark measure move note open pick
    plan prepare press protect put read record remember remove repeat replace report rest
    return rinse schedule see seek share show sign sit sleep speak start stay stop store
    take talk tell throw tick try turn use visit wait walk wash watch wear weigh write
"""
VERBS = frozenset(_VERBS.split())
# What may come before the verb of an instruction: "Please call", "Always wash", "Do not".
_LEAD_INS = "please always never also then next now first finally gently slowly don't do not"
LEAD_INS = frozenset(_LEAD_INS.split())
CONDITIONS = re.compile(
    r"^(?:if|when|whenever|after|before|until|once|while|as soon as|each|every)\b[^,]*,\s*",
    re.IGNORECASE,
)
PURPOSE = re.compile(
    r"\b(?:this (?:handout|leaflet|sheet|page|guide|booklet|article|brochure|information|"
    r"document|fact sheet)|(?:tells|explains|shows|helps) you|you will (?:learn|find|read)|"
    r"is about|will help you|what (?:to|you should|you need to) (?:do|know|expect)|how to|"
    r"when to|why you|is for)\b",
    re.IGNORECASE,
)
PURPOSE_TITLE = re.compile(
    r"\b(?:how to|what to|when to|your guide|guide to|caring for|living with|after your|"
    r"before your|preparing for)\b",
    re.IGNORECASE,
)
VAGUE_HEADING = re.compile(
    r"^(?:introduction|overview|background|other|others|other information|miscellaneous|"
    r"general|general information|more|more information|information|notes|details|"
    r"(?:part|section|chapter) [\divx]+)[.:!]?$",
    re.IGNORECASE,
)
SUMMARY_HEADING = re.compile(
    r"^(?:summary|in summary|key points?|key messages?|main points|the main points|"
    r"in (?:short|brief)|remember|things to remember|what to remember|points to remember|"
    r"take-?aways?|key take-?aways?|the bottom line|at a glance|quick facts)\b",
    re.IGNORECASE,
)
# Numbers a reader has to work at: percentages, fractions and decimals.
UNCLEAR_NUMBER = re.compile(
    r"\d+(?:\.\d+)?\s?%|\b(?:per ?cent|percentage)\b|(?<![\d/])\d+/\d+(?![\d/])|[½⅓⅔¼¾⅕⅛]"
    r"|\b\d+\.\d+\b",
    re.IGNORECASE,
)
NUMBER = re.compile(r"\d|[½⅓⅔¼¾⅕⅛]")
# What asks the reader to do arithmetic.
CALCULATION = re.compile(
    r"\b(?:calculate|calculating|add up|multiply|divide|subtract|work out how (?:many|much)|"
    r"figure out how (?:many|much)|per (?:kg|kilogram|pound)|mg/kg|times your weight)\b",
    re.IGNORECASE,
)
YOU = re.compile(r"\b(?:you|your|yours|yourself)\b", re.IGNORECASE)
# Actions told about someone else: "Patients should rest", "The patient must not drive".
THIRD_PERSON_ACTION = re.compile(
    r"\b(?:patients?|people|persons?|individuals?|the reader|one|he|she|they|caregivers?)\s+"
    r"(?:should|must|need to|needs to|have to|has to|ought to|can|may)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z']+")
# A second action chained in the same step: "Wash the cut and cover it", "then call".
CHAINED = re.compile(r"(?:,|\band\b|\bthen\b)\s+(?:then\s+)?([a-z']+)", re.IGNORECASE)


def imperative(text: str) -> str:
    """The instruction verb a sentence starts with ("call" in "If it bleeds, call 911."), or
    "" when it is not an instruction. A question is not one."""
    if text.rstrip().endswith("?"):
        return ""
    rest = CONDITIONS.sub("", text.strip(), count=1)
    tokens = [t.lower() for t in _WORD.findall(rest)[:4]]
    while tokens and tokens[0] in LEAD_INS:
        if tokens[0] == "do" and len(tokens) > 1 and tokens[1] in ("not", "n't"):
            tokens = tokens[2:]
            continue
        if tokens[0] == "do" and len(tokens) > 1 and tokens[1] not in VERBS:
            return "do"
        tokens = tokens[1:]
    return tokens[0] if tokens and tokens[0] in VERBS else ""


def actions_in(text: str) -> list[str]:
    """The instruction verbs of one step: its first, and any chained after it."""
    first = imperative(text)
    if not first:
        return []
    chained = [m.group(1).lower() for m in CHAINED.finditer(text)]
    return [first, *(verb for verb in chained if verb in VERBS and verb not in ("be", "have"))]
