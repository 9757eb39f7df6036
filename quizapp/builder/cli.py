"""`quizapp build`: passages -> deck file, with a summary and a progress bar."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from quizapp.errors import UserError

MAX_PASSAGE_BYTES = 64 * 1024 * 1024


def read_passage(path: Path) -> str:
    """A passage's text, or a UserError (exit 2) that names the file and the problem."""
    try:
        if path.is_dir():
            raise UserError(f"{path}: is a directory, not a text file", code=2)
        size = path.stat().st_size
        if size > MAX_PASSAGE_BYTES:
            raise UserError(f"{path}: is {size / 1e6:.0f} MB; a passage may be at most 64 MB")
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such file", code=2) from None
    except PermissionError:
        raise UserError(f"{path}: cannot be read: permission denied", code=2) from None
    except OSError as exc:
        raise UserError(f"{path}: cannot be read: {exc.strerror or exc}", code=2) from None
    if b"\x00" in data[:8192]:
        raise UserError(f"{path}: is a binary file, not plain text", code=2)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(
            f"{path}: is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8",
            code=2,
        ) from None


class DelayedProgress:
    """Shows a rich progress bar on stderr only once a build has run for `delay` seconds."""

    def __init__(
        self, delay: float = 1.0, clock: Callable[[], float] = time.monotonic, console=None
    ):
        self.delay = delay
        self.clock = clock
        self.started = clock()
        self.console = console
        self.progress = None
        self.task = None

    def __call__(self, done: int, total: int) -> None:
        if self.progress is None:
            if self.clock() - self.started < self.delay:
                return
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            console = self.console or Console(stderr=True)
            if not console.is_terminal:
                return
            self.progress = Progress(
                TextColumn("building"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total} sentences"),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            )
            self.progress.start()
            self.task = self.progress.add_task("build", total=total)
        self.progress.update(self.task, completed=done, total=total)

    @property
    def shown(self) -> bool:
        return self.progress is not None

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def parse_kinds(text: str) -> list[str]:
    from quizapp.builder import ALL_KINDS

    kinds = [k.strip().lower() for k in text.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in ALL_KINDS]
    if unknown or not kinds:
        raise UserError(
            f"--kinds: unknown kind {unknown[0]!r}; choose from {', '.join(ALL_KINDS)}"
            if unknown
            else "--kinds: give at least one of " + ", ".join(ALL_KINDS),
            code=2,
        )
    return kinds


def run_build(args: argparse.Namespace, progress: DelayedProgress | None = None) -> int:
    from pydantic import ValidationError

    from quizapp.authoring import merge_rebuild, save_curated
    from quizapp.builder import REJECTED, build_deck
    from quizapp.deck import DECK_ID_RE
    from quizapp.deckfile import load_deck

    out = Path(args.output)
    review = getattr(args, "review", False)
    if out.is_dir():
        raise UserError(f"{out}: is a directory; give a file name", code=2)
    # --review only adds the cards you accept, so it may update an existing deck as is.
    if out.exists() and not (args.force or review):
        raise UserError(
            f"{out}: already exists; use --force to rebuild it "
            "(your edits, rejections and hand-added cards are kept)",
            code=2,
        )
    if not out.parent.exists():
        raise UserError(f"{out}: folder {out.parent} does not exist", code=2)
    if args.id is not None and not DECK_ID_RE.fullmatch(args.id):
        raise UserError(
            f"--id: {args.id!r} is not a deck id: use lower-case letters, digits and '-'"
        )
    if args.title is not None and not args.title.strip():
        raise UserError("--title: must not be empty")
    kinds = parse_kinds(args.kinds)
    passages = []
    for name in args.passages:
        path = Path(name)
        text = read_passage(path)
        if not text.strip():
            raise UserError(f"{path}: is empty; nothing to build from", code=2)
        passages.append((_display(path), text))

    # Rebuilding into a curated deck keeps its edits, hand-added cards and rejections.
    old = load_deck(out) if out.exists() else None
    if review and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UserError("--review opens the review screen: run it in a terminal", code=2)

    reporter = progress or DelayedProgress()
    try:
        result = build_deck(
            passages,
            title=args.title,
            deck_id=args.id,
            kinds=kinds,
            rejected=old.deck.rejected if old else (),
            progress=reporter,
        )
    except ValidationError as exc:  # a title or id the deck model refuses
        error = exc.errors(include_url=False)[0]
        raise UserError(f"cannot build the deck: {error['msg']}", code=2) from None
    finally:
        reporter.stop()

    if args.verbose:
        for skipped in result.skipped:
            print(f"skipped {skipped}", file=sys.stderr)
    if not result.deck.cards and old is not None:
        # Every fact found is one the instructor rejected: nothing to add, and the
        # curated deck (with its hand-added cards) stays exactly as it is.
        rejected = sum(1 for s in result.skipped if s.reason == REJECTED)
        print(
            f"{out}: unchanged; the passages give no card that is not rejected in it"
            f" ({rejected} rejected, {len(result.skipped) - rejected} other facts skipped)"
        )
        return 0
    if not result.deck.cards:
        names = ", ".join(args.passages)
        raise UserError(
            f"{names}: no facts to make cards from (no dates, tiers or named actors found); "
            f"{out} was not written",
            code=2,
        )
    if review:
        from quizapp.tui.screens.review import run_review

        saved = run_review(old, result.deck, out)
        cards = len(saved.cards) if saved else len(old.cards) if old else 0
        print(f"{out}: {cards} cards after review ({result.summary()})")
        return 0
    save_curated(merge_rebuild(old, result.deck) if old else result.deck, out)
    print(f"wrote {out}: {result.summary()}")
    return 0


def _display(path: Path) -> str:
    from quizapp.builder import _display_path

    return _display_path(path)
