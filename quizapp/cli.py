"""Command line: argument parsing and exit codes; the work happens elsewhere.

Exit codes: 0 success, 1 the operation failed, 2 bad input or usage.
Handlers import what they need inside the function so that `quizapp --help`
and start-up of the app do not pay for modules they never use.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence, Sized
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp import __version__
from quizapp.errors import UserError

if TYPE_CHECKING:
    import argparse

EXPORT_FORMATS = ("toml", "json", "csv", "apkg", "md")


def count(items: Sized, noun: str) -> str:
    """'1 card', '2 cards': messages a person reads should not say '1 cards'."""
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def write_output(path: str, data: str | bytes, *, force: bool) -> None:
    """Write a command's result to a file, or to stdout for '-'; never clobber by surprise."""
    if path == "-":
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        sys.stdout.flush()
        return
    from quizapp.deckfile import write_atomic

    target = Path(path)
    if target.is_dir():
        raise UserError(f"{path}: is a directory; give a file name", code=2)
    if target.exists() and not force:
        raise UserError(f"{path}: already exists; use --force to overwrite it", code=2)
    if not target.parent.exists():
        raise UserError(f"{path}: folder {target.parent} does not exist", code=2)
    write_atomic(target, data.encode("utf-8") if isinstance(data, str) else data)


# --- commands -------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    from quizapp.deckfile import DeckFileError, load_deck

    failed = 0
    for path in args.decks:
        try:
            deck = load_deck(path)
        except DeckFileError as exc:
            print(exc.message, file=sys.stderr)
            failed += 1
            continue
        if not args.quiet:
            print(f"{path}: ok ({count(deck.cards, 'card')})")
    return 2 if failed else 0


def cmd_export(args: argparse.Namespace) -> int:
    from quizapp.deckfile import dumps_deck, load_deck

    deck = load_deck(args.deck)
    data: str | bytes
    if args.format == "toml":
        data = dumps_deck(deck)
    elif args.format == "json":
        from quizapp.interop.jsonfmt import dumps_json

        data = dumps_json(deck)
    elif args.format == "csv":
        from quizapp.interop.csvfmt import dumps_csv

        data = dumps_csv(deck)
    elif args.format == "apkg":
        from quizapp.interop.apkg import export_apkg_bytes

        if args.output == "-":
            raise UserError("an .apkg file is binary: give a file name with -o", code=2)
        data = export_apkg_bytes(deck)
    else:
        from quizapp.interop.markdown import dumps_markdown

        data = dumps_markdown(deck)
    write_output(args.output, data, force=args.force)
    if args.output != "-":
        print(f"wrote {args.output} ({count(deck.cards, 'card')}, {args.format})", file=sys.stderr)
    return 0


def _check_deck_info(deck_id: str | None, title: str | None) -> None:
    """--id / --title are checked before any work, as one line naming the option."""
    from pydantic import ValidationError

    from quizapp.deck import DeckInfo

    try:
        DeckInfo(id=deck_id or "deck", title=title or "deck")
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        raise UserError(f"--{error['loc'][0]}: {error['msg']}", code=2) from None


