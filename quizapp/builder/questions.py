"""Fact -> question wording, and distractors of the same kind.

A wh-question is produced only when the sentence parses into a clause whose
subject stands on its own (not "it", "these"); otherwise the card is a cloze
over the sentence. Every question is checked not to contain its own answer.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from quizapp.builder.facts import (
    MONTH_NAMES,
    ROLE_ABBREVIATIONS,
    ROLE_WORDS,
    Fact,
    anaphoric_noun,
)
from quizapp.builder.grammar import (
    AUXILIARIES,
    CONJUNCTIONS,
    CONTEXT_WORDS,
    DEMONSTRATIVES,
    DETERMINERS,
    PREPOSITIONS,
    PRONOUNS,
    STATIVE,
    VERB_ADVERBS,
    Clause,
    Token,
    base_form,
    is_past,
    lower_first,
    past_form,
    third_singular,
)
from quizapp.deck import BLANK
from quizapp.textfold import FOLD_QUOTES_AND_DASHES


def norm(text: str) -> str:
    """Lower-case words only: how answers and questions are compared."""
    text = unicodedata.normalize("NFKC", text).translate(FOLD_QUOTES_AND_DASHES).lower()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def leaks(answer: str, question: str) -> bool:
    a = norm(answer)
    return bool(a) and re.search(r"\b" + re.escape(a) + r"\b", norm(question)) is not None


def leaks_any(fact: Fact, question: str) -> bool:
    if leaks(fact.answer, question):
        return True
    for alias in fact.aliases:
        # short or all-lower aliases ('US', 'working group') would match ordinary words
        if (
            len(alias) >= 4
            and any(c.isdigit() or c.isupper() for c in alias)
            and leaks(alias, question)
        ):
            return True
    return False


@dataclass
class Wording:
    question: str | None
    cloze: bool = False
    reason: str = ""
    cloze_ok: bool = False  # a who-question failed only for want of context


_DROP_ADVERBS = frozenset(["just", "already", "recently"])
_SIMPLE_PREPS = {
    "in",
    "during",
    "on",
    "at",
    "by",
    "since",
    "until",
    "till",
    "before",
    "after",
    "from",
    "around",
    "circa",
    "through",
    "throughout",
    "to",
    "into",
    "onto",
    "as",
}


class SentenceView:
    """A sentence with its tokens and clauses, shared by all of its facts."""

    def __init__(
        self,
        text: str,
        tokens: list[Token],
        parsed: list[Clause],
        previous: str = "",
        proper: frozenset[str] | set[str] = frozenset(),
    ):
        self.text = text
        # words the passage capitalises inside sentences too ('Hopper'): names, kept
        # capitalised when they open a question's subject
        self.proper = proper
        # the nearest earlier object phrase in the paragraph ('the legislation') and
        # expansions of bare abstract nouns seen earlier ('the problem of trafficking')
        self.topic: str | None = None
        self.expansions: dict[str, str] = {}
        self.tokens = tokens
        self.clauses = parsed
        self.previous = previous
        self.main = next((c for c in parsed if c.kind == "main"), None)

    def chars(self, a: int, b: int) -> str:
        """Sentence text of token span [a, b)."""
        if a >= b:
            return ""
        return self.text[self.tokens[a].start : self.tokens[b - 1].end]

    def token_range(self, span: tuple[int, int]) -> tuple[int, int] | None:
        idx = [i for i, t in enumerate(self.tokens) if t.start >= span[0] and t.end <= span[1]]
        return (idx[0], idx[-1] + 1) if idx else None


def _tidy(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"\s+([,;:.?!])", r"\1", text)
    text = re.sub(r",\s*,", ",", text)
    text = re.sub(r"\(\s*\)", "", text)
    return text.strip(" ,;:-")


def _unquote(question: str) -> str:
    """Drop the opening quote mark of a quoted sentence; its article is no longer first."""
    question = re.sub(r"(?<=\s)“(The|A|An)\b", lambda m: m.group(1).lower(), question)
    return question.replace("“", "")


def _finish(question: str) -> str:
    question = _tidy(question)
    if (
        question.count("“") + question.count("”") == 2
        and re.search(r"\s“[A-Z]", question)
        and re.search(r"”\W*$", question)
    ):  # a sentence inside a quotation: 'When did “The Protocol enter into force”'
        question = _unquote(question).replace("”", "")
    if question.count("“") == 1 and "”" not in question and re.search(r"\s“[A-Z]", question):
        question = _unquote(question)  # the quotation closes in a later sentence
    question = question.rstrip(".!?:;, ")
    # a quotation cut at the question mark: close it ('were "only a beginning"?')
    if question.count('"') % 2:
        question += '"'
    elif question.count("“") > question.count("”"):
        question += "”"
    return question[:1].upper() + question[1:] + "?"


def _subject_text(view: SentenceView, clause: Clause) -> tuple[str, list[str]] | None:
    """The clause subject (asides removed) and adverbs that precede the verb."""
    a, b = clause.subject
    toks = view.tokens
    adverbs = [
        t.text
        for t in toks[b : clause.verb.first]
        if t.lower in VERB_ADVERBS or (t.lower.endswith("ly") and t.is_word)
    ]
    if any(toks[i].text == "," for i in range(a, b)):
        b = next(i for i in range(a, b) if toks[i].text == ",")
    if a >= b:
        return None
    text = view.chars(a, b)
    if (
        a == 0
        or (view.main and clause.kind == "main" and a == view.main.subject[0])
        or (clause.kind == "relative" and a == 0)
    ) and toks[a].text not in view.proper:
        text = lower_first(text)
    text = re.sub(r"^(?:[Mm]y)\b", "the narrator's", text)
    return text, adverbs


def _context_free(view: SentenceView, clause: Clause) -> bool:
    a, b = clause.subject
    first = view.tokens[a].lower
    if first in ("those", "anyone", "everyone") and b - a > 2:
        return view.tokens[a + 1].lower in ("that", "who", "which")  # 'those that ...'
    if first == "the" and b - a == 2 and anaphoric_noun(view.tokens[a + 1]):
        return False  # 'the agency', 'the council': which one is said in another clause
    head_end = next((i for i in range(a, b) if view.tokens[i].text == ","), b)
    if any(
        t.lower in ("in", "during") and _has_year(view.tokens[i + 1 : i + 2])
        for i, t in enumerate(view.tokens[a:head_end], start=a)
    ):
        return False  # 'an audit by X in 2008 secured ...': a date inside the subject misleads
    return first not in PRONOUNS and first not in DEMONSTRATIVES


def _context(view: SentenceView, clause: Clause, exclude: tuple[int, int] | None) -> str:
    """Fronted prepositional phrases ('In 2001,') that also apply to ``clause``."""
    fronted = clause.fronted if clause.fronted or view.main is None else view.main.fronted
    if clause.kind == "sub" or not fronted:
        return ""
    parts = []
    for a, b in fronted:
        if exclude and a < exclude[1] and exclude[0] < b:
            continue
        if view.tokens[a].lower not in PREPOSITIONS or b - a > 10:
            continue
        if any(t.lower in CONTEXT_WORDS for t in view.tokens[a:b]):
            continue
        if _has_year(view.tokens[a:b]) and _has_year(view.tokens[slice(*clause.predicate)]):
            continue  # '..., and X was upgraded in June 2009': 'By 2009,' is not its date
        phrase = view.chars(a, b)
        parts.append(lower_first(phrase) if view.tokens[a].lower in PREPOSITIONS else phrase)
    return " " + " ".join(parts) if parts else ""


def _has_year(tokens) -> bool:
    return any(re.fullmatch(r"1\d{3}|20\d\d", t.text) for t in tokens)


def _predicate(view: SentenceView, clause: Clause, remove: tuple[int, int] | None) -> str:
    a, b = clause.predicate
    if a >= b:
        return ""
    if remove is None:
        return view.chars(a, b)
    left = view.chars(a, remove[0]) if remove[0] > a else ""
    right = view.chars(remove[1], b) if b > remove[1] else ""
    return f"{left} {right}"


# 'adopt a plan and, for the first time, prosecuted officials': a second past verb
# joined to the first takes the base form after 'did' too.
_COORD_VERB_RE = re.compile(
    r"\b(and|or)((?:,[^,]{1,40},)?\s+)([a-z]+ed)\b(?!\s*(?:,|and\b|or\b|$))"
)


def _coordinated_base(m: re.Match) -> str:
    word = m.group(3)
    if not is_past(word):
        return m.group()
    return f"{m.group(1)}{m.group(2)}{base_form(word)}"


def _inverted(view: SentenceView, clause: Clause, remove, kind: str, prep: str) -> str | None:
    """'did the United States release the first report' (subject-aux inversion)."""
    subj = _subject_text(view, clause)
    if subj is None:
        return None
    subject, adverbs = subj
    group = clause.verb
    toks = view.tokens
    verb_tokens = toks[group.first : group.last + 1]
    pred = _predicate(view, clause, remove)
    if group.aux is None:
        aux = {"past": "did", "present3": "does", "present": "do", "infinitive": "did"}[group.tense]
        verbs = " ".join(
            t.text if t.lower in ("and", "or") else base_form(t.text) for t in verb_tokens
        )
        if group.tense == "past":
            pred = _COORD_VERB_RE.sub(_coordinated_base, pred)
        return " ".join([aux, subject, *adverbs, verbs, pred])
    aux = group.aux.lower()
    rest = [t.text for t in verb_tokens[1:]]
    if aux in ("had", "has", "have") and rest and prep not in ("since", "for"):
        words = [w for w in rest[:-1] if w.lower() not in _DROP_ADVERBS]
        return " ".join(["did", subject, *adverbs, *words, base_form(rest[-1]), pred])
    return " ".join([aux, subject, *adverbs, *rest, pred])


def _who_verb(view: SentenceView, clause: Clause) -> str | None:
    """Verb group in agreement with a singular 'who'."""
    group = clause.verb
    toks = view.tokens[group.first : group.last + 1]
    words = [t.text for t in toks]
    if group.aux is None:
        if group.tense == "present":
            words = [third_singular(w) if w.lower() not in ("and", "or") else w for w in words]
        return " ".join(words)
    aux = group.aux.lower()
    swap = {"were": "was", "are": "is", "have": "has", "do": "does"}
    if aux in ("has", "have") and len(words) > 1:
        kept = [w for w in words[1:-1] if w.lower() not in _DROP_ADVERBS]
        return " ".join(["has", *kept, words[-1]])  # 'Who has represented ... since 2006'
    if aux == "had" and len(words) > 1:
        kept = [w for w in words[1:-1] if w.lower() not in _DROP_ADVERBS]
        return " ".join([*kept, past_form(words[-1])])
    return " ".join([swap.get(aux, aux), *words[1:]])


# --- when / tier -------------------------------------------------------------------


def when_wh(fact: Fact, prep: str) -> str | None:
    unit = {"year": "what year", "decade": "which decade", "century": "which century"}.get(
        fact.subtype
    )
    if unit and fact.answer[:1].isdigit():
        if prep in ("in", "during", "from", "around", "circa", "through", "throughout"):
            return f"In {unit}"
        if prep in ("by", "since", "until", "till", "before", "after"):
            return f"{prep.capitalize()} {unit}"
        return None
    if prep in ("in", "during", "on", "from", "at", "around", "throughout", "through", ""):
        return "When"
    if prep in ("by", "since", "until", "till"):
        return f"{prep.capitalize()} when"
    if prep in ("before", "after"):
        return None
    return None


def tier_wh(fact: Fact, prep: str) -> str | None:
    if prep not in ("in", "to", "into", "on", "at", "from"):
        return None
    return f"{prep.capitalize()} which {fact.subtype.lower()}"


def pp_question(view: SentenceView, fact: Fact) -> Wording:
    """Move the fact's prepositional phrase to the front as a wh-phrase."""
    rng = view.token_range(fact.span)
    if rng is None:
        return Wording(None, reason="mention not tokenised")
    m_a, m_b = rng
    toks = view.tokens
    first = toks[m_a].lower
    if first in ("from", "between"):
        prep, pp = "", (m_a, m_b)
    elif m_a > 0 and toks[m_a - 1].lower in _SIMPLE_PREPS:
        prep, pp = toks[m_a - 1].lower, (m_a - 1, m_b)
    else:
        prep, pp = None, None
    # 1. A fronted phrase holds the mention: 'In 2001, ...' / 'Following the 2002 report, ...'
    for main in view.clauses:
        if main.kind not in ("main", "coord"):
            continue
        for a, b in main.fronted:
            if a <= m_a and m_b <= b:
                if not _context_free(view, main):
                    return Wording(None, reason="subject needs context")
                body = _inverted(view, main, None, fact.kind, prep or "")
                if body is None:
                    return Wording(None, reason="no clause")
                if pp == (a, b):
                    wh = (when_wh if fact.kind == "when" else tier_wh)(fact, prep or "")
                    if wh is None:
                        return Wording(None, reason=f"no wh-phrase for '{prep}'")
                    ctx = _context(view, main, (a, b))
                    return Wording(_finish(f"{wh} {body}{ctx}"))
                if (
                    fact.kind == "when"
                    and fact.subtype == "year"
                    and m_a > a
                    and toks[m_a - 1].lower == "the"
                    and m_b < b
                    and toks[m_b].is_word
                ):
                    phrase = (
                        view.chars(a, m_a - 1) + " which year's " + view.chars(m_b, b)
                    ).strip()
                    return Wording(_finish(f"{phrase} {body}"))
                return Wording(None, reason="date inside a longer fronted phrase")
    if pp is None:
        return Wording(None, reason="no preposition before the mention")
    wh = (when_wh if fact.kind == "when" else tier_wh)(fact, prep or "")
    if wh is None:
        return Wording(None, reason=f"no wh-phrase for '{prep}'")
    # 2. The innermost clause whose predicate holds the phrase.
    best = None
    for clause in view.clauses:
        a, b = clause.predicate
        if (
            a <= pp[0]
            and pp[1] <= b
            and (best is None or b - a < best.predicate[1] - best.predicate[0])
        ):
            best = clause
    if best is None:
        return Wording(None, reason="phrase outside any parsed clause")
    if not _context_free(view, best):
        return Wording(None, reason="subject needs context")
    pred_tokens = view.tokens[best.predicate[0] : pp[0]] + view.tokens[pp[1] : best.predicate[1]]
    if any(t.lower in CONTEXT_WORDS for t in pred_tokens):
        return Wording(None, reason="question would depend on another sentence")
    body = _inverted(view, best, pp, fact.kind, prep or "")
    if body is None:
        return Wording(None, reason="no clause")
    ctx = _context(view, best, pp) if fact.kind != "when" else ""
    return Wording(_finish(f"{wh} {body}{ctx}"))


