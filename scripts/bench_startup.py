"""Start-up time of the study app against a minimal Textual app, in the same run.

Measures wall time from just before the process is spawned to the moment the first
question is painted (`quizapp study DECK`), and for a minimal Textual app to the
moment its one Static is painted. Both run in an 80x24 pseudo-terminal, alternately,
several times; both report "painted" the same way (a callback after the first
refresh writes the time to a file, then the app exits; see
QUIZAPP_EXIT_AFTER_FIRST_PAINT in quizapp/tui/app.py).

    python scripts/bench_startup.py [--runs 21] [--no-bytecode-cache] [--home] [DECK.toml]

`--home` measures `quizapp` alone instead: start to the deck list painted (run in
the repository, so the deck list is the bundled deck).

Prints both medians and the ratio (target: quizapp at most 1.3x the minimal app),
and the CPU time each had used by its first paint (less disturbed by other work on
a shared machine, so it shows whether a wall-time difference is real).

Both apps run with their bytecode cached, as installed packages do: Textual's .pyc
files come with its wheel, quizapp's are written by the warm-up run even where the
shell sets PYTHONDONTWRITEBYTECODE (some dev shells do). `--no-bytecode-cache`
keeps that variable: with no __pycache__ there yet, quizapp compiles on every run.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

MINIMAL = """
import os, sys, time
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("When did Russia sign the U.N. Trafficking Protocol?")

    def on_mount(self):
        def done():
            with open(os.environ["QUIZAPP_EXIT_AFTER_FIRST_PAINT"], "a") as fh:
                fh.write(f"{time.time()} {time.process_time()}\\n")
            self.exit()
        self.call_after_refresh(done)

Minimal().run()
"""


def default_deck() -> Path:
    decks = sorted((REPO / "decks").glob("*.toml"))
    return decks[0] if decks else REPO / "tests" / "data" / "tui" / "history.toml"


def quizapp_command(deck: Path | None) -> list[str]:
    """`quizapp study DECK`, or `quizapp` alone (the deck list) if deck is None."""
    args = ["study", str(deck)] if deck is not None else []
    script = Path(sys.executable).with_name("quizapp")
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-m", "quizapp", *args]


def run_once(command: list[str], env: dict[str, str], timeout: float = 30.0) -> tuple[float, float]:
    """Seconds from spawn to first paint, and CPU seconds the process had used by
    then, for one process in an 80x24 pty."""
    with tempfile.NamedTemporaryFile("r", suffix=".paint", delete=False) as fh:
        marker = fh.name
    env = {**env, "QUIZAPP_EXIT_AFTER_FIRST_PAINT": marker}
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))

    def drain() -> None:
        while True:
            try:
                if not os.read(master, 65536):
                    return
            except OSError:
                return

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        start = time.time()
        proc = subprocess.Popen(
            command,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=REPO,
            start_new_session=True,
        )
        os.close(slave)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise SystemExit(f"timed out: {' '.join(command)}") from None
        painted = Path(marker).read_text().split()
        if not painted:
            raise SystemExit(f"no paint recorded (exit {proc.returncode}): {' '.join(command)}")
        return float(painted[0]) - start, float(painted[1])
    finally:
        os.close(master)
        reader.join(timeout=1)
        Path(marker).unlink(missing_ok=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("deck", nargs="?", type=Path, default=default_deck())
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="keep PYTHONDONTWRITEBYTECODE if set: quizapp's modules compile on every run",
    )
    parser.add_argument(
        "--home", action="store_true", help="measure `quizapp` alone, to the deck list"
    )
    args = parser.parse_args()

    data = tempfile.mkdtemp(prefix="quizapp-bench-")
    env = {**os.environ, "QUIZAPP_DATA_DIR": data, "TERM": os.environ.get("TERM", "xterm-256color")}
    env.pop("TEXTUAL", None)
    if not args.no_bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    quizapp = quizapp_command(None if args.home else args.deck)
    minimal = [sys.executable, "-c", MINIMAL]
    try:
        # One warm-up each: the progress store is created, files are in the page cache.
        run_once(quizapp, env)
        run_once(minimal, env)
        times: dict[str, list[float]] = {"quizapp": [], "minimal": []}
        cpu: dict[str, list[float]] = {"quizapp": [], "minimal": []}
        for _ in range(args.runs):
            for name, command in (("minimal", minimal), ("quizapp", quizapp)):
                wall, used = run_once(command, env)
                times[name].append(wall)
                cpu[name].append(used)
    finally:
        shutil.rmtree(data, ignore_errors=True)

    painted = "the deck list" if args.home else f"the first question of {args.deck}"
    print(f"quizapp painted: {painted}  runs: {args.runs} each, 80x24 pty")
    print(f"command: {' '.join(quizapp)}")
    cache = "off (PYTHONDONTWRITEBYTECODE)" if env.get("PYTHONDONTWRITEBYTECODE") else "on"
    print(f"bytecode cache: {cache}")
    for name, values in times.items():
        runs = " ".join(f"{v * 1000:.0f}" for v in values)
        print(f"{name:8} median {statistics.median(values) * 1000:6.0f} ms   runs: {runs}")
    ratio = statistics.median(times["quizapp"]) / statistics.median(times["minimal"])
    verdict = "ok" if ratio <= 1.3 else "over target"
    print(f"ratio quizapp/minimal: {ratio:.2f}x (target <= 1.3x: {verdict})")
    # CPU time is less disturbed by other work on a shared machine than wall time;
    # it is printed to explain the wall figures, the target is on wall time.
    app_cpu, base_cpu = (statistics.median(cpu[name]) for name in ("quizapp", "minimal"))
    print(
        f"cpu to first paint: quizapp {app_cpu * 1000:.0f} ms, minimal {base_cpu * 1000:.0f} ms,"
        f" ratio {app_cpu / base_cpu:.2f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