def cmd_import(args: argparse.Namespace) -> int:
    from quizapp.deckfile import dumps_deck

    _check_deck_info(args.id, args.title)
    source = Path(args.file)
    if source.suffix.lower() == ".json":
        from quizapp.deckfile import read_text
        from quizapp.interop.jsonfmt import loads_json

        deck = loads_json(read_text(source), source)
        if args.id or args.title:
            info = deck.deck.model_copy(
                update={"id": args.id or deck.deck.id, "title": args.title or deck.deck.title}
            )
            deck = deck.model_copy(update={"deck": info})
    elif source.suffix.lower() in {".csv", ".tsv", ".tab", ".txt"}:
        from quizapp.interop.csvfmt import load_csv

        deck = load_csv(source, deck_id=args.id, title=args.title)
    else:
        raise UserError(f"{source}: unknown file type; import reads .csv, .tsv or .json", code=2)
    if not deck.cards:
        raise UserError(f"{source}: has no cards; nothing to import", code=2)
    write_output(args.output, dumps_deck(deck), force=args.force)
    if args.output != "-":
        print(f"wrote {args.output} ({count(deck.cards, 'card')})", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from quizapp.deck import deck_json_schema

    write_output(args.output, json.dumps(deck_json_schema(), indent=2) + "\n", force=args.force)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from quizapp.study.report import run_stats

    return run_stats(args.deck, as_json=args.json)


def cmd_new(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from quizapp.authoring import starter_deck
    from quizapp.deck import DeckInfo, slugify
    from quizapp.deckfile import loads_deck

    target = Path(args.deck)
    deck_id = args.id or slugify(target.stem)
    title = args.title or target.stem.replace("_", " ").replace("-", " ").strip() or deck_id
    try:
        DeckInfo(id=deck_id, title=title)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        raise UserError(f"--{error['loc'][0]}: {error['msg']}", code=2) from None
    text = starter_deck(deck_id, title, folder=str(target.parent))
    loads_deck(text, target)  # the starter deck is valid as written, always
    write_output(str(target), text, force=args.force)
    print(f"wrote {target}; edit it, then run: quizapp validate {target}", file=sys.stderr)
    schema = target.parent / "deck.schema.json"
    if not schema.exists():
        print(f"for checks while you type: quizapp schema -o {schema}", file=sys.stderr)
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from quizapp.authoring import merge_decks
    from quizapp.deck import slugify
    from quizapp.deckfile import dumps_deck, load_deck

    if args.output != "-" and Path(args.output).exists() and not args.force:
        raise UserError(f"{args.output}: already exists; use --force to overwrite it", code=2)
    named = [(path, load_deck(path)) for path in args.decks]
    deck_id = args.id or slugify(Path(args.output).stem if args.output != "-" else "merged")
    deck = merge_decks(named, deck_id=deck_id, title=args.title)
    write_output(args.output, dumps_deck(deck), force=args.force)
    if args.output != "-":
        print(f"wrote {args.output} ({count(deck.cards, 'card')})", file=sys.stderr)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from quizapp.builder.cli import run_build

    return run_build(args)


# --- parser -----------------------------------------------------------------

Handler = Callable[["argparse.Namespace"], int]


def _add_output(
    p: argparse.ArgumentParser, *, required: bool = True, default: str | None = None
) -> None:
    p.add_argument(
        "-o",
        "--output",
        required=required,
        default=default,
        metavar="OUT",
        help="file to write ('-' for standard output)",
    )
    p.add_argument("--force", action="store_true", help="overwrite OUT if it exists")


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="quizapp",
        description="A terminal study app for people who learn from texts. "
        "With no command, opens the app on the bundled deck and ./decks/.",
    )
    parser.add_argument("--version", action="version", version=f"quizapp {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help: str, handler: Handler) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(handler=handler)
        return p

    p = command("validate", "check deck files; exit 0 if all are valid, 2 if not", cmd_validate)
    p.add_argument("decks", nargs="+", metavar="DECK.toml")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")

    p = command(
        "export", "write a deck as toml, json, csv, apkg (Anki) or md (worksheet)", cmd_export
    )
    p.add_argument("deck", metavar="DECK.toml")
    p.add_argument("--format", "-f", choices=EXPORT_FORMATS, required=True)
    _add_output(p)

    p = command(
        "import", "make a deck from a .csv/.tsv (question, answer columns) or .json", cmd_import
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--title", help="deck title (default: from the file name)")
    p.add_argument("--id", help="deck id (default: from the file name)")
    _add_output(p)

    p = command("study", "study one deck in the app", cmd_study)
    p.add_argument("deck", metavar="DECK.toml")
    p.add_argument(
        "--mode", choices=("flashcard", "choice", "typed"), default="flashcard", help="study mode"
    )

    p = command("schema", "print the JSON Schema of the deck format", cmd_schema)
    _add_output(p, required=False, default="-")

    p = command("stats", "study statistics for one deck (file or id) or all decks", cmd_stats)
    p.add_argument("deck", nargs="?", metavar="DECK", help="a deck file or deck id")
    p.add_argument("--json", action="store_true", help="print JSON (keys in README)")

    p = command("new", "write a commented starter deck with one example card of each kind", cmd_new)
    p.add_argument("deck", metavar="DECK.toml")
    p.add_argument("--title", help="deck title (default: from the file name)")
    p.add_argument("--id", help="deck id (default: from the file name)")
    p.add_argument("--force", action="store_true", help="overwrite DECK.toml if it exists")

    p = command("merge", "merge decks into one; clashing card ids are an error", cmd_merge)
    p.add_argument("decks", nargs="+", metavar="DECK.toml")
    p.add_argument("--title", help="title of the merged deck (default: the decks' titles)")
    p.add_argument("--id", help="id of the merged deck (default: from OUT's file name)")
    _add_output(p)

    p = command("build", "derive who / when / which-tier cards from text passages", cmd_build)
    p.add_argument("passages", nargs="+", metavar="PASSAGE", help="plain UTF-8 text files")
    p.add_argument("-o", "--output", required=True, metavar="DECK.toml", help="deck file to write")
    p.add_argument("--title", help="deck title (default: the first passage's heading)")
    p.add_argument("--id", help="deck id (default: from the title)")
    p.add_argument(
        "--kinds",
        default="who,when,tier,cloze",
        help="comma-separated: who, when, tier, cloze (cloze allows fill-in-the-blank "
        "cards where no safe question exists; cloze alone makes every card a cloze)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="rebuild an existing DECK.toml, keeping its edits, rejections and hand-added cards",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="list skipped facts and why")
    p.add_argument(
        "--review",
        action="store_true",
        help="accept, edit or reject each new card in a review screen before it is saved",
    )

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args: argparse.Namespace | None = None
    handler: Callable[[argparse.Namespace | None], int] = _default
    if argv:  # `quizapp` alone opens the app: no parser to build before it starts
        args = build_parser().parse_args(argv)
        handler = getattr(args, "handler", None) or _default
    try:
        return handler(args)
    except UserError as exc:
        print(exc.message, file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _default(args: argparse.Namespace | None) -> int:
    """No command: open the app on the bundled decks and ./decks/."""
    return _run_app(None, mode="flashcard", study=False)


def cmd_study(args: argparse.Namespace) -> int:
    # Read and parse the deck before starting Textual: a file that cannot be read or
    # is not TOML is one line on stderr, exit 2. It is validated as a deck once the
    # first question is on screen; if that fails the app ends and _run_app says why.
    from quizapp.tui.library import read_entry

    entry = read_entry(args.deck)
    if entry.error is not None:
        raise UserError(entry.error, code=2)
    # Known from the parsed TOML already: a deck file with no [[cards]] at all.
    if entry.parsed is not None and entry.parsed.data.get("cards", []) == []:
        raise UserError(f"{args.deck}: has no cards to study yet; add some first", code=2)
    return _run_app([entry], mode=args.mode, study=True)


def _run_app(decks: list | None, *, mode: str, study: bool) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UserError("quizapp: the study app needs a terminal (see quizapp --help)", code=2)
    from quizapp.tui.app import create_app

    app = create_app(decks, mode=mode, study=study)  # type: ignore[arg-type]
    app.run()
    if app.load_error is not None:  # printed now that the terminal is restored
        raise UserError(app.load_error, code=app.return_code or 2)
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
