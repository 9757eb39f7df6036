"""Whole builds: gold-fact scores, stable ids, the CLI, the committed seed deck, fuzzing."""

from __future__ import annotations

import io
import random
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp import cli
from quizapp.builder import build_deck
from quizapp.builder.cli import DelayedProgress
from quizapp.deckfile import dumps_deck, load_deck, save_deck
from tests.builder_scoring import load_gold, score
from tests.conftest import DATA, REPO

SEED = "seeds/000_2b666ea2131b1c58.txt"
SEED_DECK = REPO / "decks" / "russia-trafficking-2003.toml"
PASSAGES = sorted((DATA / "passages").glob("*.txt"))


def build_file(path: Path):
    return build_deck([path])


def test_seed_deck_scores_against_gold():
    result = build_deck([REPO / SEED])
    s = score(load_gold(DATA / "gold" / "000_2b666ea2131b1c58.facts.toml"), result.deck)
    assert s.core_recall == 1.0, s.missed
    assert s.recall >= 0.8, s.missed
    assert not s.noise and not s.ungrounded and not s.leaks


@pytest.mark.parametrize("passage", PASSAGES, ids=lambda p: p.stem)
def test_own_passages_score_against_gold(passage):
    assert 200 <= len(passage.read_text(encoding="utf-8").split()) <= 600
    result = build_file(passage)
    s = score(load_gold(DATA / "gold" / f"{passage.stem}.facts.toml"), result.deck)
    assert s.core_recall >= 0.9, s.missed
    assert not s.noise and not s.ungrounded and not s.leaks


def test_at_least_four_own_passages():
    assert len(PASSAGES) >= 4


@pytest.mark.parametrize("passage", [REPO / SEED, *PASSAGES], ids=lambda p: p.stem)
def test_every_card_source_slices_its_sentence_in_the_original(passage):
    original = passage.read_text(encoding="utf-8")
    for card in build_file(passage).deck.cards:
        src = card.source
        raw = original[src.start : src.end]
        assert raw[:1] == src.text[:1]
        assert " ".join(raw.split()).startswith(src.text[:20])
        assert raw.rstrip("0123456789")[-1:] == src.text[-1:]


def test_rebuild_gives_the_same_deck():
    a = dumps_deck(build_deck([REPO / SEED], deck_id="x").deck)
    b = dumps_deck(build_deck([REPO / SEED], deck_id="x").deck)
    assert a == b


def test_editing_one_sentence_changes_only_its_cards():
    text = (REPO / SEED).read_text(encoding="utf-8")
    old = "In 1999, a State Department analyst wrote an influential report"
    edited = text.replace(old, "In 1998, a State Department analyst wrote an influential report")
    before = build_deck([("p.txt", text)], deck_id="x").deck
    after = build_deck([("p.txt", edited)], deck_id="x").deck
    changed_before = {c.id for c in before.cards} - {c.id for c in after.cards}
    changed_after = {c.id for c in after.cards} - {c.id for c in before.cards}
    assert changed_before and changed_after
    for card in before.cards:
        if card.id in changed_before:
            assert old in card.source.text
    for card in after.cards:
        if card.id in changed_after:
            assert "In 1998" in card.source.text


def test_one_fact_stated_twice_gives_one_card():
    text = "In 2001, the ministry released the first report.\n\nIn 2001, the ministry released the first report.\n"
    result = build_deck([("p.txt", text)], deck_id="x")
    answers = [c.answer for c in result.deck.cards]
    assert answers.count("2001") == 1
    assert any(s.reason == "stated twice" for s in result.skipped)


def test_rejected_cards_stay_out_and_are_kept_in_the_deck():
    first = build_deck([REPO / SEED], deck_id="x").deck
    gone = first.cards[0].id
    again = build_deck([REPO / SEED], deck_id="x", rejected=[gone]).deck
    assert gone not in {c.id for c in again.cards}
    assert again.deck.rejected == [gone]
    assert len(again.cards) == len(first.cards) - 1