# --- who ----------------------------------------------------------------------------


_ROLE_SET = frozenset(ROLE_WORDS.split("|"))


def role_phrase(role: str) -> str:
    """'Chief engineer' -> 'chief engineer', 'Senator' -> 'senator'; 'Russian' stays."""
    words = role.split()
    out = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        prev = words[i - 1] if i else ""
        if w.lower() in ROLE_ABBREVIATIONS:
            out.append(ROLE_ABBREVIATIONS[w.lower()])
        elif prev.lower() == "of":
            out.append(w)  # 'Minister of Justice' keeps its capital
        elif (
            w.lower() in _ROLE_SET
            or w.lower() in _ROLE_MODIFIERS
            or f"{w} {nxt}".lower() in _ROLE_SET  # 'Prime Minister' -> 'prime minister'
        ) and nxt != "of":
            out.append(w.lower())
        else:
            out.append(w)
    return " ".join(out)


_ROLE_MODIFIERS = frozenset(
    [
        "city",
        "chief",
        "former",
        "deputy",
        "senior",
        "acting",
        "state",
        "federal",
        "local",
        "then",
        "assistant",
        "vice",
        "great",
    ]
)


def channel_question(view: SentenceView, fact: Fact, prep: str) -> Wording:
    """'X participated in talks through the UN' -> 'Through which organization did X
    participate in talks?'."""
    clause = fact.clause
    if clause is None or not _context_free(view, clause):
        return Wording(None, reason="subject needs context")
    note = next((n for n in fact.notes if n.startswith("channel_pp=")), "channel_pp=")
    value = note.split("=", 1)[1]
    pp = tuple(int(x) for x in value.split(",")) if value else None
    pred_a, pred_b = clause.predicate
    pred_tokens = [
        t
        for i, t in enumerate(view.tokens[pred_a:pred_b], start=pred_a)
        if pp is None or not pp[0] <= i < pp[1]
    ]
    if any(t.lower in CONTEXT_WORDS for t in pred_tokens):
        return Wording(None, reason="question would depend on another sentence")
    if len([t for t in pred_tokens if t.is_word]) < 3:
        return Wording(None, reason="too little context for a question")
    body = _inverted(view, clause, pp, "who", prep)
    if body is None:
        return Wording(None, reason="no clause")
    ctx = _context(view, clause, None)
    return Wording(_finish(f"{prep.capitalize()} which organization {body}{ctx}"))


