"""The domain modules never load Textual, and the app never loads SQL or TOML itself."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

DOMAIN = [
    "quizapp.deck",
    "quizapp.deckfile",
    "quizapp.builder",
    "quizapp.study",
    "quizapp.interop",
    "quizapp.cli",
    # Deck discovery for the app, used by the CLI before it decides to start Textual.
    "quizapp.tui.library",
]

TUI = Path(__file__).resolve().parent.parent / "quizapp" / "tui"


def test_domain_modules_import_without_textual():
    code = (
        "import importlib, sys\n"
        f"for name in {DOMAIN!r}:\n"
        "    importlib.import_module(name)\n"
        "from quizapp.cli import build_parser\n"
        "build_parser()\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(loaded))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == ""


@pytest.mark.parametrize("path", sorted(TUI.rglob("*.py")), ids=lambda p: p.name)
def test_ui_never_imports_storage_modules(path):
    tree = ast.parse(path.read_text("utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"sqlite3", "tomllib", "tomli_w"}
