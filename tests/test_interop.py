"""CSV, TSV and JSON in and out; the JSON Schema of the deck format."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest

from quizapp.cli import main
from quizapp.deck import Card, Deck, DeckInfo, deck_json_schema
from quizapp.deckfile import load_deck, save_deck
from quizapp.interop.csvfmt import COLUMNS, dumps_csv, loads_csv
from quizapp.interop.jsonfmt import dumps_json, loads_json
from tests.conftest import DATA, REPO

HOSTILE = 'Comma, "quote", new\nline and [/] [bold]'


def deck_with(*cards: Card) -> Deck:
    return Deck(deck=DeckInfo(id="t", title="T"), cards=list(cards))


def test_csv_export_escapes_commas_quotes_and_newlines():
    deck = deck_with(
        Card(
            id="a",
            kind="basic",
            question=HOSTILE,
            answer="x, y",
            aliases=["b|c", "d"],
            tags=["t1", "t2"],
        )
    )
    text = dumps_csv(deck)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == list(COLUMNS)
    assert rows[1] == ["a", "basic", HOSTILE, "x, y", "b|c | d", "t1 t2"]


def test_csv_round_trip_keeps_ids_questions_answers_and_tags():
    deck = deck_with(
        Card(id="a", kind="when", question=HOSTILE, answer="2000", aliases=["Y2K"], tags=["when"]),
        Card(id="b", kind="basic", question="Q?", answer="A"),
    )
    again = loads_csv(dumps_csv(deck), "x.csv", deck_id="t", title="T")
    assert [(c.id, c.kind, c.question, c.answer, c.aliases, c.tags) for c in again.cards] == [
        (c.id, c.kind, c.question, c.answer, c.aliases, c.tags) for c in deck.cards
    ]


def test_import_generates_stable_ids_when_absent(tmp_path):
    src = tmp_path / "vocab.tsv"
    src.write_text("Question\tAnswer\tTags\nCapital of France?\tParis\tgeo\n2 + 2?\t4\t\n")
    out1, out2 = tmp_path / "one.toml", tmp_path / "two.toml"
    assert main(["import", str(src), "-o", str(out1)]) == 0
    assert main(["import", str(src), "-o", str(out2)]) == 0
    assert out1.read_bytes() == out2.read_bytes()
    deck = load_deck(out1)
    assert deck.deck.id == "vocab"
    assert [c.answer for c in deck.cards] == ["Paris", "4"]
    assert deck.cards[0].tags == ["geo"]
    assert len({c.id for c in deck.cards}) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("front,back\nq,a\n", "x.csv:1: header has no 'question' column"),
        ("question,answer\nq,\n", "x.csv:2: answer: must not be empty"),
        ("question,answer\nq,a\nq,a\n", "x.csv:3: id: 'basic-"),
        ("question,answer\nq,a,extra\n", "x.csv:2: row has 3 fields; the header has 2"),
        ("", "x.csv:1: is empty; expected a header row with question and answer"),
        ("\n\n", "x.csv:1: is empty; expected a header row with question and answer"),
        ("question,answer\nq,a\x00\n", "x.csv:1: is a binary file, not a CSV file"),
        (
            "question,answer,alias\nq,a,b\n",
            "x.csv:1: unknown column 'alias' (columns: id, kind, question, answer, aliases, tags)",
        ),
    ],
)
def test_bad_csv_is_refused_with_its_line(tmp_path, capsys, content, message):
    src = tmp_path / "x.csv"
    src.write_text(content)
    assert main(["import", str(src), "-o", str(tmp_path / "out.toml")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(str(tmp_path / message)), err
    assert not (tmp_path / "out.toml").exists()


def test_import_excel_csv_with_bom_crlf_and_quoted_line_breaks(tmp_path):
    src = tmp_path / "excel.csv"
    src.write_bytes(
        b'\xef\xbb\xbfQuestion,Answer,\r\n"Two\r\nlines?","yes, ""quoted""",\r\nWho?,Me,\r\n'
    )
    out = tmp_path / "out.toml"
    assert main(["import", str(src), "-o", str(out)]) == 0
    deck = load_deck(out)
    assert [(c.question, c.answer) for c in deck.cards] == [
        ("Two\nlines?", 'yes, "quoted"'),
        ("Who?", "Me"),
    ]


def test_export_refuses_to_overwrite_without_force(tmp_path, capsys):
    deck = DATA / "decks" / "bom.toml"
    out = tmp_path / "out.csv"
    out.write_text("precious")
    assert main(["export", str(deck), "--format", "csv", "-o", str(out)]) == 2
    assert out.read_text() == "precious"
    assert "already exists; use --force" in capsys.readouterr().err
    assert main(["export", str(deck), "--format", "csv", "-o", str(out), "--force"]) == 0
    assert out.read_text().startswith("id,kind,question,answer,aliases,tags")