def who_question(view: SentenceView, fact: Fact) -> Wording:
    channel = next((n.split("=", 1)[1] for n in fact.notes if n.startswith("channel=")), None)
    if channel:
        return channel_question(view, fact, channel)
    clause = fact.clause
    role_start = None
    for note in fact.notes:
        if note.startswith("role_start="):
            role_start = int(note.split("=")[1])
    if clause is None and fact.role:
        # the role + name must be exactly the subject of some clause
        for c in view.clauses:
            a, b = c.subject
            if view.tokens[a].start == role_start and view.tokens[b - 1].end == fact.span[1]:
                clause = c
                break
            if view.tokens[a].start == role_start and b < len(view.tokens):
                sub_end = max(
                    (i for i in range(a, b) if view.tokens[i].end == fact.span[1]), default=None
                )
                rest = view.tokens[sub_end + 1 : b] if sub_end is not None else []
                if sub_end is not None and all(t.lower.endswith("ly") for t in rest):
                    clause = c
                    break
        if clause is None:
            return Wording(None, reason="named person is not the subject")
    if clause is None:
        return Wording(None, reason="no clause")
    group = clause.verb
    if group.passive:
        return Wording(None, reason="passive: the subject does not act")
    lemma = base_form(view.tokens[group.last].text)
    if group.copula or lemma in STATIVE:
        return Wording(None, reason="the verb states, it does not act")
    pred_a, pred_b = clause.predicate
    pred_tokens = view.tokens[pred_a:pred_b]
    content = [t for t in pred_tokens if t.is_word]
    if len(content) < 3 and pred_b < len(view.tokens) and view.tokens[pred_b].text == ",":
        # 'changed tactics, choosing to ...': the participle phrase carries the context
        from quizapp.builder.grammar import predicate_end

        nxt = view.tokens[pred_b + 1].lower if pred_b + 1 < len(view.tokens) else ""
        if nxt.endswith("ing"):
            end = predicate_end(view.tokens, pred_b + 2, len(view.tokens))
            clause = Clause(clause.kind, clause.subject, clause.verb, (pred_a, end), clause.fronted)
            pred_b = end
            pred_tokens = view.tokens[pred_a:pred_b]
            content = [t for t in pred_tokens if t.is_word]
    ctx_words = len(_context(view, clause, None).split())
    if len(content) + ctx_words < 4 or not content:
        return Wording(None, reason="too little context for a question", cloze_ok=True)
    predicate = _predicate(view, clause, None)
    if any(t.lower in CONTEXT_WORDS for t in pred_tokens):
        predicate = _resolved_result_predicate(view, clause)
        if predicate is None:
            return Wording(None, reason="question would depend on another sentence", cloze_ok=True)
    verb = _who_verb(view, clause)
    if verb is None:
        return Wording(None, reason="no verb")
    subj = _subject_text(view, clause)
    adverbs = subj[1] if subj else []
    wh = f"Which {role_phrase(fact.role)}" if fact.role else "Who"
    ctx = _context(view, clause, None)
    return Wording(_finish(" ".join([wh, *adverbs, verb, predicate]) + ctx))


