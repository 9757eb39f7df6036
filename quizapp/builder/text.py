"""Passage text -> clean sentences that remember where they came from.

Cleaning never rewrites the original: it computes which characters to drop
(page furniture, footnote markers, line-break hyphens, soft hyphens) and which
to translate one-for-one (curly quotes, dashes, odd spaces), so every sentence
keeps exact ``start``/``end`` offsets into the file it was read from.

Everything here is a single left-to-right pass over the text (plus per-line and
per-paragraph regexes), so cleaning stays linear in the size of the passage.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from lemminflect import getAllLemmas

from quizapp.textfold import MONTH_ABBREVIATIONS, QUOTES_AND_DASHES

# One-for-one translation used for matching: lengths never change, so offsets
# found on the translated text are offsets in the original.
MATCH_TABLE = str.maketrans(
    {
        **QUOTES_AND_DASHES,
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u3000": " ",
        "\t": " ",
        "\r": " ",
        "\n": " ",
        "\x0b": " ",
        "\x0c": " ",
        "\ufeff": " ",
    }
)
# Control characters become spaces too (still one-for-one).
MATCH_TABLE.update({c: " " for c in range(0x20) if c not in MATCH_TABLE})
MATCH_TABLE[0x7F] = " "

# Characters that are deleted outright (they have no width in the text).
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060]")
_SUPERSCRIPT_RE = re.compile("[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+")


def match_form(text: str) -> str:
    """Straight quotes, ASCII dashes, plain spaces; same length as ``text``."""
    return text.translate(MATCH_TABLE)


# --- page furniture --------------------------------------------------------

_FURNITURE_RES = [
    (
        re.compile(
            r"(?i)^\s*(updated|last\s+updated|posted|published|modified|last\s+modified|"
            r"printed|retrieved|accessed)\b\s*(on|at)?\s*:?.{0,40}\d.{0,40}$"
        ),
        "update stamp",
    ),
    (
        re.compile(r"(?i)^\s*(page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?\s*((of|/)\s*\d{1,4})?\s*$"),
        "page number",
    ),
    (re.compile(r"(?i)^\s*page\s+[ivxlc]+\s*$|^\s*[ivxlc]{1,6}\s*$"), "page number"),
    (
        re.compile(
            r"^\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(\s*[-–—,]?\s*\d{1,2}:\d{2}(:\d{2})?)?\s*$"
        ),
        "date stamp",
    ),
    (re.compile(r"^\s*\d{1,2}:\d{2}(:\d{2})?\s*([ap]\.?m\.?)?\s*$", re.I), "time stamp"),
    (re.compile(r"(?i)^\s*(https?://|www\.)\S+\s*$"), "url"),
    (
        re.compile(
            r"(?i)^\s*(copyright\b|©|\(c\)\s*\d{4}|all rights reserved|share this|advertisement|"
            r"click here|read more|continue reading|subscribe\b|follow us|print this)"
        ),
        "boilerplate",
    ),
    (re.compile(r"^\s*[-=_*~#.·•]{3,}\s*$"), "rule"),
]


def furniture_reason(line: str) -> str | None:
    """Why a whole line is page furniture rather than passage text, or None."""
    if len(line) > 120:
        return None
    for regex, reason in _FURNITURE_RES:
        if regex.search(line):
            return reason
    return None


# --- footnote markers and line-break hyphens --------------------------------

# A number glued to sentence punctuation or a closing quote/bracket and followed
# by a space + capital, a space + lower-case word after ,;: or the paragraph end:
# "December 2000.21 Nevertheless", "direction.22", "report,3 which".
_FOOTNOTE_RES = [
    re.compile(r"(?<=[.!?\"')\]])(\d{1,3})(?=\s+[\"'(\[]?[A-Z]|\s*$)"),
    re.compile(r"(?<=[a-z][,;:])(\d{1,3})(?=\s)"),
    re.compile(r"(?<=[a-z]{3}[\"')\]])(\d{1,3})(?=[\s,.;:])"),
    # "problem21 and": a lower-case word with a number stuck to its end.
    re.compile(r"(?<=[a-z]{4})(\d{1,3})(?=[\s,.;:!?]|$)"),
    # Bracketed reference markers: [12], [3, 4], [note 2], [citation needed].
    re.compile(r"\[(?:\d{1,3}(?:\s*[,–-]\s*\d{1,3})*|note \d+|citation needed|[a-z])\]"),
]
# "Tier3"/"G20"-style tokens are safe: those rules need lower-case letters before.

_HYPHEN_BREAK_RE = re.compile(r"(?<=[A-Za-z])-[ \t]*\r?\n[ \t>]*(?=[a-z])")


@lru_cache(maxsize=65536)
def _known_word(word: str) -> bool:
    return bool(getAllLemmas(word.lower()))


def _drop_line_hyphen(region: str, match: re.Match) -> bool:
    """'traf-\\nficking' joins to 'trafficking'; 'well-\\nknown' keeps its hyphen."""
    left = re.search(r"[A-Za-z]+$", region[max(0, match.start() - 40) : match.start()])
    right = re.match(r"[a-z]+", region[match.end() : match.end() + 40])
    if not left or not right:
        return True
    joined = left.group() + right.group()
    if _known_word(joined):
        return True
    return not (_known_word(left.group()) and _known_word(right.group()))


# --- data -----------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """One sentence: clean text (original quote characters) and its file offsets."""

    text: str  # single-spaced, footnote markers removed
    start: int  # offset of its first character in the original file
    end: int  # offset just past its last character
    paragraph: int
    quote: bool = False  # inside a block quote: somebody's words, not the passage's facts

    @property
    def match(self) -> str:
        return match_form(self.text)


@dataclass
class Passage:
    name: str
    original: str
    title: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    # (start, end, why) of every line dropped as furniture or heading
    dropped: list[tuple[int, int, str]] = field(default_factory=list)


@dataclass
class _Para:
    start: int  # original offset of the first character
    end: int  # original offset past the last character
    lines: list[tuple[int, int]]
    indented: bool
    gaps: list[tuple[int, int]] = field(default_factory=list)  # deleted spans inside
    item: bool = False  # a list item ('1. ...', '(a) ...'): never joined to the one before


# --- cleaning ----------------------------------------------------------------

_HEADING_END_RE = re.compile(r"[.!?;,:\"'”’)]\s*$")
_FIRST_PERSON_RE = re.compile(r"\b(I|we|We|my|My|our|Our|me|us)\b")


_NOTES_HEADING_RE = re.compile(
    r"(?i)^(?:notes|footnotes|endnotes|references|sources|bibliography|works cited|"
    r"further reading|citations)\s*:?$"
)


def _is_heading(text: str) -> bool:
    stripped = text.strip().lstrip("#").strip()
    if not stripped or len(stripped) > 100 or len(stripped.split()) > 14:
        return False
    if text.strip().startswith("#"):
        return True
    if _HEADING_END_RE.search(stripped):
        return False
    first = stripped[0]
    if not (first.isupper() or first.isdigit()):
        return False
    words = stripped.split()
    if len(words) <= 8:
        return True
    # a longer line is a heading only in title case, not a sentence cut by a page break
    long_words = [w for w in words if len(w) >= 4]
    return sum(w[0].isupper() for w in long_words) >= 0.6 * max(1, len(long_words))


def _lines(text: str):
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl == -1 else nl
        yield pos, end
        pos = end + 1


_LIST_ITEM_RE = re.compile(r"[ \t]*(?:\d{1,2}[.)]|\([a-z0-9]{1,3}\)|[a-z][.)]|[-•*])[ \t]+(?=\S)")


def clean_passage(text: str, name: str = "passage") -> Passage:
    """Find title, furniture, paragraphs and sentences of ``text`` (never raises)."""
    passage = Passage(name=name, original=text)
    lines = list(_lines(text))
    # Running headers/footers: the same short line repeated on several pages.
    short_counts: Counter[str] = Counter()
    for s, e in lines:
        if e - s <= 80:
            key = " ".join(text[s:e].split())
            if key and not _HEADING_END_RE.search(key):
                short_counts[key] += 1
    repeated = {k for k, c in short_counts.items() if c >= 3}

    paras: list[_Para] = []
    current: _Para | None = None
    for s, e in lines:
        raw = text[s:e]
        if not raw.strip() or not match_form(raw).strip():
            current = None
            continue
        reason = furniture_reason(match_form(raw))
        if reason is None and " ".join(raw.split()) in repeated:
            reason = "running header"
        if reason:
            passage.dropped.append((s, e, reason))
            if current is not None:
                # Furniture inside a paragraph (a page break): skip the line, keep going.
                current.gaps.append((s, e + 1))
            continue
        stripped_end = e
        while stripped_end > s and text[stripped_end - 1] in " \t\r":
            stripped_end -= 1
        indented = raw.startswith(("    ", "\t", ">", " >"))
        item = _LIST_ITEM_RE.match(raw)
        if item:
            # '1. the legal definition; ...', '(b) the founding of ...': each item its own
            # paragraph, the marker left out of its sentence
            current = None
            s = s + item.end()
        if current is None:
            current = _Para(start=s, end=stripped_end, lines=[(s, stripped_end)], indented=indented)
            current.item = bool(item)
            paras.append(current)
        else:
            current.end = stripped_end
            current.lines.append((s, stripped_end))
            current.indented = current.indented and indented

    # Headings: short one-line paragraphs without sentence punctuation.
    body: list[_Para] = []
    in_notes = False
    for para in paras:
        first_line = " ".join(text[para.lines[0][0] : para.lines[0][1]].split()).lstrip("#").strip()
        if body and _NOTES_HEADING_RE.match(first_line):
            in_notes = True  # endnotes, references: citations and remarks, not events
        if in_notes:
            passage.dropped.append((para.start, para.end, "notes section"))
            continue
        if len(para.lines) == 1 and _is_heading(text[para.start : para.end]):
            heading = " ".join(text[para.start : para.end].split()).lstrip("#").strip()
            if passage.title is None and not body:
                passage.title = heading
                passage.dropped.append((para.start, para.end, "title"))
            else:
                passage.dropped.append((para.start, para.end, "heading"))
            continue
        body.append(para)

    # A paragraph cut by a page break continues in lower case: join them.
    merged: list[_Para] = []
    for para in body:
        if merged:
            prev = merged[-1]
            tail = text[max(prev.start, prev.end - 6) : prev.end]
            head = text[para.start : para.start + 1]
            ended = re.search(r"[.!?:\"”’')\]]\d{0,3}$", tail)
            if tail and not ended and not para.item and (head.islower() or head.isupper()):
                prev.gaps.append((prev.end + 1, para.start))
                prev.end = para.end
                prev.lines.extend(para.lines)
                continue
        merged.append(para)

    prev_text = ""
    for index, para in enumerate(merged):
        region_text, offsets = _clean_region(text, para)
        if not region_text.strip():
            continue
        flat = " ".join(region_text.split())
        quote = para.indented or (
            prev_text.endswith(":") and (bool(_FIRST_PERSON_RE.search(flat)) or flat[:1] in "\"'“‘")
        )
        for s, e in split_spans(match_form(region_text)):
            sent = " ".join(region_text[s:e].split())
            if not sent:
                continue
            start = offsets.to_original(s)
            end = offsets.to_original(e - 1) + 1
            passage.sentences.append(Sentence(sent, start, end, index, quote))
        prev_text = flat
    return passage


class _OffsetMap:
    """Maps an index in a cleaned region back to the original text."""

    def __init__(self) -> None:
        self.clean_starts: list[int] = []
        self.orig_starts: list[int] = []

    def add(self, clean_start: int, orig_start: int) -> None:
        self.clean_starts.append(clean_start)
        self.orig_starts.append(orig_start)

    def to_original(self, index: int) -> int:
        k = bisect.bisect_right(self.clean_starts, index) - 1
        return self.orig_starts[k] + (index - self.clean_starts[k])


def _clean_region(text: str, para: _Para) -> tuple[str, _OffsetMap]:
    region = text[para.start : para.end]
    base = para.start
    deletions: list[tuple[int, int]] = [(s - base, e - base) for s, e in para.gaps]
    matchable = match_form(region)
    for m in _HYPHEN_BREAK_RE.finditer(region):
        if _drop_line_hyphen(region, m):
            deletions.append((m.start(), m.end()))
        else:
            deletions.append((m.start() + 1, m.end()))  # 'well-' + 'known': keep the hyphen
    for m in _INVISIBLE_RE.finditer(region):
        deletions.append((m.start(), m.end()))
    for m in _SUPERSCRIPT_RE.finditer(region):
        deletions.append((m.start(), m.end()))
    for regex in _FOOTNOTE_RES:
        for m in regex.finditer(matchable):
            deletions.append((m.start(), m.end()))
    # Markdown quote markers at line starts are layout, not text.
    for m in re.finditer(r"(?m)^[ \t]*>[ \t]?", region):
        deletions.append((m.start(), m.end()))
    deletions = [(max(0, s), min(len(region), e)) for s, e in deletions if e > s]
    deletions.sort()
    pieces: list[str] = []
    offsets = _OffsetMap()
    pos = 0
    clean_len = 0
    for s, e in deletions:
        if e <= pos:
            continue
        s = max(s, pos)
        if s > pos:
            offsets.add(clean_len, base + pos)
            pieces.append(region[pos:s])
            clean_len += s - pos
        pos = e
    if pos < len(region) or not pieces:
        offsets.add(clean_len, base + pos)
        pieces.append(region[pos:])
    return "".join(pieces), offsets


# --- sentence splitting --------------------------------------------------------

# Words after which a period never ends a sentence.
_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "maj",
        "capt",
        "sgt",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "rev",
        "hon",
        "pres",
        "st",
        "fr",
        "messrs",
        "mme",
        "mlle",
        "sr",
        "jr",
        "supt",
        "insp",
        "det",
        "brig",
        "cpl",
        "pvt",
    ]
)
# "No. 5", "vol. 2", "p. 14", "fig. 3": abbreviations that point into a work.
_REFERENCE_ABBREVS = ("no", "nos", "vol", "vols", "p", "pp", "fig", "figs")
# A period after these ends the sentence only if a typical sentence opener follows.
_ABBREVS = frozenset(
    [
        *MONTH_ABBREVIATIONS,
        *_REFERENCE_ABBREVS,
        "ed",
        "eds",
        "approx",
        "est",
        "dept",
        "univ",
        "assn",
        "bros",
        "co",
        "corp",
        "inc",
        "ltd",
        "vs",
        "etc",
        "al",
        "cf",
        "ca",
        "c",
        "ch",
        "sec",
        "art",
        "mt",
        "ft",
        "ave",
        "blvd",
        "rd",
        "op",
        "cit",
        "ibid",
        "viz",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "d.c",
    ]
)
_NUMBERED = frozenset(
    [
        *_REFERENCE_ABBREVS,
        "art",
        "sec",
        "ch",
        "c",
        "ca",
        *MONTH_ABBREVIATIONS,
    ]
)
_OPENERS = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "to",
        "with",
        "after",
        "before",
        "during",
        "since",
        "until",
        "when",
        "while",
        "but",
        "and",
        "or",
        "yet",
        "so",
        "however",
        "this",
        "that",
        "these",
        "those",
        "there",
        "then",
        "thus",
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "as",
        "although",
        "though",
        "because",
        "if",
        "following",
        "meanwhile",
        "moreover",
        "nevertheless",
        "nonetheless",
        "instead",
        "later",
        "earlier",
        "today",
        "some",
        "many",
        "most",
        "one",
        "two",
        "three",
        "what",
        "why",
        "how",
        "where",
        "who",
        "which",
        "each",
        "every",
        "no",
        "not",
        "such",
    ]
)

_CANDIDATE_RE = re.compile(r"(\.{3}|…|[.!?]+)([\"')\]]*)(?=\s)")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def split_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in ``text``, a paragraph in match form.

    Knows abbreviations ("Mr.", "Jan. 5", "U.N.", "U. S. pressure", initials
    "J. F. Kennedy", "et al."), does not split inside parentheses, and keeps a
    closing quote with the sentence it closes.
    """
    n = len(text)
    # Matched parentheses: a candidate inside a closed pair is not a boundary.
    pairs: list[tuple[int, int]] = []
    stack: list[int] = []
    for m in re.finditer(r"[()]", text):
        if m.group() == "(":
            stack.append(m.start())
        elif stack:
            start = stack.pop()
            if not stack and m.start() - start < 400:
                pairs.append((start, m.start()))
    pair_i = 0

    spans: list[tuple[int, int]] = []
    start = 0
    while start < n and text[start].isspace():
        start += 1
    for m in _CANDIDATE_RE.finditer(text):
        end = m.end()
        while pair_i < len(pairs) and pairs[pair_i][1] < m.start():
            pair_i += 1
        if pair_i < len(pairs) and pairs[pair_i][0] < m.start() < pairs[pair_i][1]:
            continue
        if not _is_boundary(text, m):
            continue
        if end - start > 0:
            spans.append((start, end))
        start = end
        while start < n and text[start].isspace():
            start += 1
    if start < n and text[start:].strip():
        end = n
        while end > start and text[end - 1].isspace():
            end -= 1
        spans.append((start, end))
    return _cap_length(text, spans)


