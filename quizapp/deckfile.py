"""Deck files: TOML <-> Deck, with errors that point at the line.

tomllib reports positions only for syntax errors, so validation errors are
mapped back to lines by `_LineIndex`, a small scanner that knows where each
table header and key of the document starts.

Reading and parsing (`read_text`, `parse_toml`) import neither pydantic nor the
deck models: the app parses a deck file and shows its first question before paying
for those (`validate_deck` then checks the parsed document).
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.errors import UserError

if TYPE_CHECKING:
    from pydantic import ValidationError

    from quizapp.deck import Deck

# Far above any real deck (100,000 cards is about 40 MB) but stops a stray
# multi-gigabyte file from being read into memory.
MAX_FILE_BYTES = 64 * 1024 * 1024


class DeckFileError(UserError):
    """A deck file that cannot be read; str() is `path:line[:col]: message`."""

    def __init__(
        self, path: str | os.PathLike, message: str, line: int | None = None, col: int | None = None
    ) -> None:
        self.path = str(path)
        self.line = line
        self.col = col
        self.reason = message
        where = self.path
        if line is not None:
            where += f":{line}"
            if col is not None:
                where += f":{col}"
        super().__init__(f"{where}: {message}", code=2)


class DeckFileErrors(DeckFileError):
    """Several problems in one file; the message lists one per line."""

    def __init__(self, errors: Sequence[DeckFileError]) -> None:
        first = errors[0]
        super().__init__(first.path, first.reason, first.line, first.col)
        self.errors = list(errors)
        self.message = "\n".join(e.message for e in errors)


# --- reading ---------------------------------------------------------------


def read_bytes(path: str | os.PathLike, *, kind: str = "deck file") -> bytes:
    """The file's bytes, or a DeckFileError that says why it cannot be read."""
    p = Path(path)
    try:
        if p.is_dir():
            raise DeckFileError(p, f"is a directory, not a {kind}")
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DeckFileError(
                p,
                f"is {size / 1e6:.0f} MB; a {kind} may be at most {MAX_FILE_BYTES // 2**20} MB",
            )
        return p.read_bytes()
    except FileNotFoundError:
        raise DeckFileError(p, "no such file") from None
    except PermissionError:
        raise DeckFileError(p, "cannot be read: permission denied") from None
    except OSError as exc:
        raise DeckFileError(p, f"cannot be read: {exc.strerror or exc}") from None


def read_text(path: str | os.PathLike) -> str:
    """The deck file's text, or a DeckFileError that says why it cannot be read."""
    return decode(read_bytes(path), path)


def decode(data: bytes, path: str | os.PathLike) -> str:
    if not data.strip():
        raise DeckFileError(
            path, "is empty; a deck needs at least format = 1 and a [deck] table", 1
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DeckFileError(path, "is UTF-16 text; save it as UTF-8", 1, 1)
    if (nul := data.find(b"\x00", 0, 8192)) >= 0:
        line, col = _line_col(data[:nul].decode("utf-8", "replace"), nul)
        raise DeckFileError(path, "is a binary file, not a TOML deck", line, col)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data[: exc.start].decode("utf-8", "replace"), exc.start)
        raise DeckFileError(
            path, f"is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8", line, col
        ) from None
    # Editors on Windows add a byte-order mark; it carries no meaning, so accept it.
    return text.removeprefix("\ufeff")


def _line_col(prefix: str, _offset: int) -> tuple[int, int]:
    line = prefix.count("\n") + 1
    col = len(prefix) - (prefix.rfind("\n") + 1) + 1
    return line, col


_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")


def parse_toml(text: str, path: str | os.PathLike) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        if m := _TOML_POS.search(message):
            raise DeckFileError(
                path, _sentence(message[: m.start()]), int(m.group(1)), int(m.group(2))
            ) from None
        if m := _TOML_END.search(message):
            line = text.count("\n") + 1
            raise DeckFileError(
                path, _sentence(message[: m.start()]) + " at end of file", line
            ) from None
        raise DeckFileError(path, f"TOML syntax error: {message}") from None


def _sentence(message: str) -> str:
    return message[:1].lower() + message[1:] if message else "TOML syntax error"


def loads_deck(text: str, path: str | os.PathLike = "<deck>") -> Deck:
    return validate_deck(parse_toml(text, path), text, path)


def validate_deck(data: dict[str, Any], text: str, path: str | os.PathLike = "<deck>") -> Deck:
    """The Deck of a parsed document (`data` = parse_toml(text, path)); errors name
    their line in `text`."""
    from pydantic import ValidationError

    from quizapp.deck import Deck

    try:
        return Deck.model_validate(data)
    except ValidationError as exc:
        raise _located(exc, data, text, path) from None


def load_deck(path: str | os.PathLike) -> Deck:
    return loads_deck(read_text(path), path)


# --- locating validation errors ---------------------------------------------


_FRIENDLY = {
    "missing": "is required",
    "extra_forbidden": "unknown key",
    "string_type": "must be text in quotes",
    "int_type": "must be a whole number",
    "list_type": 'must be a list, e.g. ["a", "b"]',
    "model_type": "must be a table",
    "model_attributes_type": "must be a table",
    "dict_type": "must be a table",
    "greater_than_equal": "must be 0 or more",
}


def _message(err: dict[str, Any]) -> str:
    from quizapp.deck import KINDS

    kind = err["type"]
    friendly = _FRIENDLY.get(kind)
    if kind == "literal_error":
        friendly = "must be one of " + ", ".join(KINDS)
    if friendly and kind.endswith("_type"):
        return f"{friendly}, not {_toml_type(err.get('input'))}"
    return friendly or err["msg"].removeprefix("Value error, ")


