"""Find card-worthy facts in a sentence: when, which tier, who.

Each finder works on the sentence's match form (straight quotes, plain dashes,
same length as the text), so a mention's span indexes the sentence text too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quizapp import textfold
from quizapp.builder.grammar import (
    AUXILIARIES,
    DEMONSTRATIVES,
    DETERMINERS,
    PREPOSITIONS,
    PRONOUNS,
    Clause,
    Token,
    clauses,
    is_past,
    tokenize,
    verb_lemma,
)

# Indexed by month number; index 0 is unused.
MONTH_NAMES = ("", *textfold.MONTH_NAMES)
MONTH_ABBR = ["", "Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.",
              "Oct.", "Nov.", "Dec."]  # fmt: skip

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.)"
)
_YEAR = r"(?:1[0-9]\d\d|20\d\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_SEASON = r"(?:spring|summer|autumn|fall|winter)"
_PART = r"(?:(?:early|late|mid)[\s-]+)"

# Most specific first; a later pattern never overlaps an earlier match.
DATE_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("date", re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR})\b")),
    ("date", re.compile(rf"\b(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})\b")),
    (
        "range",
        re.compile(
            rf"\b(?:[Ff]rom\s+|[Bb]etween\s+)(?P<y>{_YEAR})\s+(?:to|until|through|and)\s+(?P<y2>{_YEAR})\b"
        ),
    ),
    ("range", re.compile(rf"\b(?P<y>{_YEAR})\s*[-/]\s*(?P<y2>{_YEAR}|\d\d)\b(?![-/]\d)")),
    (
        "monthrange",  # 'between June and September 2008', 'from May to July 2010'
        re.compile(
            rf"\b(?:[Ff]rom|[Bb]etween)\s+(?P<m>{_MONTH})\s+(?:to|until|through|and)\s+"
            rf"(?P<m2>{_MONTH}),?\s+(?P<y>{_YEAR})\b"
        ),
    ),
    ("month", re.compile(rf"\b(?P<p>{_PART})?(?P<m>{_MONTH})\s+(?:of\s+)?(?P<y>{_YEAR})\b")),
    (
        "season",
        re.compile(rf"\b(?:the\s+)?(?P<p>{_PART})?(?P<s>{_SEASON})\s+(?:of\s+)?(?P<y>{_YEAR})\b"),
    ),
    (
        "decade",
        re.compile(r"\b(?:the\s+)?(?P<p>(?:early|late|mid)[\s-]+)?(?P<y>1[0-9]\d0|20\d0)'?s\b"),
    ),
    (
        "century",
        re.compile(
            r"\b(?:the\s+)?(?P<p>(?:early|late|mid)[\s-]+)?(?P<c>\d{1,2})(?:st|nd|rd|th)"
            r"[\s-]+century\b(?:\s+(?P<era>BC|BCE|AD|CE)\b)?"
        ),
    ),
    ("year", re.compile(r"\b(?P<y>\d{1,4})\s+(?P<era>BC|BCE|B\.C\.|AD|A\.D\.|CE)(?![A-Za-z])")),
    ("year", re.compile(r"\b(?P<era>AD|A\.D\.)\s+(?P<y>\d{1,4})\b")),
    ("year", re.compile(rf"(?<![\d$£€.,/-])\b(?P<p>{_PART})?(?P<y>{_YEAR})\b(?![\d%]|[.,]\d)")),
]

# "(Richard 1999)", "(Smith and Jones 2003, p. 4; Lee 2001a)", "Shelley (2005)":
# a year that only dates a publication is not an event.
CITATION_RE = re.compile(
    r"\((?:see\s+|cf\.\s+|e\.g\.,?\s+)?"
    r"(?:[A-Z][\w'’-]+(?:\s+(?:and|&)\s+[A-Z][\w'’-]+|\s+et\s+al\.?)*,?\s+\d{4}[a-z]?"
    r"(?:[,:]\s*(?:pp?\.\s*)?\d+(?:[-–]\d+)?)?(?:;\s*|,\s*)?)+\)"
    r"|\b[A-Z][\w'’-]+(?:\s+et\s+al\.)?\s+\(\d{4}[a-z]?(?:[,:]\s*(?:pp?\.\s*)?\d+)?\)"
)
_COUNT_BEFORE = frozenset(
    [
        "about",
        "some",
        "nearly",
        "over",
        "than",
        "approximately",
        "around",
        "roughly",
        "almost",
        "least",
        "only",
        "total",
        "of",
        "additional",
        "another",
    ]
)
_YEAR_PREPS = frozenset(
    [
        "in",
        "by",
        "since",
        "until",
        "till",
        "during",
        "from",
        "to",
        "before",
        "after",
        "of",
        "around",
        "circa",
        "and",
        "through",
        "between",
        "as",
        "early",
        "late",
        "mid",
    ]
)

TIER_WORDS = {"1": 1, "2": 2, "3": 3, "one": 1, "two": 2, "three": 3, "i": 1, "ii": 2, "iii": 3}
TIER_RE = re.compile(
    r"\b(?P<scheme>[Tt]ier)\s+(?P<n>[123]|[Oo]ne|[Tt]wo|[Tt]hree|III|II|I)\b"
    r"(?P<watch>\s+[Ww]atch\s+[Ll]ist)?"
)
RANK_RE = re.compile(
    r"\b(?P<scheme>Category|Level|Class|Grade|Division|Band|Group|League|Phase|Stage|Tier)"
    r"\s+(?P<n>\d{1,2}|[A-F]|One|Two|Three|Four|Five|Six|I{1,3}|IV|V|VI)\b"
)
PLACEMENT_RE = re.compile(
    r"(?i)\b(placed|place[sd]?|ranked|ranks?|rated|rates?|classified|classed|downgraded|"
    r"upgraded|promoted|relegated|moved|raised|lowered|remained|remains?|stayed|dropped|fell|"
    r"rose|elevated|listed|put|demoted|reclassified|slipped|climbed|returned|assigned|kept|"
    r"designated|made landfall as|strengthened|weakened|intensified|reached|became)\b"
)
_TIER_PREPS = frozenset(["in", "to", "into", "on", "at", "as", "from", "onto"])

ROLE_WORDS = (
    "prime minister|deputy prime minister|minister|president|vice president|vice-president|"
    "secretary|senator|congressman|congresswoman|governor|ambassador|director|chairman|"
    "chairwoman|chair|chief executive|chief|spokesman|spokeswoman|spokesperson|leader|king|"
    "queen|emperor|empress|prince|princess|general|admiral|colonel|captain|commander|professor|"
    "analyst|advisor|adviser|official|mayor|judge|justice|founder|editor|author|economist|"
    "historian|scientist|physicist|chemist|writer|poet|composer|artist|activist|lawyer|"
    "attorney|prosecutor|coach|manager|explorer|navigator|pope|bishop|archbishop|cardinal|"
    "chancellor|premier|sultan|tsar|czar|pharaoh|inventor|engineer|architect|researcher|"
    "reporter|journalist|correspondent|diplomat|envoy|commissioner|lieutenant|sergeant|officer|"
    "inspector|detective|astronaut|pilot|philosopher|mathematician|astronomer|biologist|"
    "physician|doctor|novelist|painter|sculptor|singer|actor|actress|ceo|chairperson|"
    "head|representative|delegate|speaker|rapporteur|coordinator|negotiator|sheriff|warden|"
    "superintendent|dean|rector|principal|captain|skipper|striker|goalkeeper|champion|"
    "governor-general|consul|mp|reverend|rev\\.|councilman|councilwoman|councillor|alderman|"
    "watchman|sailor|farmer|teacher|nurse|soldier|merchant|grandfather|grandmother|"
    "great-uncle|great-aunt|great-grandfather|great-grandmother|uncle|aunt|father|mother|"
    "brother|sister|son|daughter|wife|husband|cousin|nephew|niece|friend|owner|foreman|"
    "priest|rabbi|imam|monk|nun|missionary|chemist|surgeon|banker|lawmaker|legislator|"
    "cmdr\\.|gen\\.|adm\\.|col\\.|capt\\.|lt\\.|sgt\\.|gov\\.|sen\\.|prof\\."
)
# abbreviated titles, spelled out in questions ('Which commander ...')
ROLE_ABBREVIATIONS = {
    "cmdr.": "commander",
    "gen.": "general",
    "adm.": "admiral",
    "col.": "colonel",
    "capt.": "captain",
    "lt.": "lieutenant",
    "sgt.": "sergeant",
    "gov.": "governor",
    "sen.": "senator",
    "prof.": "professor",
}
_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
_NAME_WORD = rf"(?:[{_UP}][{_LO}]+(?:['’-][{_UP}]?[{_LO}]+)?|[A-Z]\.)"
ROLE_NAME_RE = re.compile(
    rf"(?P<role>\b(?i:{ROLE_WORDS})(?:\s+of\s+(?:the\s+)?[A-Z][a-z]+)?)\s+"
    rf"(?P<name>{_NAME_WORD}(?:\s+(?:(?:de|van|von|der|da|bin|al|la|le|du)\s+)?{_NAME_WORD}){{0,3}})"
)
_NAMES = rf"{_NAME_WORD}(?:\s+(?:(?:de|van|von|der|da|bin|al|la|le|du)\s+)?{_NAME_WORD}){{1,3}}"
# 'Ferdinand de Lesseps, the diplomat who ...', 'Goethals, an army engineer'
APPOSITIVE_AFTER_RE = re.compile(
    rf"(?P<name>{_NAMES}),\s+(?:the|a|an)\s+(?P<role>(?:[\w-]+\s+){{0,3}}?(?i:{ROLE_WORDS}))\b"
)
# 'My grandfather, Samuel Whitcomb, was ...', 'the minister, Reverend Amos Clarke, asked'
APPOSITIVE_BEFORE_RE = re.compile(
    rf"\b(?:[Mm]y|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir|[Oo]ur|[Tt]he)\s+(?P<role>(?i:{ROLE_WORDS})),\s+"
    rf"(?:(?i:{ROLE_WORDS})\s+)?(?P<name>{_NAMES}),"
)
# '"...," said Maria Lopez, director of ...': the speaker after the verb of saying
SAID_NAME_RE = re.compile(
    rf"\b(?:said|says|added|explained|noted|told)\s+(?P<name>{_NAMES})\b(?!['’])"
)
# 'R. K. Narayan's novel The Financial Expert': the author of a named work
WORK_OWNER_RE = re.compile(
    rf"\b(?P<name>{_NAMES})['’]s\s+(?:(?:first|last|early|late|later|best-known|famous)\s+)?"
    r"(?:novel|book|memoir|film|play|poem|essay|study|treatise|biography|opera|album)\b"
)
# 'proposed by Kevin Bales', 'published by the Walk Free Foundation': the agent of a passive
# or of a nominalisation ('the adoption of the Protocol by the UN General Assembly')
_CAP = r"(?:[A-Z][\w’'.-]*)"
BY_AGENT_RE = re.compile(
    rf"\b(?:by|[Aa]ccording\s+to)\s+(?P<name>(?:the\s+)?{_CAP}(?:\s+(?:(?:of|for|on|and)\s+(?:the\s+)?)?{_CAP})+)"
)
# 'an old sailor named Patrick Doyle'
NAMED_RE = re.compile(rf"\b(?:named|called)\s+(?P<name>{_NAMES})")

# Words that make a capitalised phrase an organisation or a thing, not a person.
ORG_WORDS = frozenset(
    [
        "ministry",
        "department",
        "agency",
        "commission",
        "committee",
        "council",
        "government",
        "parliament",
        "congress",
        "senate",
        "assembly",
        "court",
        "office",
        "bureau",
        "service",
        "union",
        "association",
        "organization",
        "organisation",
        "foundation",
        "institute",
        "university",
        "college",
        "company",
        "corporation",
        "bank",
        "fund",
        "party",
        "army",
        "navy",
        "police",
        "group",
        "report",
        "reports",
        "protocol",
        "convention",
        "act",
        "treaty",
        "law",
        "bill",
        "states",
        "nations",
        "kingdom",
        "republic",
        "federation",
        "church",
        "school",
        "board",
        "centre",
        "center",
        "society",
        "league",
        "club",
        "team",
        "house",
        "administration",
        "authority",
        "network",
        "press",
        "times",
        "news",
    ]
)
NOT_NAMES = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "By",
        "For",
        "From",
        "To",
        "With",
        "Of",
        "And",
        "But",
        "Or",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "His",
        "Her",
        "Its",
        "Their",
        "Our",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Tier",
        "Category",
        "Level",
    ]
)
AGENT_NOUNS = frozenset(
    [
        "government",
        "governments",
        "ministry",
        "ministries",
        "administration",
        "administrations",
        "group",
        "groups",
        "organization",
        "organizations",
        "organisation",
        "organisations",
        "agency",
        "agencies",
        "department",
        "departments",
        "commission",
        "committee",
        "council",
        "parliament",
        "legislature",
        "legislators",
        "lawmakers",
        "officials",
        "official",
        "analyst",
        "analysts",
        "advisor",
        "adviser",
        "advisors",
        "advisers",
        "minister",
        "ministers",
        "president",
        "court",
        "courts",
        "police",
        "army",
        "navy",
        "military",
        "union",
        "unions",
        "party",
        "parties",
        "activists",
        "researchers",
        "scientists",
        "experts",
        "authorities",
        "authority",
        "leaders",
        "leader",
        "ngos",
        "ngo",
        "company",
        "companies",
        "firm",
        "firms",
        "board",
        "team",
        "bank",
        "banks",
        "governor",
        "senate",
        "congress",
        "assembly",
        "delegation",
        "delegates",
        "scholars",
        "historians",
        "critics",
        "observers",
        "investigators",
        "prosecutors",
        "judges",
        "judge",
        "office",
        "bureau",
        "institute",
        "university",
        "federation",
        "coalition",
        "alliance",
        "association",
        "society",
        "members",
        "member",
        "voters",
        "residents",
        "citizens",
        "workers",
        "farmers",
        "troops",
        "soldiers",
        "rebels",
        "settlers",
        "colonists",
        "explorers",
        "crew",
        "engineers",
        "inventors",
        "founders",
        "king",
        "queen",
        "emperor",
        "council",
    ]
)
NON_AGENT_HEADS = frozenset(
    [
        "report",
        "reports",
        "law",
        "laws",
        "bill",
        "bills",
        "act",
        "acts",
        "treaty",
        "treaties",
        "protocol",
        "legislation",
        "pressure",
        "attention",
        "problem",
        "problems",
        "statement",
        "statements",
        "accusations",
        "threats",
        "consequences",
        "campaign",
        "campaigns",
        "idea",
        "ideas",
        "plan",
        "plans",
        "proposal",
        "proposals",
        "amendment",
        "amendments",
        "document",
        "documents",
        "book",
        "books",
        "study",
        "studies",
        "data",
        "evidence",
        "number",
        "numbers",
        "rate",
        "rates",
        "year",
        "years",
        "time",
        "times",
        "way",
        "rights",
        "system",
        "systems",
        "storm",
        "hurricane",
        "war",
        "wars",
    ]
)


@dataclass
class Fact:
    kind: str  # when | tier | who
    answer: str
    aliases: list[str]
    span: tuple[int, int]  # character span of the mention in the sentence text
    subtype: (
        str  # when: year|month|date|season|decade|century|range; tier: scheme; who: person|body
    )
    value: tuple = ()  # sortable value for distractors
    role: str | None = None  # who: 'Russian labor minister' for a role + name mention
    clause: Clause | None = None  # who: the clause whose subject is the answer
    notes: list[str] = field(default_factory=list)


def citation_spans(text: str) -> list[tuple[int, int]]:
    return [
        (m.start(), m.end())
        for m in CITATION_RE.finditer(text)
        if not _WORK_TITLE_BEFORE_RE.search(text, 0, m.end() - len(m.group().split("(")[-1]) - 1)
    ]


# "his novel The Financial Expert (1952)": the year a work appeared, not a citation
_WORK_TITLE_BEFORE_RE = re.compile(
    r"\b(?:novel|book|memoir|film|play|poem|essay|treatise|opera|album|painting)\s+"
    r"(?:[A-Z][\w'’-]*\s+){0,6}[A-Z][\w'’-]*\s*$"
)


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in spans)


# --- when ------------------------------------------------------------------------


def find_dates(text: str, skipped: list[tuple[str, str]] | None = None) -> list[Fact]:
    """Date mentions in ``text`` (match form), most specific pattern per span."""
    cites = citation_spans(text)
    taken: list[tuple[int, int]] = []
    facts: list[Fact] = []
    for subtype, regex in DATE_PATTERNS:
        for m in regex.finditer(text):
            span = (m.start(), m.end())
            if _overlaps(span, taken):
                continue
            if _inside(span, cites):
                taken.append(span)
                if skipped is not None:
                    skipped.append(("citation", m.group()))
                continue
            fact = _date_fact(subtype, m, text)
            if fact is None:
                if skipped is not None and subtype == "year":
                    skipped.append(("number, not a year", m.group()))
                continue
            taken.append(span)
            facts.append(fact)
    facts.sort(key=lambda f: f.span)
    return facts


def _word_before(text: str, pos: int) -> str:
    m = re.search(r"([A-Za-z$£€]+)\W*$", text[max(0, pos - 30) : pos])
    return m.group(1).lower() if m else ""


def _word_after(text: str, pos: int) -> str:
    m = re.match(r"\s*([A-Za-z%]+)", text[pos : pos + 30])
    return m.group(1) if m else ""


def _date_fact(subtype: str, m: re.Match, text: str) -> Fact | None:
    raw = " ".join(m.group().split())
    span = (m.start(), m.end())
    gd = m.groupdict()
    part = (gd.get("p") or "").strip().replace("  ", " ")
    if subtype == "year":
        y = int(gd["y"])
        era = gd.get("era")
        if era is None and not _plausible_year(text, m):
            return None
        if era:
            era_n = era.replace(".", "").upper()
            value = (-y if era_n in ("BC", "BCE") else y,)
            return Fact("when", raw, _dotless(raw), span, "year", value)
        if part:
            return Fact("when", raw, [], span, "year", (y,))
        return Fact("when", str(y), [], span, "year", (y,))
    if subtype == "month":
        month = textfold.MONTH_NUMBERS[gd["m"].lower().rstrip(".")]
        y = int(gd["y"])
        written = gd["m"]
        answer = f"{part + ' ' if part else ''}{written} {y}"
        aliases = []
        if " of " in raw:
            aliases.append(raw)
        full = MONTH_NAMES[month]
        if written != full:
            aliases.append(f"{full} {y}")
        elif MONTH_ABBR[month] != full:
            aliases.append(f"{MONTH_ABBR[month]} {y}")
        return Fact("when", answer, aliases, span, "month", (y, month))
    if subtype == "date":
        month = textfold.MONTH_NUMBERS[gd["m"].lower().rstrip(".")]
        y = int(gd["y"])
        d = int(re.match(r"\d+", gd["d"]).group())
        if not 1 <= d <= 31:
            return None
        full = MONTH_NAMES[month]
        answer = raw.replace(" of ", " ")
        aliases = [a for a in (f"{full} {d}, {y}", f"{d} {full} {y}") if a != answer]
        if raw != answer:
            aliases.append(raw)
        return Fact("when", answer, aliases, span, "date", (y, month, d))
    if subtype == "season":
        season = gd["s"].lower()
        y = int(gd["y"])
        answer = f"{part + ' ' if part else ''}{season} {y}"
        aliases = []
        bare = raw[4:] if raw.lower().startswith("the ") else raw
        for a in (bare, raw):
            if a != answer and a not in aliases:
                aliases.append(a)
        return Fact("when", answer, aliases, span, "season", (y, season))
    if subtype == "decade":
        y = int(gd["y"])
        if y % 10:
            return None
        answer = f"{part + ' ' if part else ''}{y}s"
        aliases = [f"the {answer}"]
        return Fact("when", answer, aliases, span, "decade", (y,))
    if subtype == "century":
        c = int(gd["c"])
        if not 1 <= c <= 21:
            return None
        answer = re.sub(r"^the\s+", "", raw, flags=re.I)
        aliases = [f"the {answer}"]
        return Fact("when", answer, aliases, span, "century", (c,))
    if subtype == "monthrange":
        m1 = textfold.MONTH_NUMBERS[gd["m"].lower().rstrip(".")]
        m2 = textfold.MONTH_NUMBERS[gd["m2"].lower().rstrip(".")]
        if m2 <= m1:
            return None
        y = int(gd["y"])
        a, b = MONTH_NAMES[m1], MONTH_NAMES[m2]
        answer = f"{a}–{b} {y}"
        aliases = [f"{a}-{b} {y}", f"{a} to {b} {y}", f"{a} and {b} {y}", raw]
        return Fact("when", answer, aliases, span, "monthrange", (y, m1, m2))
    if subtype == "range":
        y = int(gd["y"])
        y2s = gd["y2"]
        y2 = int(y2s) if len(y2s) == 4 else (y // 100) * 100 + int(y2s)
        if not y < y2 <= y + 200:
            return None
        if len(y2s) == 2:
            answer = f"{y}–{y2s}"
            aliases = [f"{y}-{y2s}", f"{y}–{y2}", f"{y}-{y2}"]
        else:
            answer = f"{y}–{y2}"
            aliases = [f"{y}-{y2}", f"{y} to {y2}"]
        return Fact("when", answer, aliases, span, "range", (y, y2))
    return None


def _dotless(raw: str) -> list[str]:
    plain = raw.replace(".", "")
    return [plain] if plain != raw else []


def _plausible_year(text: str, m: re.Match) -> bool:
    """A bare four-digit number counts as a year unless it reads as a count."""
    y = int(m.group("y"))
    if not 1000 <= y <= 2099:
        return False
    before = _word_before(text, m.start())
    after = _word_after(text, m.end())
    tail = text[m.end() : m.end() + 2]
    if tail[:1] in (":",) and tail[1:2].isdigit():
        return False  # a time or a verse reference
    if before in ("$", "£", "€", "no", "number", "page", "pp", "p", "route", "room", "flight"):
        return False
    if after.lower() in (
        "percent",
        "per",
        "%",
        "km",
        "miles",
        "meters",
        "metres",
        "feet",
        "kilometres",
        "kilometers",
        "tons",
        "tonnes",
        "people",
        "persons",
    ):
        return False
    if before == "of" and re.search(
        r"\b[A-Z][a-z]+\s+of\s*$", text[max(0, m.start() - 40) : m.start()]
    ):
        return True  # a named act, treaty or event: 'the Basic Treaty of 1972'
    if before in _COUNT_BEFORE and after and after[:1].islower():
        return False
    if before in _YEAR_PREPS or before in DETERMINERS:
        return True
    # '... 2000 women ...': a number followed by a plural noun
    if after and after[:1].islower() and after.endswith("s") and not after.endswith("ss"):
        from quizapp.builder.grammar import is_noun, is_present_3sg

        if is_noun(after) and not is_present_3sg(after):
            return False
    return True


# --- tier ----------------------------------------------------------------------------


def find_tiers(text: str) -> list[Fact]:
    facts: list[Fact] = []
    taken: list[tuple[int, int]] = []
    for regex in (TIER_RE, RANK_RE):
        for m in regex.finditer(text):
            span = (m.start(), m.end())
            if _overlaps(span, taken):
                continue
            scheme = m.group("scheme")
            before = _word_before(text, m.start())
            window = text[max(0, m.start() - 80) : m.start()]
            is_tier = scheme.lower() == "tier"
            if before not in _TIER_PREPS and not PLACEMENT_RE.search(window[-25:]):
                continue
            if not is_tier and not PLACEMENT_RE.search(window):
                continue
            n_raw = m.group("n")
            number = TIER_WORDS.get(n_raw.lower()) if is_tier else None
            watch = bool(m.groupdict().get("watch"))
            written = " ".join(m.group().split())
            if is_tier:
                canon = f"Tier {number}" + (" Watch List" if watch else "")
                answer = written if written.split()[1].lower() in ("one", "two", "three") else canon
                answer = answer[0].upper() + answer[1:]
                aliases = [a for a in {canon, written} if a != answer]
                value = (number or 0, 1 if watch else 0)
                subtype = "Tier"
            else:
                answer = written
                aliases = []
                value = (_rank_value(n_raw), 0)
                subtype = scheme
            taken.append(span)
            facts.append(Fact("tier", answer, sorted(aliases), span, subtype, value))
    # 'remained on the Watch List': the list named without its tier number
    for m in WATCH_LIST_RE.finditer(text):
        span = (m.start(), m.end())
        if _overlaps(span, taken) or not PLACEMENT_RE.search(
            text[max(0, m.start() - 25) : m.start()]
        ):
            continue
        taken.append(span)
        facts.append(Fact("tier", "Watch List", ["the Watch List"], span, "list", (2, 1)))
    facts.sort(key=lambda f: f.span)
    return facts


WATCH_LIST_RE = re.compile(r"(?<=\bthe )[Ww]atch [Ll]ist\b")
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}


def _rank_value(n: str) -> int:
    low = n.lower()
    if n.isdigit():
        return int(n)
    if low in _WORD_NUMBERS:
        return _WORD_NUMBERS[low]
    if n.isupper() and low in _ROMAN:
        return _ROMAN[low]
    if len(n) == 1 and n.isalpha():
        return ord(n.upper()) - 64
    return 0


# --- who --------------------------------------------------------------------------


def find_people_with_roles(text: str) -> list[Fact]:
    facts = _role_before_name(text)
    taken = [f.span for f in facts]
    for regex in (APPOSITIVE_BEFORE_RE, APPOSITIVE_AFTER_RE, NAMED_RE):
        for m in regex.finditer(text):
            name_words = m.group("name").split()
            if any(w in NOT_NAMES or w.lower() in ORG_WORDS for w in name_words):
                continue
            span = (m.start("name"), m.start("name") + len(m.group("name")))
            if _overlaps(span, taken):
                continue
            taken.append(span)
            aliases = [name_words[-1]] if not name_words[-1].endswith(".") else []
            facts.append(
                Fact("who", " ".join(name_words), aliases, span, "person", (m.group("name"),))
            )
    facts.sort(key=lambda f: f.span)
    return facts


def find_named_agents(text: str, taken: list[tuple[int, int]]) -> list[Fact]:
    """Named people and bodies that act outside a clause subject: the speaker of a
    quotation, the author of a named work, the agent after 'by'. Worded as cloze cards."""
    facts = []
    cites = citation_spans(text)
    for regex, subtype in ((SAID_NAME_RE, "person"), (WORK_OWNER_RE, "person"), (BY_AGENT_RE, "")):
        for m in regex.finditer(text):
            name = m.group("name")
            words = name.split()
            while words and (words[-1] in NOT_NAMES or words[-1] in ("and", "of", "for", "on")):
                words.pop()
            bare = [w for w in words if w.lower() != "the"]
            if len(bare) < 2 or bare[0] in NOT_NAMES or bare[0].lower() in ("tier", "january"):
                continue
            if _MONTH_WORD_RE.match(bare[0]) or re.search(r"['’]s$", words[-1]):
                continue
            last = words[-1].lower().rstrip(".")
            if last in NON_AGENT_HEADS or (not subtype and last in _WORK_HEADS):
                continue
            name = " ".join(words)
            span = (m.start("name"), m.start("name") + len(name))
            if _overlaps(span, taken) or _overlaps(span, cites):
                continue
            kind = subtype or (
                "body"
                if any(w.lower() in ORG_WORDS for w in words) or words[0] == "the"
                else "person"
            )
            if kind == "person" and any(w.lower() in ORG_WORDS for w in words):
                kind = "body"
            aliases = [bare[-1]] if kind == "person" and not bare[-1].endswith(".") else []
            taken.append(span)
            facts.append(Fact("who", name, aliases, span, kind, (name,)))
    return facts


_MONTH_WORD_RE = re.compile(rf"(?:{_MONTH})\b")
_WORK_HEADS = frozenset(["convention", "index", "agreement", "accord", "declaration", "charter"])


def _role_before_name(text: str) -> list[Fact]:
    facts = []
    for m in ROLE_NAME_RE.finditer(text):
        name_words = m.group("name").split()
        if any(re.search(r"['’]s$", w) for w in name_words):
            continue  # 'Chancellor Willy Brandt's Ostpolitik': the name is not the actor
        while name_words and (name_words[-1] in NOT_NAMES or name_words[-1].lower() in ORG_WORDS):
            name_words.pop()
        if not name_words or name_words[0] in NOT_NAMES:
            continue
        if any(w.lower() in ORG_WORDS for w in name_words):
            continue
        name = " ".join(name_words)
        name_start = m.start("name")
        name_end = name_start + len(name)
        # role modifiers before the role word: 'Russian labor minister'
        role_start = m.start("role")
        pre = text[max(0, role_start - 60) : role_start]
        mods: list[str] = []
        tail = re.search(r"((?:[A-Za-z'’-]+ ){1,3})$", pre)
        if tail:
            for w in reversed(tail.group(1).split()):
                low = w.lower()
                if (
                    low in DETERMINERS
                    or low in AUXILIARIES
                    or low in PREPOSITIONS
                    or low in ("and", "or", "but", "who", "which", "that")
                    or (not w[:1].isupper() and is_past(low))
                ):
                    break
                mods.insert(0, w)
        role = " ".join([*mods, " ".join(m.group("role").split())])
        aliases = []
        if len(name_words) > 1 and not name_words[-1].endswith("."):
            aliases.append(name_words[-1])
        role_span_start = role_start - len(" ".join(mods)) - 1 if mods else role_start
        fact = Fact("who", name, aliases, (name_start, name_end), "person", (name,), role=role)
        fact.notes.append(f"role_start={role_span_start}")
        facts.append(fact)
    return facts


def subject_agents(
    text: str,
    tokens: list[Token],
    parsed: list[Clause],
    proper: frozenset[str] | set[str] = frozenset(),
) -> list[Fact]:
    """The acting subject of each clause, when it names a person or a body.

    ``proper`` holds words the passage capitalises mid-sentence, so 'Hopper' opening a
    sentence is known to be a name although 'hopper' is also a common noun."""
    facts = []
    for clause in parsed:
        a, b = clause.subject
        if clause.kind == "infinitive":
            continue
        subj = tokens[a:b]
        # drop asides inside the subject: 'The United States, which ..., was'
        if any(t.text == "," for t in subj):
            cut = next(i for i, t in enumerate(subj) if t.text == ",")
            subj = subj[:cut]
        if not subj:
            continue
        if any(t.text in ("“", "”", '"') for t in subj):
            continue  # a subject inside or across a quotation
        first = subj[0].lower
        if not subj[0].capitalized and is_past(first) and first not in DETERMINERS:
            continue  # 'created a Council chaired by ...': a verb phrase, not a subject
        if first == "the" and len(subj) == 2 and anaphoric_noun(subj[1]):
            continue  # 'the agency', 'the coalition': a reference back, not a name
        if first in PRONOUNS or first in DEMONSTRATIVES:
            continue
        if first in ("its", "their"):
            continue  # 'its government': the owner is in another sentence
        if any(t.lower in ("that", "whether") for t in subj):
            continue  # 'others stress that Soviet reforms ...': a misread clause
        words = [t for t in subj if t.is_word]
        if not words:
            continue
        head_tokens = subj
        for i, t in enumerate(subj):
            if i > 0 and t.lower in ("of", "to", "for", "in", "on", "at", "with", "from", "by"):
                head_tokens = subj[:i]
                break
        head = head_tokens[-1].lower if head_tokens else ""
        head = re.sub(r"['’]s$", "", head)
        named = any(t.capitalized for t in subj[1:]) or (
            subj[0].capitalized
            and subj[0].lower not in DETERMINERS
            and (not _common(subj[0].text) or subj[0].text in proper)
        )
        last = re.sub(r"['’]s$", "", subj[-1].lower)
        if head in NON_AGENT_HEADS or (
            last in NON_AGENT_HEADS and head not in AGENT_NOUNS and head not in ORG_WORDS
        ):  # 'the Center for Women's Rights' acts; 'the State's rights' do not
            continue
        if not (head in AGENT_NOUNS or (named and head_tokens[-1].capitalized)):
            continue
        if not named and len(words) < 2:
            continue  # 'Residents', 'officials': too vague to be an answer
        start, end = subj[0].start, subj[-1].end
        answer = text[start:end]
        first_word = answer.split()[0]
        if first_word.lower() in ("the", "a", "an") or (
            a == 0 and _common(first_word) and not named and first_word.isalpha()
        ):
            answer = first_word.lower() + answer[len(first_word) :]
        subtype = "body"
        if named and not any(t.lower in ORG_WORDS for t in subj) and first not in DETERMINERS:
            subtype = "person" if all(t.capitalized for t in words) and len(words) <= 4 else "body"
        facts.append(Fact("who", answer, [], (start, end), subtype, (answer,), clause=clause))
    return facts


# Bodies a passage usually has only one of: 'the government' needs no antecedent.
_UNIQUE_BODIES = frozenset(
    ["government", "legislature", "parliament", "administration", "president", "police",
     "military", "army", "navy", "cabinet", "monarchy"]
)  # fmt: skip


def anaphoric_noun(tok: Token) -> bool:
    """'agency' in 'the agency published ...': a reference back to a body named before."""
    low = tok.lower
    return (
        tok.is_word
        and not tok.capitalized
        and (low in AGENT_NOUNS or low in ORG_WORDS)
        and low not in _UNIQUE_BODIES
    )


def _common(word: str) -> bool:
    from quizapp.builder.grammar import _lemmas

    return bool(_lemmas(word.lower()))


def who_aliases(answer: str) -> list[str]:
    aliases: list[str] = []
    words = answer.split()
    if words and words[0].lower() in ("the", "a", "an") and len(words) > 1:
        aliases.append(" ".join(words[1:]))
    low = answer.lower().removeprefix("the ")
    known = {
        "united states": ["U.S.", "US", "USA", "the U.S."],
        "united kingdom": ["U.K.", "UK", "Britain"],
        "united nations": ["U.N.", "UN"],
        "european union": ["EU", "E.U."],
        "soviet union": ["USSR", "U.S.S.R."],
    }
    aliases.extend(known.get(low, []))
    straight = answer.replace("’", "'")
    if straight != answer:
        aliases.append(straight)
    # an acronym written without spaces: 'U. S.' -> 'U.S.'
    if re.fullmatch(r"(?:the\s+)?(?:[A-Z]\.\s?)+[A-Z]\.", answer):
        squeezed = answer.replace(". ", ".")
        if squeezed != answer:
            aliases.append(squeezed)
    seen: set[str] = set()
    out = []
    for a in aliases:
        if a.lower() not in seen and a != answer:
            seen.add(a.lower())
            out.append(a)
    return out


def analyse(text: str) -> tuple[list[Token], list[Clause]]:
    tokens = _without_short_parentheticals(tokenize(text))
    return tokens, clauses(tokens)


def _without_short_parentheticals(tokens: list[Token]) -> list[Token]:
    """Drop '(OLS)', '(later part of Remington Rand)': asides that hide the subject from
    its verb. Offsets stay those of the sentence, so spans and slices are unchanged."""
    if not any(t.text == "(" for t in tokens):
        return tokens
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        if tokens[i].text == "(":
            close = next(
                (j for j in range(i + 1, min(len(tokens), i + 10)) if tokens[j].text in "()"), None
            )
            if close is not None and tokens[close].text == ")" and i > 0:
                i = close + 1
                continue
        out.append(tokens[i])
        i += 1
    return out


# --- who: the body an action goes through -------------------------------------------

# Verbs of taking part or working with others: 'participated in talks through the UN',
# 'worked via the Council of Europe'. The body named after 'through'/'via' is how the
# subject acted, and asking for it ('Through which organization ...?') is a fair card.
_PARTICIPATION_VERBS = frozenset(
    ["participate", "engage", "cooperate", "co-operate", "collaborate", "work", "contribute",
     "lobby", "negotiate", "campaign", "coordinate", "co-ordinate", "act", "operate"]
)  # fmt: skip
# adverbs that may sit between the clause's predicate and the channel: ', such as through X'
_CHANNEL_LEADS = frozenset(
    ["such", "as", "notably", "mainly", "chiefly", "largely", "partly", "mostly", "especially",
     "particularly", "including", "often", "usually", "primarily", "also", "for", "example",
     "instance", "e.g."]
)  # fmt: skip
# abbreviations of countries, which a passage may also act 'through', but which are not bodies
_COUNTRY_ABBREVIATIONS = frozenset(["US", "USA", "UK", "UAE", "USSR", "PRC", "DPRK", "ROK"])


def find_channel_bodies(tokens: list[Token], parsed: list[Clause], text: str) -> list[Fact]:
    """'X was participating in meetings, such as through the UN': the UN, asked as
    'Through which organization was X participating in meetings?'."""
    facts = []
    for clause in parsed:
        group = clause.verb
        if group.passive or group.copula or clause.kind in ("infinitive", "sub"):
            continue
        verb = tokens[group.last].lower
        lemma = verb_lemma(verb)
        if lemma == "take":
            nxt = tokens[group.last + 1].lower if group.last + 1 < len(tokens) else ""
            lemma = "take part" if nxt == "part" else lemma
        if lemma not in _PARTICIPATION_VERBS and lemma != "take part":
            continue
        pred_a, pred_b = clause.predicate
        k = pred_a
        while k < len(tokens) and k < pred_b and tokens[k].lower not in ("through", "via"):
            k += 1
        inside = k < pred_b
        if not inside:
            # the channel right after the predicate: ', such as through the UN.'
            k = pred_b
            if k < len(tokens) and tokens[k].text == ",":
                k += 1
            while k < len(tokens) and tokens[k].lower in _CHANNEL_LEADS:
                k += 1
            if k < len(tokens) and tokens[k].text == ",":
                k += 1
            if k >= len(tokens) or tokens[k].lower not in ("through", "via"):
                continue
        name = _channel_name(tokens, k + 1)
        if name is None:
            continue
        a, b = name
        after = [t.lower for t in tokens[b : b + 2]]
        if after[:1] in (["and"], ["or"], ["&"]) or after == [",", "and"] or after == [",", "or"]:
            continue  # 'through the UN and the World Bank': one of several
        if after and after[0] not in (",", ".", ";", ")") and after[0] not in PREPOSITIONS:
            continue  # 'worked through the UN on migration' is fine; 'the UN office' is not
        start, end = tokens[a].start, tokens[b - 1].end
        answer = text[start:end]
        fact = Fact("who", answer, [], (start, end), "body", (answer,), clause=clause)
        fact.notes.append(f"channel={tokens[k].lower}")
        # the words to leave out of the question: ', mainly through the UN'
        cut = k
        while cut > pred_a and tokens[cut - 1].lower in _CHANNEL_LEADS:
            cut -= 1
        if cut > pred_a and tokens[cut - 1].text == ",":
            cut -= 1
        fact.notes.append(f"channel_pp={cut},{b}" if inside else "channel_pp=")
        facts.append(fact)
    return facts


def _channel_name(tokens: list[Token], i: int) -> tuple[int, int] | None:
    """Token span of an organisation's name at ``i``: 'the UN', 'the Council of Europe'."""
    a = i
    if i < len(tokens) and tokens[i].lower == "the":
        i += 1
    if i >= len(tokens):
        return None
    first = tokens[i].text
    if re.fullmatch(r"[A-Z]{2,6}", first) or re.fullmatch(r"(?:[A-Z]\.\s?){2,5}", first):
        if first.replace(".", "").replace(" ", "") in _COUNTRY_ABBREVIATIONS:
            return None
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and nxt.is_word and nxt.capitalized:
            return None  # 'the UN Security Council': a longer name, read below if at all
        return a, i + 1
    b = i
    words = []
    while b < len(tokens) and (
        tokens[b].capitalized or (tokens[b].lower in ("of", "for", "on", "and") and words)
    ):
        if not tokens[b].is_word:
            break
        words.append(tokens[b])
        b += 1
    while words and not words[-1].capitalized:
        words.pop()
        b -= 1
    if any(re.search(r"['’]s$", w.text) for w in words):
        return None  # 'through the Council's programme': the name owns the channel
    if not words or tokens[a].lower != "the":
        return None
    if not any(w.lower in _BODY_WORDS for w in words):
        return None
    return a, b


# the organisation words of ORG_WORDS, without documents ('the Act') and newspapers
_NOT_BODIES = frozenset(
    ["report", "reports", "protocol", "convention", "act", "treaty", "law", "bill", "press",
     "times", "news", "house", "states", "kingdom", "republic", "school"]
)  # fmt: skip
_BODY_WORDS = (ORG_WORDS - _NOT_BODIES) | {"alliance", "coalition", "forum", "partnership",
                                          "secretariat", "mission", "organization"}  # fmt: skip