def _resolved_result_predicate(view: SentenceView, clause: Clause) -> str | None:
    """'The plan was so bold that critics called it reckless': in the result clause 'it'
    is the main clause's subject, so 'Who called the plan reckless?' stands on its own."""
    main = view.main
    if clause.kind != "result" or main is None or not main.verb.copula:
        return None
    toks = view.tokens
    a, b = main.subject
    if (main.verb.aux or "").lower() not in ("was", "is") or b - a < 2:
        return None  # 'were so ...': a plural subject is not 'it'
    if not _context_free(view, main):
        return None
    if any(not t.is_word or t.lower in CONTEXT_WORDS for t in toks[a:b]):
        return None
    after = [t.lower for t in toks[main.verb.last + 1 : clause.subject[0]]]
    if not after or after[0] != "so":
        return None  # 'was not so ... that', 'was clear that ...'
    pa, pb = clause.predicate
    its = [i for i in range(pa, pb) if toks[i].lower in CONTEXT_WORDS]
    if len(its) != 1 or toks[its[0]].lower != "it":
        return None
    subj = _subject_text(view, main)
    if subj is None:
        return None
    i = its[0]
    left = view.chars(pa, i) if i > pa else ""
    right = view.chars(i + 1, pb) if pb > i + 1 else ""
    return f"{left} {subj[0]} {right}"


