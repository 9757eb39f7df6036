"""Deck -> Anki package (.apkg), through genanki (the optional `anki` extra).

Re-importing an export must update the notes already in a student's
collection, not add copies, so every id that Anki matches on is derived from
our own stable ids: a note's GUID from (deck id, card id), the Anki deck id
from the deck id, and the two note types have fixed ids of their own.

Card text is plain text and Anki fields are HTML, so every field is escaped;
a cloze card's `____` becomes `{{c1::answer}}`, with braces in the text
escaped so a card can never create a cloze or template reference of its own.

The package is deterministic for a given deck and timestamp. The timestamp
becomes the notes' modification time, which Anki compares ("update if newer")
when re-importing, so it defaults to now; SOURCE_DATE_EPOCH pins it for
reproducible builds.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import os
import sqlite3
import tempfile
import time
import zipfile
from pathlib import Path

from quizapp.deck import BLANK_RE, Card, Deck
from quizapp.errors import UserError

# Changing these makes Anki treat our note types as new ones: bump only with the layout.
BASIC_MODEL_NAME = "quizapp basic (v1)"
CLOZE_MODEL_NAME = "quizapp cloze (v1)"

CSS = """\
.card { font-family: sans-serif; font-size: 20px; text-align: center; color: black; background: white; }
.aliases { font-size: 16px; color: #555; }
.source { margin-top: 1em; font-size: 14px; color: #666; font-style: italic; }
.cloze { font-weight: bold; color: #1a5fb4; }
"""

BASIC_TEMPLATE = {
    "name": "Card 1",
    "qfmt": "{{Front}}",
    "afmt": (
        '{{FrontSide}}<hr id="answer">{{Back}}'
        '{{#Source}}<div class="source">{{Source}}</div>{{/Source}}'
    ),
}
CLOZE_TEMPLATE = {
    "name": "Cloze",
    "qfmt": "{{cloze:Text}}",
    "afmt": '{{cloze:Text}}{{#Source}}<div class="source">{{Source}}</div>{{/Source}}',
}


def anki_id(*parts: str) -> int:
    """A stable id in the range genanki recommends for deck and note-type ids."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def _genanki():
    try:
        import genanki
    except ImportError:
        raise UserError(
            "exporting to Anki needs genanki: pip install 'quizapp[anki]'", code=1
        ) from None
    return genanki


def escape(text: str) -> str:
    """Plain text as Anki field HTML: markup shown literally, line breaks kept."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def escape_cloze(text: str) -> str:
    """Like escape(), and braces too, so `{{c2::x}}` in card text stays text."""
    return escape(text).replace("{", "&#123;").replace("}", "&#125;")


def cloze_text(card: Card) -> str:
    """The cloze question with its one blank replaced by `{{c1::answer}}`."""
    match = BLANK_RE.search(card.question)
    if match is None:  # the model guarantees one blank; stay total anyway
        return escape_cloze(card.question) + " {{c1::" + escape_cloze(card.answer) + "}}"
    before, after = card.question[: match.start()], card.question[match.end() :]
    return escape_cloze(before) + "{{c1::" + escape_cloze(card.answer) + "}}" + escape_cloze(after)


def basic_back(card: Card) -> str:
    back = escape(card.answer)
    if card.aliases:
        also = "; ".join(escape(a) for a in card.aliases)
        back += f'<div class="aliases">also accepted: {also}</div>'
    return back


def note_tags(card: Card) -> list[str]:
    tags = list(dict.fromkeys([*card.tags, card.kind]))
    return tags


def build_package(deck: Deck):
    """The genanki Package for a deck (one Anki deck, two note types)."""
    genanki = _genanki()
    basic = genanki.Model(
        anki_id("quizapp", BASIC_MODEL_NAME),
        BASIC_MODEL_NAME,
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Source"}],
        templates=[BASIC_TEMPLATE],
        css=CSS,
    )
    cloze = genanki.Model(
        anki_id("quizapp", CLOZE_MODEL_NAME),
        CLOZE_MODEL_NAME,
        fields=[{"name": "Text"}, {"name": "Source"}],
        templates=[CLOZE_TEMPLATE],
        css=CSS,
        model_type=genanki.Model.CLOZE,
    )
    # "::" in an Anki deck name means a sub-deck; a title is one deck.
    name = " ".join(deck.deck.title.replace("::", ":").split())
    anki_deck = genanki.Deck(
        anki_id("quizapp-deck", deck.deck.id), name, escape(deck.deck.description)
    )
    for card in deck.cards:
        source = escape(card.source.text) if card.source else ""
        if card.kind == "cloze":
            model, fields = cloze, [cloze_text(card), source]
        else:
            model, fields = basic, [escape(card.question), basic_back(card), source]
        anki_deck.add_note(
            genanki.Note(
                model=model,
                fields=fields,
                tags=note_tags(card),
                guid=genanki.guid_for(deck.deck.id, card.id),
            )
        )
    return genanki.Package(anki_deck)


def default_timestamp() -> float:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return float(epoch)
    return time.time()


def export_apkg_bytes(deck: Deck, *, timestamp: float | None = None) -> bytes:
    """The deck as the bytes of an .apkg file; the same deck and timestamp give the same bytes."""
    package = build_package(deck)
    ts = default_timestamp() if timestamp is None else timestamp
    # genanki's write_to_file leaves its temporary database behind and stamps the
    # zip with the file's mtime; writing the database ourselves avoids both.
    with tempfile.TemporaryDirectory(prefix="quizapp-apkg-") as folder:
        db_path = Path(folder) / "collection.anki2"
        conn = sqlite3.connect(db_path)
        try:
            package.write_to_db(conn.cursor(), ts, itertools.count(int(ts * 1000)))
            conn.commit()
        finally:
            conn.close()
        database = db_path.read_bytes()
    out = io.BytesIO()
    stamp = time.gmtime(max(ts, 315532800))[:6]  # zip dates start in 1980
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in (("collection.anki2", database), ("media", b"{}")):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return out.getvalue()


__all__ = ["anki_id", "build_package", "export_apkg_bytes"]
