"""Deck files: located errors for bad input, byte-stable atomic saves, round-trips."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp import deckfile
from quizapp.cli import main
from quizapp.deck import Card, Deck, DeckInfo, Source
from quizapp.deckfile import DeckFileError, dumps_deck, load_deck, loads_deck, save_deck
from quizapp.errors import UserError
from tests.conftest import DATA, REPO

MALFORMED = DATA / "malformed"

# file -> (line the message must name, words it must contain)
EXPECTED = {
    "bad_card_id.toml": (8, "id: 'When 1999' is not a card id"),
    "bad_deck_id.toml": (4, "[deck]: id: 'My Deck' is not a deck id"),
    "bad_kind.toml": (9, "kind: must be one of who, when, tier, cloze, basic"),
    "binary_junk.toml": (1, "is a binary file"),
    "bom_with_error.toml": (11, 'cards[0] (id "c1"): answer: must not be empty'),
    "cloze_no_blank.toml": (10, "exactly one blank (____), found 0"),
    "cloze_two_blanks.toml": (10, "exactly one blank (____), found 2"),
    "crlf_with_error.toml": (15, 'cards[1] (id "c2"): kind: must be one of'),
    "distractor_is_alias.toml": (
        13,
        "distractors: 'The Late  Nineties' is also an accepted answer",
    ),
    "distractor_is_answer.toml": (12, "distractors: '1999' is also an accepted answer"),
    "duplicate_ids.toml": (20, "cards[2] (id \"c1\"): id: 'c1' is already the id of cards[0]"),
    "empty.toml": (1, "is empty"),
    "empty_answer.toml": (17, 'cards[1] (id "c2"): answer: must not be empty'),
    "empty_question.toml": (10, "question: must not be empty"),
    "missing_answer.toml": (7, "answer: is required"),
    "missing_deck.toml": (1, "[deck]: is required"),
    "newer_format.toml": (1, "deck format 2 is newer than this quizapp (reads 1); upgrade quizapp"),
    "not_utf8.toml": (10, "is not UTF-8 text (byte 0xe9)"),
    "source_end_before_start.toml": (12, "source: end (20) is before start (40)"),
    "syntax_bad_header.toml": (7, "expected ']]'"),
    "syntax_duplicate_key.toml": (12, "cannot overwrite a value"),
    "syntax_missing_equals.toml": (12, "expected '='"),
    "syntax_unclosed_string.toml": (10, "illegal character"),
    "tag_with_space.toml": (12, "tags[0]: a tag is one word with no spaces"),
    "unknown_key_card.toml": (12, 'cards[0] (id "c1"): hint: unknown key'),
    "unknown_key_deck.toml": (6, "[deck]: author: unknown key"),
    "unknown_key_source.toml": (12, "source.page: unknown key"),
    "unknown_key_top.toml": (2, "version: unknown key"),
    "utf16.toml": (1, "is UTF-16 text"),
    "whitespace_only.toml": (1, "is empty"),
    "wrong_type_aliases.toml": (12, "aliases: must be a list"),
    "wrong_type_answer.toml": (11, "answer: must be text in quotes, not a number"),
    "wrong_type_cards_table.toml": (7, "[[cards]] tables"),
    "wrong_type_format.toml": (1, "format: must be a whole number, not text"),
    "wrong_type_start.toml": (12, "source.start: must be a whole number, not text"),
}
LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<why>.+)$")


def test_corpus_is_complete():
    on_disk = {p.name for p in MALFORMED.iterdir()}
    assert on_disk == set(EXPECTED)
    assert len(on_disk) >= 25


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_deck_gets_a_located_one_line_message(name, capsys):
    path = MALFORMED / name
    assert main(["validate", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    m = LOCATED.match(lines[0])
    assert m, lines[0]
    line, words = EXPECTED[name]
    assert m["path"] == str(path)
    assert int(m["line"]) == line
    assert words in m["why"]


def test_several_errors_in_one_file_are_all_reported(tmp_path, capsys):
    text = (MALFORMED / "unknown_key_card.toml").read_text()
    text += '\n[[cards]]\nid = "c2"\nkind = "when"\nquestion = ""\nanswer = ""\n'
    path = tmp_path / "two.toml"
    path.write_text(text)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert [int(LOCATED.match(e)["line"]) for e in err] == [12, 17, 18]


def test_validate_checks_every_file_and_reports_each(capsys):
    good = DATA / "decks" / "minimal.toml"
    bad = [MALFORMED / "empty.toml", MALFORMED / "bad_kind.toml"]
    assert main(["validate", str(bad[0]), str(good), str(bad[1])]) == 2
    out, err = capsys.readouterr()
    assert "minimal.toml: ok (0 cards)" in out
    assert [LOCATED.match(line)["path"] for line in err.splitlines()] == [str(p) for p in bad]


@pytest.mark.parametrize("path", sorted((DATA / "decks").glob("*.toml")), ids=lambda p: p.name)
def test_well_formed_fixtures_are_valid(path, capsys):
    assert main(["validate", str(path)]) == 0


def test_twenty_megabyte_field_is_refused_with_its_line(tmp_path, capsys):
    head = (DATA / "decks" / "minimal.toml").read_text()
    path = tmp_path / "huge.toml"
    big = "x" * 20_000_000
    path.write_text(
        head + f'\n[[cards]]\nid = "c1"\nkind = "basic"\nquestion = "{big}"\nanswer = "a"\n'
    )
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        f'{path}:10: cards[0] (id "c1"): question: is 20000000 characters long; the limit is 10000'
    )


def test_files_that_cannot_be_read_say_why(tmp_path, monkeypatch):
    with pytest.raises(DeckFileError, match=r": no such file$"):
        load_deck(tmp_path / "missing.toml")
    with pytest.raises(DeckFileError, match=r": is a directory, not a deck file$"):
        load_deck(tmp_path)

    locked = tmp_path / "locked.toml"
    locked.write_text("format = 1\n")

    def denied(self):
        raise PermissionError(13, "Permission denied")

    # The suite runs as root in CI, where chmod 000 would not stop a read.
    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(DeckFileError, match=r"locked.toml: cannot be read: permission denied$"):
        load_deck(locked)


def test_bad_input_exits_2_without_a_traceback_in_a_real_process():
    proc = subprocess.run(
        [sys.executable, "-m", "quizapp", "validate", str(MALFORMED / "binary_junk.toml")],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1


# --- saving ------------------------------------------------------------------


def sample_deck() -> Deck:
    return Deck(
        deck=DeckInfo(id="sample", title="Sample", tags=["history"]),
        cards=[
            Card(
                id="when-1",
                kind="when",
                question="When did it happen?",
                answer="December 2000",
                aliases=["Dec. 2000"],
                distractors=["1999", "2001", "2002"],
                tags=["when"],
                source=Source(text="It happened in December 2000.", start=10, end=39),
            ),
            Card(id="cloze-1", kind="cloze", question="It happened in ____.", answer="2000"),
        ],
    )


def test_saving_twice_gives_byte_identical_files(tmp_path):
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    save_deck(sample_deck(), a)
    save_deck(load_deck(a), b)
    assert a.read_bytes() == b.read_bytes()
    assert load_deck(b) == sample_deck()


def test_saved_layout_matches_the_documented_format(tmp_path):
    text = dumps_deck(sample_deck())
    assert text.startswith("format = 1\n\n[deck]\n")
    assert text.count("[[cards]]") == 2
    assert 'source = { text = "It happened in December 2000.", start = 10, end = 39 }' in text
    # Empty optional fields are left out.
    assert "aliases" not in text.split("[[cards]]")[2]


def test_a_crash_mid_save_leaves_the_old_file_whole(tmp_path, monkeypatch):
    path = tmp_path / "deck.toml"
    save_deck(sample_deck(), path)
    before = path.read_bytes()

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(deckfile.os, "replace", crash)
    changed = sample_deck()
    changed.cards.pop()
    with pytest.raises(UserError, match="No space left on device"):
        save_deck(changed, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["deck.toml"]


def test_saving_keeps_the_files_permissions(tmp_path):
    path = tmp_path / "deck.toml"
    save_deck(sample_deck(), path)
    os.chmod(path, 0o640)
    save_deck(sample_deck(), path)
    assert path.stat().st_mode & 0o777 == 0o640


# --- round-trip property -------------------------------------------------------

# Arbitrary unicode (no lone surrogates: they cannot be encoded as UTF-8 at all).
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip())
NASTY = st.sampled_from(
    ['"', "\\", "\n", "[/]", "[bold]", "'''", '"""', "😀", "\r\n", "\t", "\x7f"]
)
FIELD = st.one_of(TEXT, st.builds(lambda a, b, c: a + b + c, TEXT, NASTY, TEXT))