# --- cloze --------------------------------------------------------------------------


def cloze(view: SentenceView, fact: Fact, sentence_text: str) -> Wording:
    s, e = fact.span
    question = sentence_text[:s] + BLANK + sentence_text[e:]
    if not question.rstrip().endswith((".", "!", "?", "”", '"', ")")):
        # a list item: 'the founding of X in ____, co-founded by Y; and' -> a sentence
        question = re.sub(r"(?:[;,:]\s*(?:and|or)?|\s+(?:and|or))?\s*$", ".", question, count=1)
    question = question[:1].upper() + question[1:]  # a list item starts in lower case
    first = view.tokens[view.main.subject[0]].lower if view.main else ""
    if (first in PRONOUNS or first in DEMONSTRATIVES) and view.previous:
        question = view.previous + " " + question
    return Wording(question, cloze=True)


def cloze_segment(view: SentenceView, fact: Fact) -> str | None:
    """The clause-sized part of the sentence around the blank (', and' / ';' / ':' cut)."""
    text = view.text
    s, e = fact.span
    cuts = [0]
    for m in re.finditer(r",\s+(?:and|but)\s+|;\s+|:\s+|\s+-\s+|\s+—\s+", text):
        cuts.append(m.end() if m.end() <= s else m.start())
    left = max(c for c in cuts if c <= s)
    rights = [c for c in cuts if c >= e]
    right = min(rights) if rights else len(text)
    segment = text[left:s] + BLANK + text[e:right]
    if len(segment.split()) < 6:
        return None
    segment = segment.strip().rstrip(",;:")
    if not segment.endswith((".", "?", "!")):
        segment += "."
    return segment[:1].upper() + segment[1:]


# Verbs and pronoun-like words that say too little to make a question answerable on
# their own: 'did and said nothing', 'changed course', 'waited'.
_VAGUE_WORDS = frozenset(
    [
        "do",
        "say",
        "make",
        "take",
        "have",
        "get",
        "go",
        "come",
        "act",
        "react",
        "respond",
        "wait",
        "change",
        "move",
        "try",
        "nothing",
        "anything",
        "something",
        "everything",
        "little",
        "much",
        "more",
        "less",
        "so",
        "it",
        "this",
        "that",
        "course",
        "tactic",
        "tactics",
        "thing",
        "things",
        "way",
        "ways",
    ]
)
# Bare abstract nouns that usually point back to an earlier, fuller phrase.
_ANAPHORIC_NOUNS = frozenset(["problem", "issue", "matter", "crisis", "situation", "dispute"])
_EXPANSION_RE = re.compile(
    r"\bthe (" + "|".join(sorted(_ANAPHORIC_NOUNS)) + r") of ((?:[a-z][\w-]* ){0,2}[a-z][\w-]*)"
    r"(?=[,.;:]| (?:in|to|for|by|and|or|was|were|is|are|has|had|with|that|which|as|at|on)\b)"
)
_BARE_ANAPHOR_RE = re.compile(r"\bthe (" + "|".join(sorted(_ANAPHORIC_NOUNS)) + r")\b(?! of\b)")


def expansions_in(text: str) -> dict[str, str]:
    """'the problem of water scarcity in cities' -> {'problem': 'the problem of water scarcity'}."""
    return {m.group(1): m.group() for m in _EXPANSION_RE.finditer(text)}


