"""Fixtures every test gets: an isolated progress store and colour on."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory, monkeypatch):
    # Tests never touch the user's real progress file.
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path_factory.mktemp("quizapp-data")))
    # Snapshot tests compare colours; a developer's NO_COLOR must not change them.
    monkeypatch.delenv("NO_COLOR", raising=False)