def _is_boundary(text: str, m: re.Match) -> bool:
    nxt = re.match(r"\s+([\"'(\[]*)(\S*)", text[m.end() : m.end() + 60])
    if not nxt:
        return True
    word = nxt.group(2)
    if not word:
        return True
    first = word[0]
    if first.islower():
        return False
    if not (first.isupper() or first.isdigit()):
        return False
    punct = m.group(1)
    if punct != ".":
        return True
    before = _WORD_BEFORE_RE.search(text[max(0, m.start() - 30) : m.start()])
    if not before:
        return True  # a number or a closing bracket: "Tier 3." "(Richard 1999)."
    token = before.group(1)
    lower = token.lower().rstrip(".")
    next_word = re.sub(r"[^A-Za-z]", "", word).lower()
    opener = next_word in _OPENERS
    if len(token) == 1 and token.isupper():
        # An initial ("J. F. Kennedy", "U. S. pressure"): a sentence ends here only
        # when the next word is an ordinary sentence opener.
        return opener and not first.isdigit()
    if lower in _TITLES:
        return False
    if lower in _NUMBERED and first.isdigit():
        return False
    if lower in _ABBREVS or "." in token:
        return opener
    return True


_MAX_SENTENCE = 1500


def _cap_length(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split run-on 'sentences' (no punctuation for pages) at spaces, so that later
    stages never work on one unbounded string."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        while e - s > _MAX_SENTENCE:
            cut = text.rfind(" ", s + _MAX_SENTENCE // 2, s + _MAX_SENTENCE)
            if cut <= s:
                cut = s + _MAX_SENTENCE
            out.append((s, cut))
            s = cut
            while s < e and text[s].isspace():
                s += 1
        if e > s:
            out.append((s, e))
    return out


def split_sentences(text: str) -> list[str]:
    """Convenience: the sentences of one paragraph of plain text."""
    return [" ".join(text[s:e].split()) for s, e in split_spans(match_form(text))]