def object_phrase(view: SentenceView) -> str | None:
    """The main clause's definite object when it is a short plain noun phrase."""
    main = view.main
    if main is None or main.verb.passive or main.verb.copula:
        return None
    toks = view.tokens
    i = main.verb.last + 1
    if i >= len(toks) or toks[i].lower != "the":
        return None
    j = i + 1
    while (
        j < len(toks)
        and j - i <= 3
        and toks[j].is_word
        and toks[j].text.islower()
        and toks[j].lower not in PREPOSITIONS
        and toks[j].lower not in CONJUNCTIONS
    ):
        j += 1
    if j == i + 1 or (j < len(toks) and toks[j].text not in (",", ".", ";", ":")):
        return None
    return view.chars(i, j)


def _vague_predicate(view: SentenceView, fact: Fact) -> bool:
    """The clause says nothing beyond very common verbs ('did and said nothing')."""
    clause = fact.clause or view.main
    if clause is None:
        return False
    toks = view.tokens
    for t in toks[clause.verb.first : clause.predicate[1]]:
        if not t.is_word or fact.span[0] <= t.start < fact.span[1]:
            continue
        low = t.lower
        if (
            low in AUXILIARIES
            or low in CONJUNCTIONS
            or low in DETERMINERS
            or low in ("not", "never", "also", "then", "just")
            or low in _VAGUE_WORDS
            or base_form(low) in _VAGUE_WORDS
        ):
            continue
        return False
    return True


def _after_predicate(view: SentenceView, fact: Fact, question: str, extra: str) -> str:
    """Insert ``extra`` right after the clause's last predicate word, else at the end."""
    clause = fact.clause or view.main
    a, b = clause.predicate if clause else (0, 0)
    words = [t.text for t in view.tokens[a:b] if t.is_word]
    if words:
        m = re.search(r"\b" + re.escape(words[-1]) + r"\b", question)
        if m:
            return f"{question[: m.end()]} {extra}{question[m.end() :]}"
    return question[:-1].rstrip() + f" {extra}?"


def _sharpen(view: SentenceView, fact: Fact, wording: Wording) -> Wording:
    """Give a vague or back-pointing wh-question the context it lacks, or drop it."""
    question = wording.question
    if question is None or wording.cloze:
        return wording
    if _vague_predicate(view, fact):
        topic = view.topic
        if not topic or norm(topic) in norm(question) or leaks(fact.answer, topic):
            return Wording(None, reason="too little context for a question", cloze_ok=True)
        question = _after_predicate(view, fact, question, f"about {topic}")
    m = _BARE_ANAPHOR_RE.search(question)
    if m and m.group(1) in view.expansions:
        fuller = view.expansions[m.group(1)]
        if not leaks(fact.answer, fuller):
            question = question[: m.start()] + fuller + question[m.end() :]
    return Wording(question, cloze=wording.cloze, cloze_ok=wording.cloze_ok)


_DATE_AFTER_RE = re.compile(r"^\s*,?\s*(?:and|or|to)\s+(?:in\s+)?(?:\d{4}|[A-Z][a-z]+ \d{4})")
_DATE_BEFORE_RE = re.compile(r"\d{4},?\s+(?:and|or)\s+(?:in\s+)?$")


_TIER_WATCH_RE = re.compile(r"\b(?:the\s+)?Tier\s+(\d)\s+Watch\s+List\b")


def _unleak_tier(fact: Fact, question: str | None) -> str | None:
    """'moved X from the Tier 2 Watch List to ____': the list's full name would give away
    the answer 'Tier 2'; 'the Watch List' names it as well."""
    if question is None or fact.kind != "tier" or not leaks(fact.answer, question):
        return question
    if not re.fullmatch(r"Tier\s+\d", fact.answer):
        return question
    return _TIER_WATCH_RE.sub("the Watch List", question)


def _onward(view: SentenceView, fact: Fact, question: str) -> str:
    """'operated the hotline from 1997 onward': 'From what year did ... operate the hotline?'"""
    s, e = fact.span
    if not (re.search(r"\bfrom\s+$", view.text[:s]) and re.match(r"\s+onwards?\b", view.text[e:])):
        return question
    question = re.sub(r"\s+onwards?\b", "", question, count=1)
    return re.sub(r"^In (what year|which decade)\b", r"From \1", question)


def _awkward_wh(view: SentenceView, fact: Fact, question: str) -> bool:
    """Cases where the cloze reads better than the wh-question: a date coordinated with
    another ('in 2009 and 2012'), a negated predicate ('When did X never ...')."""
    s, e = fact.span
    if fact.kind == "when" and (
        _DATE_AFTER_RE.match(view.text[e:]) or _DATE_BEFORE_RE.search(view.text[:s])
    ):
        return True
    if _BACK_REFERENCE_RE.search(question) or _BARE_ONE_RE.search(question):
        return True  # 'reported 271 investigations that year', 'approved one in late 2006'
    return bool(re.search(r"^(?:When|In what|In which|By what|Since what)\b.*\bnever\b", question))


