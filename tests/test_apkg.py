"""Anki export, checked by importing into a real Anki collection."""

from __future__ import annotations

import zipfile

import pytest

from quizapp.cli import main
from quizapp.deck import Card, Deck, DeckInfo, Source
from quizapp.deckfile import save_deck
from quizapp.interop.apkg import export_apkg_bytes

anki_collection = pytest.importorskip("anki.collection")


def sample_deck() -> Deck:
    return Deck(
        deck=DeckInfo(
            id="russia-2003", title="Russia & trafficking", description="<b>not bold</b>"
        ),
        cards=[
            Card(
                id="when-1",
                kind="when",
                question="When did Russia sign the U.N. Trafficking Protocol?",
                answer="December 2000",
                aliases=["Dec. 2000"],
                distractors=["1999", "2003"],
                tags=["history", "protocol"],
                source=Source(
                    text="Russia signed the Protocol in December 2000.", start=10, end=55
                ),
            ),
            Card(
                id="cloze-1",
                kind="cloze",
                question="In 2001 the U.S. placed Russia in ____, the worst tier.",
                answer="Tier 3",
                tags=["tiers"],
                source=Source(text="placed Russia in Tier 3, the worst tier."),
            ),
            Card(
                id="cloze-2",
                kind="cloze",
                question="Braces {{c2::stay}} text: ____ <script>",
                answer="x}} & y",
            ),
            Card(id="basic-1", kind="basic", question="Is <i>this</i> 1 < 2?", answer="yes"),
        ],
    )


def open_collection(path):
    return anki_collection.Collection(str(path))


def import_apkg(col, apkg_path):
    options = anki_collection.ImportAnkiPackageOptions(
        with_scheduling=False, with_deck_configs=False, merge_notetypes=True
    )
    request = anki_collection.ImportAnkiPackageRequest(package_path=str(apkg_path), options=options)
    return col.import_anki_package(request)


def notes_by_guid(col):
    return {col.get_note(nid).guid: col.get_note(nid) for nid in col.find_notes("")}


def test_export_imports_into_anki_with_fields_tags_and_cloze(tmp_path):
    deck = sample_deck()
    apkg = tmp_path / "deck.apkg"
    apkg.write_bytes(export_apkg_bytes(deck, timestamp=1_700_000_000))
    col = open_collection(tmp_path / "c.anki2")
    try:
        log = import_apkg(col, apkg)
        assert len(log.log.new) == 4
        assert col.note_count() == 4
        # one card per note: each cloze note has exactly one blank
        assert col.card_count() == 4
        notes = list(notes_by_guid(col).values())
        by_first = {n.fields[0]: n for n in notes}

        when = by_first["When did Russia sign the U.N. Trafficking Protocol?"]
        assert when.note_type()["name"] == "quizapp basic (v1)"
        assert [f["name"] for f in when.note_type()["flds"]] == ["Front", "Back", "Source"]
        assert when["Back"].startswith("December 2000")
        assert "Dec. 2000" in when["Back"]
        assert when["Source"] == "Russia signed the Protocol in December 2000."
        assert sorted(when.tags) == ["history", "protocol", "when"]

        tier = by_first["In 2001 the U.S. placed Russia in {{c1::Tier 3}}, the worst tier."]
        assert tier.note_type()["name"] == "quizapp cloze (v1)"
        assert tier.note_type()["type"] == 1  # MODEL_CLOZE
        assert sorted(tier.tags) == ["cloze", "tiers"]
        assert tier["Source"] == "placed Russia in Tier 3, the worst tier."
        cloze_card = tier.cards()[0]
        assert "[...]" in cloze_card.question()
        assert "Tier 3" in cloze_card.answer()

        # Text that looks like cloze syntax or HTML stays text.
        tricky = next(n for n in notes if n.fields[0].startswith("Braces"))
        assert len(tricky.cards()) == 1
        assert "<script>" not in tricky.fields[0]
        assert "&lt;script&gt;" in tricky.fields[0]
        assert "{{c2::" not in tricky.fields[0]
        basic = next(n for n in notes if n.fields[0].startswith("Is "))
        assert basic.fields[0] == "Is &lt;i&gt;this&lt;/i&gt; 1 &lt; 2?"

        deck_names = {d.name for d in col.decks.all_names_and_ids()}
        assert "Russia & trafficking" in deck_names
    finally:
        col.close()


def test_reimport_updates_notes_and_adds_no_duplicates(tmp_path):
    deck = sample_deck()
    first = tmp_path / "first.apkg"
    first.write_bytes(export_apkg_bytes(deck, timestamp=1_700_000_000))
    col = open_collection(tmp_path / "c.anki2")
    try:
        import_apkg(col, first)
        guids = set(notes_by_guid(col))
        # The instructor fixes a card and exports again, later.
        deck.cards[0].answer = "Dec 2000"
        deck.cards[0].aliases = []
        second = tmp_path / "second.apkg"
        second.write_bytes(export_apkg_bytes(deck, timestamp=1_700_000_500))
        log = import_apkg(col, second)
        assert len(log.log.new) == 0
        assert col.note_count() == 4
        assert col.card_count() == 4
        assert set(notes_by_guid(col)) == guids
        when = next(n for n in notes_by_guid(col).values() if n.fields[0].startswith("When"))
        assert when["Back"] == "Dec 2000"
        # Exporting the very same deck once more changes nothing either.
        import_apkg(col, second)
        assert col.note_count() == 4
    finally:
        col.close()


def test_same_deck_and_timestamp_give_identical_bytes():
    a = export_apkg_bytes(sample_deck(), timestamp=1_700_000_000)
    b = export_apkg_bytes(sample_deck(), timestamp=1_700_000_000)
    assert a == b


def test_source_date_epoch_pins_the_timestamp(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert export_apkg_bytes(sample_deck()) == export_apkg_bytes(
        sample_deck(), timestamp=1_700_000_000
    )


def test_export_command_writes_apkg(tmp_path, capsys):
    save_deck(sample_deck(), tmp_path / "d.toml")
    out = tmp_path / "d.apkg"
    assert main(["export", str(tmp_path / "d.toml"), "--format", "apkg", "-o", str(out)]) == 0
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == ["collection.anki2", "media"]
    assert main(["export", str(tmp_path / "d.toml"), "-f", "apkg", "-o", "-"]) == 2
    assert "binary" in capsys.readouterr().err


def test_missing_genanki_is_a_user_error(monkeypatch, tmp_path, capsys):
    import builtins

    real_import = builtins.__import__

    def no_genanki(name, *args, **kwargs):
        if name == "genanki":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_genanki)
    save_deck(sample_deck(), tmp_path / "d.toml")
    code = main(["export", str(tmp_path / "d.toml"), "-f", "apkg", "-o", str(tmp_path / "x.apkg")])
    assert code == 1
    assert "pip install 'quizapp[anki]'" in capsys.readouterr().err
    assert not (tmp_path / "x.apkg").exists()
