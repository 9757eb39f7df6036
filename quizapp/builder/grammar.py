"""Just enough English grammar to turn a statement into a question.

No tagger model: closed word classes are listed here, open-class words are
looked up in lemminflect's bundled lexicon ("released" is the past tense of
"release"). A sentence is cut into clauses (the main clause after any fronted
phrases, coordinated clauses, ", which ..." relative clauses, "X to sign ..."
infinitive clauses), each with a subject span, a finite verb group and a
predicate span. Anything the parser is unsure about yields no clause, and the
caller falls back to a cloze card.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lemminflect import getAllLemmas, getInflection, getLemma

from quizapp.textfold import MONTH_NAMES

TOKEN_RE = re.compile(
    r"[A-Z]\.(?:\s?[A-Z]\.)+"  # U.S.  U. S.  J. F.
    r"|[A-Z]\.(?=\s[A-Z])"  # a lone initial
    r"|\w+(?:['’\-]\w+)*"  # words, Brandt's, co-operation
    r"|[^\w\s]"
)

DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "our",
        "my",
        "your",
        "some",
        "many",
        "several",
        "such",
        "each",
        "every",
        "any",
        "no",
        "all",
        "both",
        "either",
        "neither",
        "another",
        "other",
        "most",
        "few",
    ]
)
DEMONSTRATIVES = frozenset(["this", "that", "these", "those", "such"])
PRONOUNS = frozenset(
    [
        "it",
        "they",
        "he",
        "she",
        "we",
        "i",
        "you",
        "them",
        "him",
        "her",
        "us",
        "me",
        "this",
        "these",
        "those",
        "one",
        "someone",
        "everyone",
        "itself",
        "themselves",
        "himself",
        "herself",
    ]
)
CONTEXT_WORDS = frozenset(
    ["it", "they", "he", "she", "them", "him", "her", "this", "these", "those", "such"]
)
PREPOSITIONS = frozenset(
    [
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "to",
        "with",
        "of",
        "into",
        "onto",
        "during",
        "since",
        "until",
        "till",
        "after",
        "before",
        "following",
        "over",
        "under",
        "through",
        "throughout",
        "between",
        "among",
        "against",
        "within",
        "without",
        "about",
        "around",
        "across",
        "toward",
        "towards",
        "upon",
        "via",
        "per",
        "than",
        "like",
        "despite",
        "beyond",
        "near",
        "amid",
        "amidst",
        "behind",
        "beside",
        "besides",
        "along",
        "circa",
    ]
)
SUBORDINATORS = frozenset(
    [
        "as",
        "when",
        "while",
        "although",
        "though",
        "because",
        "if",
        "since",
        "after",
        "before",
        "once",
        "unless",
        "whereas",
        "whether",
        "until",
        "where",
    ]
)
AUXILIARIES = frozenset(
    [
        "was",
        "were",
        "is",
        "are",
        "am",
        "be",
        "been",
        "being",
        "had",
        "has",
        "have",
        "did",
        "does",
        "do",
        "will",
        "would",
        "could",
        "can",
        "should",
        "may",
        "might",
        "must",
        "shall",
    ]
)
MODALS = frozenset(["will", "would", "could", "can", "should", "may", "might", "must", "shall"])
CONJUNCTIONS = frozenset(["and", "or", "but", "nor"])
VERB_ADVERBS = frozenset(
    [
        "not",
        "never",
        "long",  # 'have long complained'
        "also",
        "just",
        "already",
        "even",
        "still",
        "only",
        "then",
        "soon",
        "later",
        "first",
        "again",
        "now",
        "often",
        "always",
        "finally",
        "eventually",
        "subsequently",
        "initially",
        "quickly",
        "quietly",
        "formally",
        "officially",
        "repeatedly",
        "publicly",
        "reportedly",
        "jointly",
        "briefly",
    ]
)
STATIVE = frozenset(
    [
        "have",  # possession: 'has member organisations in 14 countries'
        "own",
        "remain",
        "stand",
        "sit",
        "seem",
        "appear",
        "become",
        "stay",
        "lie",
        "exist",
        "belong",
        "contain",
        "include",
        "be",
    ]
)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


@lru_cache(maxsize=65536)
def _lemmas(word: str) -> dict:
    return getAllLemmas(word)


@lru_cache(maxsize=65536)
def verb_lemma(word: str) -> str | None:
    """The base form when ``word`` can be a verb, else None."""
    lemmas = _lemmas(word.lower()).get("VERB") or _lemmas(word.lower()).get("AUX")
    return lemmas[0] if lemmas else None


@lru_cache(maxsize=65536)
def is_past(word: str) -> bool:
    """'released', 'wrote', 'did' (simple past; 'written' is not)."""
    w = word.lower()
    lemma = verb_lemma(w)
    if not lemma:
        return False
    return w in getInflection(lemma, "VBD")


@lru_cache(maxsize=65536)
def is_participle(word: str) -> bool:
    w = word.lower()
    lemma = verb_lemma(w)
    return bool(lemma) and w in getInflection(lemma, "VBN")


@lru_cache(maxsize=65536)
def is_present_3sg(word: str) -> bool:
    w = word.lower()
    lemma = verb_lemma(w)
    return bool(lemma) and w != lemma and w in getInflection(lemma, "VBZ")


@lru_cache(maxsize=65536)
def is_base_verb(word: str) -> bool:
    w = word.lower()
    return verb_lemma(w) == w


@lru_cache(maxsize=65536)
def is_noun(word: str) -> bool:
    return "NOUN" in _lemmas(word.lower())


def base_form(word: str) -> str:
    lemma = getLemma(word.lower(), upos="VERB")
    return lemma[0] if lemma else word


def past_form(word: str) -> str:
    lemma = base_form(word)
    forms = getInflection(lemma, "VBD")
    return forms[0] if forms else word


def third_singular(word: str) -> str:
    lemma = base_form(word)
    forms = getInflection(lemma, "VBZ")
    return forms[0] if forms else word


@dataclass
class VerbGroup:
    """The finite verb of a clause: 'did and said', 'had just promoted', 'were indicting'."""

    first: int  # token index of the finite verb
    last: int  # token index of the last verb-group token
    aux: str | None  # finite auxiliary as written, or None for a lexical verb
    tense: str  # past | present3 | present
    passive: bool = False
    copula: bool = False


@dataclass
class Clause:
    kind: str  # main | coord | relative | infinitive
    subject: tuple[int, int]  # token span [a, b)
    verb: VerbGroup
    predicate: tuple[int, int]  # token span [a, b) after the verb group
    fronted: list[tuple[int, int]]  # token spans of fronted phrases (main clause only)


# A predicate ends at these: a new clause, an aside, a participle phrase.
_BOUNDARY_WORDS = frozenset(
    ["which", "who", "whom", "whose", "where", "when", "while", "whereas", "although", "though"]
)


def _is_finite(tokens: list[Token], i: int, subject_start: int) -> bool:
    tok = tokens[i]
    if not tok.is_word or (tok.capitalized and i != subject_start):
        return False
    w = tok.lower
    prev = tokens[i - 1].lower if i > 0 else ""
    if w in AUXILIARIES:
        return w not in ("be", "been", "being")
    if prev in DETERMINERS or prev in PREPOSITIONS or prev.endswith(("'s", "’s")):
        return False
    if is_past(w):
        # "the resulting group", "the proposed law": a participle used as an adjective
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        return not (nxt is not None and nxt.is_word and is_noun(nxt.text) and prev in DETERMINERS)
    return bool(is_present_3sg(w) and not is_noun(w))


def verb_group(tokens: list[Token], i: int) -> VerbGroup:
    w = tokens[i].lower
    n = len(tokens)
    if w in AUXILIARIES:
        j = i + 1
        while j < n and tokens[j].lower in VERB_ADVERBS | {"n't"}:
            j += 1
        nxt = tokens[j].lower if j < n else ""
        tense = "past" if w in ("was", "were", "had", "did") else "present"
        if w in ("is", "has", "does"):
            tense = "present3"
        if w == "did" and (nxt in ("and", "nothing", "so", "it") or not verb_lemma(nxt)):
            # lexical 'did' ('did and said nothing')
            coord = i + 2 < n and tokens[i + 1].lower == "and" and is_past(tokens[i + 2].lower)
            return VerbGroup(i, i + 2 if coord else i, None, "past")
        if w in ("had", "has", "have") and not is_participle(nxt):
            return VerbGroup(i, i, None, tense)  # possession: 'had positive consequences'
        if j < n and tokens[j].is_word and not tokens[j].capitalized:
            if w in ("was", "were", "is", "are", "am") and is_participle(nxt):
                return VerbGroup(i, j, w, tense, passive=True)
            if nxt.endswith("ing") and verb_lemma(nxt):
                return VerbGroup(i, j, w, tense)
            if w in ("had", "has", "have") and is_participle(nxt):
                return VerbGroup(i, j, w, tense)
            if (w in MODALS or w in ("did", "does", "do")) and is_base_verb(nxt):
                return VerbGroup(i, j, w, tense)
        copula = w in ("was", "were", "is", "are", "am")
        return VerbGroup(i, i, w, tense, copula=copula)
    tense = "past" if is_past(w) else ("present3" if is_present_3sg(w) else "present")
    last = i
    # coordinated verbs: 'did and said nothing'
    if i + 2 < n and tokens[i + 1].lower == "and" and is_past(tokens[i + 2].lower):
        last = i + 2
    return VerbGroup(i, last, None, tense)


def predicate_end(tokens: list[Token], start: int, stop: int, aside: bool = False) -> int:
    """Index where a predicate starting at ``start`` ends (exclusive).

    ``aside``: the predicate of a ', which ...,' clause, which ends at its comma.
    """
    j = start
    while j < stop:
        t = tokens[j].text
        if t in (";", ":", "(", "—", "–") or (t == "-" and j > start):
            return j
        if t == "," and aside:
            return j
        if t == ",":
            nxt = tokens[j + 1].lower if j + 1 < stop else ""
            if nxt in CONJUNCTIONS:
                # 'law, practice, or citizens' is a list; ', and an advisor said' a clause
                if (
                    find_subject_verb(tokens, j + 2, stop, max_subject=10)
                    or _loose_clause(tokens, j + 2, stop)
                    or _named_clause(tokens, j + 2, stop)
                ):
                    return j
                j += 1
                continue
            if nxt in _SUB_CLAUSE:
                return j
            if (
                nxt in _BOUNDARY_WORDS
                or (nxt.endswith("ing") and j - start >= 3)
                or nxt in DETERMINERS
                or nxt in ("such", "not", "as", "including")
                or nxt == ""
            ):
                return j
        if t in (".", "!", "?") and j == stop - 1:
            return j
        if (
            tokens[j].lower in ("and", "but")
            and j > start + 1
            and j + 1 < stop
            and _starts_vp(tokens, j + 1)
        ):
            return j
        j += 1
    return stop


def _named_clause(tokens: list[Token], i: int, stop: int) -> bool:
    """', and the Ministry of Family, Youth and Sports became ...': a name with commas
    inside, then a finite verb."""
    k = i + 1 if i < stop and tokens[i].lower == "the" else i
    if k >= stop or not tokens[k].capitalized:
        return False
    while (
        k < stop
        and k - i < 15
        and (tokens[k].capitalized or tokens[k].lower in ("of", "for", "and", "&", ",", "the"))
    ):
        k += 1
    return k < stop and tokens[k - 1].capitalized and _is_finite(tokens, k, i)


def _loose_clause(tokens: list[Token], i: int, stop: int) -> bool:
    """', and officials hope to ...': a short noun phrase then a word that can be a verb."""
    for k in range(i + 1, min(stop, i + 5)):
        t = tokens[k]
        if not t.is_word:
            return False
        if not t.capitalized and verb_lemma(t.lower) and t.lower not in PREPOSITIONS:
            prev = tokens[k - 1].lower
            return prev not in DETERMINERS and prev not in PREPOSITIONS
    return False


def find_subject_verb(
    tokens: list[Token], start: int, stop: int, max_subject: int = 18
) -> tuple[int, int] | None:
    """(subject_end, verb_index) for a clause starting at ``start``, or None."""
    j = start + 1
    while j < stop and j - start <= max_subject:
        t = tokens[j]
        if t.text == ",":
            # an aside inside the subject: ", which ... ," or an appositive ", the ... ,"
            k = j + 1
            if k < stop and (tokens[k].lower in ("which", "who") or tokens[k].lower in DETERMINERS):
                close = next(
                    (m for m in range(k, min(stop, k + 40)) if tokens[m].text == ","), None
                )
                if close is None:
                    return None
                j = close + 1
                continue
            # any appositive right before the verb: 'The Committee, long a critic of X, welcomed'
            close = next((m for m in range(k, min(stop, k + 15)) if tokens[m].text == ","), None)
            if close is not None and close + 1 < stop and _is_finite(tokens, close + 1, start):
                j = close + 1
                continue
            return None
        if not t.is_word and t.text not in ("'", "’", "-", "&", ".") and not t.text.endswith("."):
            return None
        if _is_finite(tokens, j, start):
            # adverbs before the verb are not part of the subject: 'formally requested'
            end = j
            while (
                end - 1 > start
                and not tokens[end - 1].capitalized  # 'the National Assembly adopted'
                and (tokens[end - 1].lower in VERB_ADVERBS or tokens[end - 1].lower.endswith("ly"))
            ):
                end -= 1
            return end, j
        j += 1
    return None


_FRONT_ADVERB_RE = re.compile(r"^[A-Z][a-z]+ly$")


_DATE_RUN = frozenset(
    ["the", "early", "late", "mid", "of", "spring", "summer", "autumn", "fall", "winter"]
    + [month.lower() for month in MONTH_NAMES]
)


def _date_run_end(tokens: list[Token], i: int, stop: int) -> int | None:
    """'In 1907 President ...', 'in the summer of 1912 they ...': end of a comma-less date PP."""
    for k in range(i + 1, min(stop, i + 7)):
        w = tokens[k].lower
        if re.fullmatch(r"1\d{3}|20\d\d|1\d\d0s|20\d0s", w):
            if tokens[k - 1].lower == "the" and not w.endswith("s"):
                return None  # 'Following the 2002 report': the year modifies a noun
            if k + 1 < stop and tokens[k + 1].text != ",":
                return k + 1
            return None
        if w not in _DATE_RUN and not re.fullmatch(r"\d{1,2}", w):
            return None
    return None


def fronted_phrases(
    tokens: list[Token], stop: int, start: int = 0
) -> tuple[int, list[tuple[int, int]]]:
    """Skip phrases before the main clause ('In 2001,', 'Yet,', 'As X did Y,').

    Returns the index where the main clause starts and the spans skipped.
    """
    i = start
    spans: list[tuple[int, int]] = []
    while i < stop:
        tok = tokens[i]
        w = tok.lower
        if w in PREPOSITIONS:
            run_end = _date_run_end(tokens, i, stop)
            if run_end is not None:
                spans.append((i, run_end))
                i = run_end
                continue
        starts_phrase = (
            w in PREPOSITIONS
            or w in SUBORDINATORS
            or w
            in (
                "yet",
                "however",
                "nevertheless",
                "nonetheless",
                "meanwhile",
                "moreover",
                "simultaneously",
                "still",
                "instead",
                "then",
                "later",
                "thus",
                "finally",
                "unsurprisingly",
                "in",
                "and",
                "but",
                "so",
                "also",
                "today",
            )
            or _FRONT_ADVERB_RE.match(tok.text) is not None
            or (w.endswith("ing") and verb_lemma(w) is not None)
            or (w.endswith("ed") and is_participle(w) and i == 0)
        )
        if not starts_phrase:
            break
        if w in ("and", "but", "so") and i + 1 < stop and tokens[i + 1].text != ",":
            spans.append((i, i + 1))
            i += 1
            continue
        comma = next((k for k in range(i + 1, min(stop, i + 45)) if tokens[k].text == ","), None)
        if comma is None:
            break
        spans.append((i, comma))
        i = comma + 1
        # ', where ... ,' after a fronted place
        if i < stop and tokens[i].lower in ("where", "when"):
            comma = next(
                (k for k in range(i + 1, min(stop, i + 45)) if tokens[k].text == ","), None
            )
            if comma is None:
                break
            spans.append((i, comma))
            i = comma + 1
    return i, spans


def clauses(tokens: list[Token]) -> list[Clause]:
    """Every clause the parser is confident about, main clause first."""
    n = len(tokens)
    stop = n
    while stop > 0 and tokens[stop - 1].text in (".", "!", "?", '"', "'", "”", "’", ")"):
        stop -= 1
    out: list[Clause] = []
    start, fronted = fronted_phrases(tokens, stop)
    _add_clause(out, tokens, "main", start, stop, fronted)
    for k in range(n):
        t = tokens[k]
        w = t.lower
        nxt = tokens[k + 1].lower if k + 1 < n else ""
        if w in (":", ";") or (t.text == "," and nxt in ("and", "but")):
            s = k + 1 + (1 if t.text == "," else 0)
            if s < stop and tokens[s].text == ",":
                continue
            s, own = fronted_phrases(tokens, stop, s)
            _add_clause(out, tokens, "coord", s, stop, own)
        elif t.text == "," and nxt in ("which", "who"):
            _add_relative(out, tokens, k, stop)
        elif w in _SUB_CLAUSE and k > start:
            _add_clause(out, tokens, "sub", k + 1, stop, [])
        elif w == "that" and k > start and _ends_so_phrase(tokens, k):
            # 'the law was so strict that employers ignored it': a result clause
            _add_clause(out, tokens, "result", k + 1, stop, [])
        elif (
            w == "to"
            and k + 1 < n
            and k > 0
            and not tokens[k + 1].capitalized
            and is_base_verb(tokens[k + 1].lower)
        ):
            _add_infinitive(out, tokens, k, stop)
    # 'reached Tier 2 in 2017 but was downgraded ...': a second verb phrase, same subject
    i = 0
    while i < len(out) and len(out) < 64:
        c = out[i]
        end = c.predicate[1]
        if end + 1 < stop and tokens[end].lower in ("and", "but") and _starts_vp(tokens, end + 1):
            group = verb_group(tokens, end + 1)
            pend = predicate_end(tokens, group.last + 1, stop)
            out.append(Clause("vp", c.subject, group, (group.last + 1, pend), c.fronted))
        i += 1
    return out


def _ends_so_phrase(tokens: list[Token], k: int) -> bool:
    """'so good that', 'so widely praised that' (not the purpose 'so that')."""
    for j in (k - 2, k - 3):
        if j < 1 or tokens[j].lower != "so":
            continue
        between = tokens[j + 1 : k]
        return all(t.is_word and not t.capitalized for t in between)
    return False


_SUB_CLAUSE = frozenset(
    ["when", "after", "before", "because", "while", "although", "though", "once", "until", "unless"]
)


def _starts_vp(tokens: list[Token], i: int) -> bool:
    t = tokens[i]
    if t.capitalized or not t.is_word:
        return False
    return t.lower in AUXILIARIES - {"be", "been", "being"} or is_past(t.lower)


def _add_clause(out, tokens, kind, start, stop, fronted) -> None:
    if start >= stop:
        return
    found = find_subject_verb(tokens, start, stop)
    if not found:
        return
    subj_end, v = found
    group = verb_group(tokens, v)
    pend = predicate_end(tokens, group.last + 1, stop)
    out.append(Clause(kind, (start, subj_end), group, (group.last + 1, pend), fronted))


def _add_relative(out, tokens, comma, stop) -> None:
    # antecedent: back from the comma to a verb, preposition-free start or boundary
    a = comma - 1
    while a >= 0:
        t = tokens[a]
        if not t.is_word and t.text not in ("'", "’", "-") and not t.text.endswith("."):
            break
        if t.lower in AUXILIARIES or (not t.capitalized and is_past(t.lower)):
            break
        if t.lower in CONJUNCTIONS:
            break
        a -= 1
    a += 1
    for k in range(comma - 1, a - 1, -1):
        t = tokens[k]
        inside_name = k > a and tokens[k - 1].capitalized and tokens[k + 1].capitalized
        if t.lower in PREPOSITIONS and not t.capitalized and not inside_name:
            a = k + 1
            break
    if a >= comma:
        return
    v = comma + 2
    if v >= stop or not (tokens[v].lower in AUXILIARIES or is_past(tokens[v].lower)):
        return
    group = verb_group(tokens, v)
    pend = predicate_end(tokens, group.last + 1, stop, aside=True)
    out.append(Clause("relative", (a, comma), group, (group.last + 1, pend), []))


def _add_infinitive(out, tokens, to, stop) -> None:
    # 'led this ministry ... and Russia to sign X': a named subject right before 'to'
    b = to
    a = to - 1
    while a >= 0 and (tokens[a].capitalized or tokens[a].lower == "the"):
        a -= 1
    a += 1
    if a >= b or not any(t.capitalized for t in tokens[a:b]):
        return
    controllers = ("and", ",", "for", "allowed", "forced", "caused", "prompted", "urged", "asked")
    if a > 0 and tokens[a - 1].lower not in controllers and not is_past(tokens[a - 1].lower):
        return
    group = VerbGroup(to + 1, to + 1, None, "infinitive")
    pend = predicate_end(tokens, to + 2, stop)
    out.append(Clause("infinitive", (a, b), group, (to + 2, pend), []))


def lower_first(text: str, tokens_first: Token | None = None) -> str:
    """Lower-case a sentence-initial word when it is an ordinary word ('The', 'Leading')."""
    if not text:
        return text
    word = re.match(r"[A-Za-z]+", text)
    if not word:
        return text
    w = word.group()
    rest = text[len(w) :]
    nxt = re.match(r"\s+([A-Za-z]+)", rest)
    if w.lower() in DETERMINERS or w.lower() in PRONOUNS or w.lower() in PREPOSITIONS:
        return w.lower() + rest
    if w.isupper() and len(w) > 1:
        return text
    if _lemmas(w.lower()) and not (nxt and nxt.group(1)[:1].isupper()):
        return w.lower() + rest
    return text