_BACK_REFERENCE_RE = re.compile(
    r"\b(?:that|the same|the following|the next|the previous) (?:year|month|week|day|decade)\b"
)
_BARE_ONE_RE = re.compile(r"\b(?!no\b|any\b|every\b|some\b)[a-z]+ one(?: (?:in|on|by) [^?]+)?\?$")


def word_fact(view: SentenceView, fact: Fact, allow_cloze: bool, allow_wh: bool) -> Wording:
    wording = Wording(None, reason="wh-questions disabled")
    if allow_wh:
        if fact.kind in ("when", "tier"):
            wording = pp_question(view, fact)
        else:
            wording = who_question(view, fact)
        wording = _sharpen(view, fact, wording)
        if wording.question:
            wording = Wording(
                _unleak_tier(fact, _onward(view, fact, wording.question)),
                wording.cloze,
                wording.reason,
                wording.cloze_ok,
            )
        if wording.question and leaks_any(fact, wording.question):
            wording = Wording(None, reason="question would contain the answer")
    if wording.question and not wording.cloze and _awkward_wh(view, fact, wording.question):
        wording = Wording(None, reason="a wh-question would read badly", cloze_ok=True)
    if wording.question is None and allow_cloze:
        if fact.kind == "who" and fact.clause is not None and not fact.role:
            # a subject that failed the who-question tests is worth a cloze only when
            # it is a name and the sentence says more than the question could
            named = (
                any(w[:1].isupper() for w in fact.answer.split()[1:]) or fact.subtype == "person"
            )
            if not (wording.cloze_ok and named and len(view.tokens) >= 8):
                return Wording(None, reason=wording.reason)
        fallback = cloze(view, fact, view.text)
        own = view.text[: fact.span[0]] + BLANK + view.text[fact.span[1] :]
        if (
            len(own.split()) > 30
            and fallback.question == own  # no earlier sentence borrowed for a pronoun
            and ";" in view.text
            and not leaks_any(fact, own)
        ):
            # clauses joined by ';': the clause with the blank is enough
            trimmed = cloze_segment(view, fact)
            if (
                trimmed
                and len(trimmed.split()) >= 8
                and not leaks_any(fact, trimmed)
                and not any(w.lower() in CONTEXT_WORDS for w in re.findall(r"\w+", trimmed))
                and not re.search(r"\b(?!no\b|any\b|every\b|some\b)[a-z]+ one\b(?! of)", trimmed)
            ):
                return Wording(trimmed, cloze=True)
        if leaks_any(fact, fallback.question or ""):
            trimmed = cloze_segment(view, fact)
            if trimmed is None or leaks_any(fact, trimmed):
                unleaked = _unleak_tier(fact, fallback.question)
                if unleaked and not leaks_any(fact, unleaked):
                    return Wording(unleaked, cloze=True)
                return Wording(None, reason="answer repeated in its sentence")
            return Wording(trimmed, cloze=True)
        return fallback
    return wording


# --- distractors ----------------------------------------------------------------------

_ORDINAL = {1: "st", 2: "nd", 3: "rd"}


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else _ORDINAL.get(n % 10, "th")
    return f"{n}{suffix}"


def _year_text(y: int) -> str:
    return f"{-y} BC" if y < 0 else str(y)


def distractors(fact: Fact, pool: list[Fact], question: str, count: int = 3) -> list[str]:
    """Same-kind wrong answers: from the passage first, then plausible neighbours."""
    taken = {norm(fact.answer), *(norm(a) for a in fact.aliases)}
    out: list[str] = []

    def offer(candidate: str) -> None:
        n = norm(candidate)
        if not n or n in taken or len(out) >= count:
            return
        if fact.kind == "who" and (_same_entity(candidate, fact) or leaks(candidate, question)):
            return
        if fact.kind == "who" and any(_same_words(candidate, o) for o in out):
            return
        taken.add(n)
        out.append(candidate)

    same = [f for f in pool if f.kind == fact.kind]
    if fact.kind == "when":
        _when_distractors(fact, same, offer)
    elif fact.kind == "tier":
        _tier_distractors(fact, same, offer)
    else:
        # a body the passage only names as a channel ('through the UN') did nothing itself:
        # it is a wrong answer of last resort for 'Who did X?'
        actors = [f for f in same if not _is_channel(f)]
        channels = [f for f in same if _is_channel(f)]
        for group in (actors, channels):
            people = [f for f in group if f.subtype == fact.subtype]
            others = [f for f in group if f.subtype != fact.subtype]
            for f in people + others:
                offer(f.answer)
    return out


def _is_channel(fact: Fact) -> bool:
    return any(n.startswith("channel=") for n in fact.notes)


