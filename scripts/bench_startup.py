"""Start-up time of the study app against a minimal Textual app, in the same run.

Measures wall time from just before the process is spawned to the moment the first
question is painted (`quizapp study DECK`), and for a minimal Textual app to the
moment its one Static is painted. Both run in an 80x24 pseudo-terminal, alternately,
several times; both report "painted" the same way (a callback after the first
refresh writes the time to a file, then the app exits; see
QUIZAPP_EXIT_AFTER_FIRST_PAINT in quizapp/tui/app.py).

    python scripts/bench_startup.py [--runs 9] [DECK.toml]

Prints both medians and the ratio (target: quizapp at most 1.3x the minimal app).

With PYTHONDONTWRITEBYTECODE set (as in some dev shells) quizapp's own modules are
compiled on every run, while Textual's come precompiled from site-packages; an
installed quizapp has its .pyc files too. `--bytecode-cache` drops the variable for
the children (the warm-up run writes quizapp's __pycache__) to measure that case.
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
                fh.write(f"{time.time()}\\n")
            self.exit()
        self.call_after_refresh(done)

Minimal().run()
"""


def default_deck() -> Path:
    decks = sorted((REPO / "decks").glob("*.toml"))
    return decks[0] if decks else REPO / "tests" / "data" / "tui" / "history.toml"


def quizapp_command(deck: Path) -> list[str]:
    script = Path(sys.executable).with_name("quizapp")
    if script.exists():
        return [str(script), "study", str(deck)]
    return [sys.executable, "-m", "quizapp", "study", str(deck)]


def run_once(command: list[str], env: dict[str, str], timeout: float = 30.0) -> float:
    """Seconds from spawn to first paint, for one process in an 80x24 pty."""
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
            command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
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
        return float(painted[0]) - start
    finally:
        os.close(master)
        reader.join(timeout=1)
        Path(marker).unlink(missing_ok=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("deck", nargs="?", type=Path, default=default_deck())
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument(
        "--bytecode-cache",
        action="store_true",
        help="let the children write and use .pyc files even if PYTHONDONTWRITEBYTECODE is set",
    )
    args = parser.parse_args()

    data = tempfile.mkdtemp(prefix="quizapp-bench-")
    env = {**os.environ, "QUIZAPP_DATA_DIR": data, "TERM": os.environ.get("TERM", "xterm-256color")}
    env.pop("TEXTUAL", None)
    if args.bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    quizapp = quizapp_command(args.deck)
    minimal = [sys.executable, "-c", MINIMAL]
    try:
        # One warm-up each: the progress store is created, files are in the page cache.
        run_once(quizapp, env)
        run_once(minimal, env)
        times: dict[str, list[float]] = {"quizapp": [], "minimal": []}
        for _ in range(args.runs):
            times["minimal"].append(run_once(minimal, env))
            times["quizapp"].append(run_once(quizapp, env))
    finally:
        shutil.rmtree(data, ignore_errors=True)

    app_median = statistics.median(times["quizapp"])
    base_median = statistics.median(times["minimal"])
    print(f"deck: {args.deck}  runs: {args.runs} each, 80x24 pty")
    print(f"command: {' '.join(quizapp)}")
    cache = "off (PYTHONDONTWRITEBYTECODE)" if env.get("PYTHONDONTWRITEBYTECODE") else "on"
    print(f"bytecode cache: {cache}")
    for name, values in times.items():
        runs = " ".join(f"{v * 1000:.0f}" for v in values)
        print(f"{name:8} median {statistics.median(values) * 1000:6.0f} ms   runs: {runs}")
    ratio = app_median / base_median
    verdict = "ok" if ratio <= 1.3 else "over target"
    print(f"ratio quizapp/minimal: {ratio:.2f}x (target <= 1.3x: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