def _toml_type(value: Any) -> str:
    match value:
        case bool():
            return "true/false"
        case int():
            return "a number"
        case float():
            return "a decimal number"
        case str():
            return "text"
        case list():
            return "a list"
        case dict():
            return "a table"
        case _:
            return type(value).__name__


def _located(
    exc: ValidationError, data: dict[str, Any], text: str, path: str | os.PathLike
) -> DeckFileError:
    index = _LineIndex(text)
    errors: list[DeckFileError] = []
    seen: set[tuple[Any, ...]] = set()
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        ctx = err.get("ctx") or {}
        # Cross-card checks report the card through their context, not their loc.
        if "index" in ctx and loc == ("cards",):
            loc = ("cards", ctx["index"])
        if "field" in ctx:
            loc = (*loc, ctx["field"])
        where, field = _describe(loc, data)
        line = index.line_of(loc)
        message = _message(err)
        if loc == ("cards",) and err["type"] == "list_type":
            message = "cards are written as [[cards]] tables, not [cards]"
        key = (line, where, field, message)
        if key in seen:
            continue
        seen.add(key)
        text_msg = ": ".join(part for part in (where, field, message) if part)
        errors.append(DeckFileError(path, text_msg, line))
    errors.sort(key=lambda e: e.line or 0)
    return errors[0] if len(errors) == 1 else DeckFileErrors(errors)


def _describe(loc: tuple[Any, ...], data: dict[str, Any]) -> tuple[str, str]:
    """('cards', 3, 'answer') -> ('cards[3] (id "when-1999")', 'answer')."""
    if len(loc) >= 2 and loc[0] == "cards" and isinstance(loc[1], int):
        where = f"cards[{loc[1]}]"
        cards = data.get("cards")
        if isinstance(cards, list) and loc[1] < len(cards) and isinstance(cards[loc[1]], dict):
            card_id = cards[loc[1]].get("id")
            if isinstance(card_id, str) and card_id:
                where += f' (id "{card_id[:60]}")'
        rest = loc[2:]
    elif loc and loc[0] == "deck":
        where, rest = "[deck]", loc[1:]
    else:
        where, rest = "", loc
    field = ""
    for part in rest:
        field += f"[{part}]" if isinstance(part, int) else (f".{part}" if field else str(part))
    return where, field


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)


def _split_key(key: str) -> tuple[str, ...]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", key)
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in parts)


class _LineIndex:
    """Line numbers of table headers and keys, by their path in the document."""

    def __init__(self, text: str) -> None:
        self.lines: dict[tuple[Any, ...], int] = {}
        counts: dict[tuple[str, ...], int] = {}
        table: tuple[Any, ...] = ()
        in_multiline: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if in_multiline:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            if m := _HEADER.match(line):
                names = _split_key(m.group(2))
                if m.group(1) == "[[":
                    n = counts.get(names, 0)
                    counts[names] = n + 1
                    table = (*names, n)
                else:
                    table = self._resolve(names, counts)
                self.lines.setdefault(table, number)
                continue
            if m := _KEY.match(line):
                self.lines.setdefault((*table, *_split_key(m.group(1))), number)
                for quote in ('"""', "'''"):
                    if line.count(quote) % 2 == 1:
                        in_multiline = quote

    @staticmethod
    def _resolve(names: tuple[str, ...], counts: dict[tuple[str, ...], int]) -> tuple[Any, ...]:
        # [cards.source] belongs to the last [[cards]] seen so far.
        for cut in range(len(names) - 1, 0, -1):
            head = names[:cut]
            if head in counts:
                return (*head, counts[head] - 1, *names[cut:])
        return names

    def line_of(self, loc: Iterable[Any]) -> int:
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        # A missing top-level key belongs to the document as a whole.
        return 1


# --- writing ---------------------------------------------------------------


def _value(value: Any) -> str:
    import tomli_w

    return tomli_w.dumps({"v": value})[4:-1]


def _inline(table: dict[str, Any]) -> str:
    return "{ " + ", ".join(f"{k} = {_value(v)}" for k, v in table.items()) + " }"


def dumps_deck(deck: Deck) -> str:
    """The deck as TOML; the same deck always gives the same text.

    Empty optional fields are left out so hand-written and generated decks
    look alike; every card is a [[cards]] table with its source inline.
    """
    import tomli_w

    info = deck.deck.model_dump(exclude_defaults=True)
    parts = [tomli_w.dumps({"format": deck.format}), "\n", tomli_w.dumps({"deck": info})]
    for card in deck.cards:
        body = card.model_dump(exclude_defaults=True, exclude={"source"})
        parts.append("\n[[cards]]\n")
        parts.append(tomli_w.dumps(body))
        if card.source is not None:
            parts.append(f"source = {_inline(card.source.model_dump(exclude_none=True))}\n")
    return "".join(parts)


def save_deck(deck: Deck, path: str | os.PathLike) -> None:
    """Write atomically: a crash mid-save leaves the old file or the new one, never half."""
    write_atomic(Path(path), dumps_deck(deck).encode("utf-8"))


def write_atomic(path: Path, data: bytes) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else None
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise UserError(f"{path}: cannot write: {exc.strerror or exc}", code=1) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UserError(f"{path}: cannot write: {exc.strerror or exc}", code=1) from None
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


__all__ = [
    "DeckFileError",
    "DeckFileErrors",
    "dumps_deck",
    "load_deck",
    "loads_deck",
    "parse_toml",
    "read_text",
    "save_deck",
    "validate_deck",
    "write_atomic",
]