def _when_distractors(fact: Fact, same: list[Fact], offer) -> None:
    sub = fact.subtype
    if sub == "year":
        y = fact.value[0]
        prefix = fact.answer[: -len(str(abs(y)))] if not fact.answer.endswith("BC") else ""
        years = sorted(
            {f.value[0] for f in same if f.value and isinstance(f.value[0], int)} - {y},
            key=lambda v: (abs(v - y), v),
        )
        for v in years[:6]:
            if (v < 0) == (y < 0):
                offer(prefix + _year_text(v) if v > 0 else _year_text(v))
        for d in (1, -1, 2, -2, 3, -3, 5):
            offer(prefix + _year_text(y + d) if y + d > 0 else _year_text(y + d))
    elif sub == "month":
        y, m = fact.value
        part = (
            fact.answer.split()[0] + " "
            if fact.answer.split()[0] in ("early", "late", "mid")
            else ""
        )
        others = sorted(
            {f.value for f in same if f.subtype == "month"} - {(y, m)},
            key=lambda v: (abs((v[0] * 12 + v[1]) - (y * 12 + m)), v),
        )
        for oy, om in others:
            offer(f"{part}{MONTH_NAMES[om]} {oy}")
        for dy, dm in ((1, 0), (-1, 0), (0, 2), (0, -2), (2, 0), (0, 4)):
            nm = (m - 1 + dm) % 12 + 1
            offer(f"{part}{MONTH_NAMES[nm]} {y + dy}")
    elif sub == "date":
        y, m, d = fact.value
        us_style = fact.answer[:1].isalpha()

        def fmt(yy: int, mm: int, dd: int) -> str:
            return f"{MONTH_NAMES[mm]} {dd}, {yy}" if us_style else f"{dd} {MONTH_NAMES[mm]} {yy}"

        for f in same:
            if f.subtype == "date" and f.value != fact.value:
                offer(fmt(*f.value))
        for dy, dm, dd in ((0, 0, 7), (1, 0, 0), (0, 1, 0), (-1, 0, 0), (0, -1, 3)):
            nd = min(28, max(1, d + dd)) if dd else d
            nm = (m - 1 + dm) % 12 + 1
            offer(fmt(y + dy, nm, nd))
    elif sub == "season":
        y, season = fact.value
        part = (
            fact.answer.split()[0] + " "
            if fact.answer.split()[0] in ("early", "late", "mid")
            else ""
        )
        for f in same:
            if f.subtype == "season" and f.value != fact.value:
                offer(f"{f.value[1]} {f.value[0]}")
        seasons = ["spring", "summer", "autumn", "winter"]
        if season == "fall":
            seasons[2] = "fall"
        for other in seasons:
            offer(f"{part}{other} {y}")
        offer(f"{part}{season} {y - 1}")
        offer(f"{part}{season} {y + 1}")
    elif sub == "decade":
        y = fact.value[0]
        for f in same:
            if f.subtype == "decade" and f.value[0] != y:
                offer(f"{f.value[0]}s")
        for d in (10, -10, 20, -20, 30):
            offer(f"{y + d}s")
    elif sub == "century":
        c = fact.value[0]
        for d in (1, -1, 2, -2):
            if c + d > 0:
                offer(f"{_ordinal(c + d)} century")
    elif sub == "monthrange":
        y, m1, m2 = fact.value
        for d1, d2, dy in ((-1, -1, 0), (1, 1, 0), (0, 0, -1), (0, 0, 1), (-2, 0, 0)):
            a, b = m1 + d1, m2 + d2
            if 1 <= a < b <= 12:
                offer(f"{MONTH_NAMES[a]}–{MONTH_NAMES[b]} {y + dy}")
    elif sub == "range":
        y, y2 = fact.value
        for f in same:
            if f.subtype == "range" and f.value != fact.value:
                offer(f"{f.value[0]}–{f.value[1]}")
        for d in (1, -1, 2, -2, 3):
            offer(f"{y + d}–{y2 + d}")


_TIER_SET = ["Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3"]


def _tier_distractors(fact: Fact, same: list[Fact], offer) -> None:
    if fact.subtype == "Tier":
        for t in _TIER_SET:
            offer(t)
        return
    scheme = fact.subtype
    n = fact.value[0]
    written = fact.answer.split()[-1]
    for f in same:
        if f.subtype == scheme:
            offer(f.answer)
    for d in (1, -1, 2, -2, 3):
        v = n + d
        if v < 1:
            continue
        if written.isdigit():
            offer(f"{scheme} {v}")
        elif len(written) == 1 and written.isalpha():
            offer(f"{scheme} {chr(64 + v)}")
        else:
            offer(f"{scheme} {v}")


def _same_words(a: str, b: str) -> bool:
    stop = {"the", "a", "an", "of"}
    x = [w for w in norm(a).split() if w not in stop]
    y = [w for w in norm(b).split() if w not in stop]
    if not x or not y:
        return False
    return (
        " ".join(x) in " ".join(y)
        or " ".join(y) in " ".join(x)
        or (x[-1] == y[-1] and (len(x) == 1 or len(y) == 1))
    )


def _same_entity(candidate: str, fact: Fact) -> bool:
    stop = {"the", "a", "an", "of"}
    c = [w for w in norm(candidate).split() if w not in stop]
    for other in (fact.answer, *fact.aliases):
        o = [w for w in norm(other).split() if w not in stop]
        if not c or not o:
            continue
        if c == o or " ".join(c) in " ".join(o) or " ".join(o) in " ".join(c):
            return True
        if fact.subtype == "person" and c[-1] == o[-1]:
            return True
    return False