@st.composite
def cards(draw, index: int) -> Card:
    answer = draw(FIELD)
    aliases = draw(st.lists(FIELD, max_size=3))
    taken = {" ".join(x.casefold().split()) for x in [answer, *aliases]}
    distractors = [
        d for d in draw(st.lists(FIELD, max_size=3)) if " ".join(d.casefold().split()) not in taken
    ]
    source = draw(
        st.none()
        | st.builds(
            lambda t, s, n: Source(text=t, start=s, end=s + n),
            FIELD,
            st.integers(0, 10**6),
            st.integers(0, 500),
        )
    )
    return Card(
        id=f"c{index}",
        kind=draw(st.sampled_from(["who", "when", "tier", "basic"])),
        question=draw(FIELD),
        answer=answer,
        aliases=aliases,
        distractors=distractors,
        tags=draw(st.lists(st.from_regex(r"[a-z0-9_:-]{1,12}", fullmatch=True), max_size=3)),
        source=source,
    )


@st.composite
def decks(draw) -> Deck:
    n = draw(st.integers(0, 5))
    return Deck(
        deck=DeckInfo(
            id="d",
            title=draw(FIELD),
            description=draw(st.just("") | FIELD),
            source=draw(st.none() | FIELD | st.lists(FIELD, max_size=2)),
        ),
        cards=[draw(cards(i)) for i in range(n)],
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(decks())
def test_load_save_load_round_trips_any_text(deck):
    text = dumps_deck(deck)
    again = loads_deck(text)
    assert again == deck
    assert dumps_deck(again) == text


def test_validate_counts_cards_in_plain_english(capsys):
    assert (
        main(["validate", str(DATA / "decks" / "crlf.toml"), str(DATA / "decks" / "minimal.toml")])
        == 0
    )
    out = capsys.readouterr().out
    assert "crlf.toml: ok (1 card)\n" in out
    assert "minimal.toml: ok (0 cards)\n" in out