def test_export_to_stdout(capsys):
    assert main(["export", str(DATA / "decks" / "crlf.toml"), "--format", "json", "-o", "-"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["cards"][0]["answer"] == "1999"


def test_json_round_trip(tmp_path):
    deck = deck_with(Card(id="a", kind="basic", question=HOSTILE, answer="😀", distractors=["x"]))
    assert loads_json(dumps_json(deck)) == deck
    toml_path = tmp_path / "d.toml"
    json_path = tmp_path / "d.json"
    json_path.write_text(dumps_json(deck))
    assert main(["import", str(json_path), "-o", str(toml_path)]) == 0
    assert load_deck(toml_path) == deck


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[]", "x.json: must hold one JSON object with format, deck and cards"),
        (
            '{"format": 1, "deck": {"id": "x", "title": "X"}, "cards": '
            '[{"id": "a", "kind": "basic", "question": "q", "answer": " "}]}',
            'x.json: cards[0] (id "a"): answer: must not be empty',
        ),
        (
            '{"format": 1, "deck": {"id": "x", "title": "X", "colour": 1}, "cards": []}',
            "x.json: [deck]: colour: unknown key",
        ),
    ],
)
def test_bad_json_is_refused_naming_the_card_and_field(tmp_path, capsys, content, message):
    src = tmp_path / "x.json"
    src.write_text(content)
    assert main(["import", str(src), "-o", str(tmp_path / "out.toml")]) == 2
    assert capsys.readouterr().err == str(tmp_path / message) + "\n"


def test_toml_export_normalises_a_hand_written_deck(tmp_path):
    out = tmp_path / "out.toml"
    assert main(["export", str(DATA / "decks" / "crlf.toml"), "-f", "toml", "-o", str(out)]) == 0
    assert b"\r\n" not in out.read_bytes()
    assert load_deck(out) == load_deck(DATA / "decks" / "crlf.toml")


# --- schema ----------------------------------------------------------------------


def all_valid_decks():
    return sorted([*(REPO / "decks").glob("*.toml"), *(DATA / "decks").glob("*.toml")])


def as_json(path):
    import tomllib

    return tomllib.loads(path.read_bytes().decode("utf-8-sig"))


def test_schema_command_prints_the_models_schema(capsys):
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == deck_json_schema()
    jsonschema.Draft202012Validator.check_schema(printed)


@pytest.mark.parametrize("path", all_valid_decks(), ids=lambda p: p.name)
def test_schema_accepts_every_valid_deck(path):
    jsonschema.validate(as_json(path), deck_json_schema())


# Structural problems a schema can see; cross-field rules (duplicate ids, a
# distractor equal to the answer, cloze blanks) are only checked by quizapp.
SCHEMA_CATCHES = [
    "bad_card_id",
    "cloze_no_blank",
    "cloze_two_blanks",
    "bad_deck_id",
    "bad_kind",
    "empty_answer",
    "empty_question",
    "missing_answer",
    "missing_deck",
    "newer_format",
    "tag_with_space",
    "unknown_key_card",
    "unknown_key_deck",
    "unknown_key_source",
    "unknown_key_top",
    "wrong_type_aliases",
    "wrong_type_answer",
    "wrong_type_cards_table",
    "wrong_type_format",
    "wrong_type_start",
]


@pytest.mark.parametrize("name", SCHEMA_CATCHES)
def test_schema_rejects_malformed_decks(name):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(as_json(DATA / "malformed" / f"{name}.toml"), deck_json_schema())


def test_saved_decks_validate_against_the_schema(tmp_path):
    deck = deck_with(Card(id="a", kind="cloze", question="In ____.", answer="2000"))
    save_deck(deck, tmp_path / "d.toml")
    jsonschema.validate(as_json(tmp_path / "d.toml"), deck_json_schema())


@pytest.mark.parametrize("question", ["In ____.", "In ________ it began.", "A ____ B ___ C"])
def test_schema_accepts_a_cloze_with_one_blank_however_long(question):
    deck = deck_with(Card(id="a", kind="cloze", question=question, answer="x"))
    jsonschema.validate(deck.model_dump(mode="json"), deck_json_schema())


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_import_checks_id_option_and_applies_it(tmp_path, capsys, suffix):
    src = tmp_path / f"x{suffix}"
    if suffix == ".csv":
        src.write_text("question,answer\nq,a\n")
    else:
        src.write_text(
            dumps_json(
                Deck(
                    deck=DeckInfo(id="old", title="Old"),
                    cards=[Card(id="a", kind="basic", question="q", answer="a")],
                )
            )
        )
    out = tmp_path / "out.toml"
    assert main(["import", str(src), "--id", "Bad Id", "-o", str(out)]) == 2
    assert capsys.readouterr().err.startswith("--id: 'Bad Id' is not a deck id")
    assert not out.exists()
    assert main(["import", str(src), "--id", "new-id", "--title", "New", "-o", str(out)]) == 0
    deck = load_deck(out)
    assert (deck.deck.id, deck.deck.title) == ("new-id", "New")


def test_import_says_when_the_spreadsheet_is_a_folder(tmp_path, capsys):
    folder = tmp_path / "cards.csv"
    folder.mkdir()
    assert main(["import", str(folder), "-o", str(tmp_path / "out.toml")]) == 2
    assert capsys.readouterr().err == f"{folder}: is a directory, not a CSV file\n"