def test_kinds_filter_and_cloze_only():
    only_tier = build_deck([REPO / SEED], deck_id="x", kinds=["tier"]).deck
    assert only_tier.cards and {c.tags[0] for c in only_tier.cards} == {"tier"}
    only_cloze = build_deck([REPO / SEED], deck_id="x", kinds=["cloze"]).deck
    assert only_cloze.cards and {c.kind for c in only_cloze.cards} == {"cloze"}


def test_several_passages_in_one_deck():
    result = build_deck([REPO / SEED, PASSAGES[0]], deck_id="x")
    assert (
        result.deck.deck.source == [SEED, PASSAGES[0].relative_to(REPO).as_posix()]
        or len(result.deck.deck.source) == 2
    )
    assert result.deck.deck.title == "Threatening Sanctions, Adding Legislative Assistance"


def test_deck_metadata_from_heading():
    deck = build_deck([REPO / SEED]).deck
    assert deck.deck.title == "Threatening Sanctions, Adding Legislative Assistance"
    assert deck.deck.id == "threatening-sanctions-adding-legislative-assistance"
    assert deck.deck.source == SEED
    assert all(card.tags for card in deck.cards)


# --- the committed deck --------------------------------------------------------


def test_committed_seed_deck_matches_a_fresh_build(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    out = tmp_path / "fresh.toml"
    code = cli.main(["build", SEED, "-o", str(out), "--id", "russia-trafficking-2003"])
    assert code == 0
    assert SEED_DECK.read_text(encoding="utf-8") == out.read_text(encoding="utf-8"), (
        "decks/russia-trafficking-2003.toml is stale: delete it (a build into an existing deck "
        "keeps its old cards), then run "
        f"quizapp build {SEED} -o decks/russia-trafficking-2003.toml --id russia-trafficking-2003"
    )
    assert load_deck(SEED_DECK).deck.source == SEED


# --- CLI ------------------------------------------------------------------------------


def test_cli_summary_and_refuses_to_overwrite(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    out = tmp_path / "d.toml"
    assert cli.main(["build", SEED, "-o", str(out)]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"wrote {out}: ") and " when" in line and "skipped" in line
    before = out.read_bytes()
    assert cli.main(["build", SEED, "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_bytes() == before
    assert cli.main(["build", SEED, "-o", str(out), "--force", "-v"]) == 0
    assert "skipped" in capsys.readouterr().err


@pytest.mark.parametrize(
    "content,message",
    [("", "is empty"), ("   \n\n ", "is empty"), ("the cat sat on the mat.\n", "no facts")],
)
def test_cli_empty_or_fact_free_input_exits_2_and_writes_nothing(
    tmp_path, capsys, content, message
):
    passage = tmp_path / "p.txt"
    passage.write_text(content, encoding="utf-8")
    out = tmp_path / "d.toml"
    assert cli.main(["build", str(passage), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize(
    "args,message",
    [
        (["missing.txt"], "no such file"),
        ([SEED, "--kinds", "who,dates"], "unknown kind 'dates'"),
        ([SEED, "--id", "Bad Id"], "not a deck id"),
    ],
)
def test_cli_bad_input(tmp_path, monkeypatch, capsys, args, message):
    monkeypatch.chdir(REPO)
    assert cli.main(["build", *args, "-o", str(tmp_path / "d.toml")]) == 2
    assert message in capsys.readouterr().err


def test_cli_binary_and_non_utf8_passages(tmp_path, capsys):
    for data, message in ((b"\x00\x01abc", "binary"), (b"caf\xe9 in 2001", "not UTF-8")):
        passage = tmp_path / "p.txt"
        passage.write_bytes(data)
        assert cli.main(["build", str(passage), "-o", str(tmp_path / "d.toml")]) == 2
        assert message in capsys.readouterr().err


def test_progress_bar_appears_only_after_a_second():
    from rich.console import Console

    now = [0.0]
    console = Console(file=io.StringIO(), force_terminal=True, width=80)
    progress = DelayedProgress(delay=1.0, clock=lambda: now[0], console=console)
    progress(10, 100)
    assert not progress.shown
    now[0] = 1.5
    progress(20, 100)
    assert progress.shown
    progress.stop()


# --- robustness --------------------------------------------------------------------------


def _random_words(seed: int, size: int) -> str:
    rng = random.Random(seed)
    words = []
    total = 0
    while total < size:
        w = "".join(rng.choice(string.ascii_letters) for _ in range(rng.randint(1, 9)))
        if rng.random() < 0.1:
            w = str(rng.randint(0, 2100))
        if rng.random() < 0.05:
            w += rng.choice(".,;:!?")
        words.append(w)
        total += len(w) + 1
    return " ".join(words)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " \n\t\r\n ",
        "x" * 200_000,
        "".join(chr(c) for c in range(32)) * 50,
        " ".join(str(n) for n in range(1000, 3000)),
        "1999.21 2000.22\n" * 500,
        _random_words(1, 100_000),
        "Tier 3 Tier 2 Tier 1 in Tier 3 to Tier 2 " * 200,
        "(((((( In 2001, ))))) “” ‘’ — – U. S. U.N. Mr. J. F. " * 300,
    ],
    ids=[
        "empty",
        "whitespace",
        "huge-line",
        "control",
        "numbers",
        "footnotes",
        "random-100k",
        "tiers",
        "punct",
    ],
)
def test_odd_text_never_raises(text):
    result = build_deck([("odd.txt", text)], deck_id="odd", title="Odd")
    dumps_deck(result.deck)  # and the deck it gives is valid


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_arbitrary_text_never_raises(text):
    result = build_deck([("any.txt", text)], deck_id="any", title="Any")
    for card in result.deck.cards:
        assert 0 <= card.source.start <= card.source.end <= len(text)


_PIECES = st.sampled_from(
    [
        "In 2001, ", "the United States ", "released ", "the report", ", which ", "placed ",
        "Russia ", "in Tier 3", ". ", "\n\n", "By 2000", "U. S. ", "Mr. ", "(Richard 1999)",
        "February of 2003", "the spring of 2003", "minister Alexander Pochinok ", "said ",
        "1999–2001", "the 1990s", "“", "”", ":", ".21 ", "Updated: 10.11.2015 — 18:55\n",
        "traf-\nficking ", "    ", "and ", "who ", "was ", "promoted ", "to Tier 2 ",
    ]
)  # fmt: skip


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=60))
def test_passage_like_text_never_raises(pieces):
    text = "".join(pieces)
    result = build_deck([("p.txt", text)], deck_id="p", title="P")
    from quizapp.builder.questions import leaks
    from tests.builder_scoring import norm

    for card in result.deck.cards:
        assert not leaks(card.answer, card.question)
        assert set(norm(card.answer).split()) <= set(norm(card.source.text).split())


def test_rebuild_after_rejecting_every_card_leaves_the_deck_alone(tmp_path, monkeypatch, capsys):
    """An instructor who rejected every generated card and added their own: a rebuild
    has nothing to add; it says so (exit 0) and leaves the file untouched."""
    from quizapp.deck import Card

    monkeypatch.chdir(REPO)
    out = tmp_path / "d.toml"
    assert cli.main(["build", SEED, "-o", str(out)]) == 0
    built = load_deck(out)
    mine = Card(id="mine", kind="basic", question="Who wrote this deck?", answer="Me")
    curated = built.model_copy(
        update={
            "cards": [mine],
            "deck": built.deck.model_copy(update={"rejected": [c.id for c in built.cards]}),
        }
    )
    save_deck(curated, out)
    before = out.read_bytes()
    capsys.readouterr()
    assert cli.main(["build", SEED, "-o", str(out), "--force"]) == 0
    said = capsys.readouterr()
    assert said.out.startswith(f"{out}: unchanged;")
    assert f"({len(built.cards)} rejected," in said.out
    assert said.err == ""
    assert out.read_bytes() == before
