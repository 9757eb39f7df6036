"""The project's promises about itself: the README's commands, the seed, the layering."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import REPO


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text()
    return re.findall(r"```sh\n(.+?)\n```", text)


def test_ci_runs_the_readme_test_command_verbatim():
    run, test = readme_commands()[:2]
    ci = (REPO / ".ci" / "run").read_text().splitlines()
    assert test in ci
    assert "pytest" in test and "ruff" in test
    assert run.endswith("quizapp")


def test_seed_passages_are_kept_as_text():
    seeds = sorted((REPO / "seeds").glob("*.txt"))
    assert seeds
    for seed in seeds:
        seed.read_bytes().decode("utf-8")


def test_cli_help_lists_every_command_with_a_description():
    out = subprocess.run(
        [sys.executable, "-m", "quizapp", "--help"], capture_output=True, text=True, check=True
    ).stdout
    listed = dict(re.findall(r"^    (\w+)\s+(\S.*)$", out, flags=re.M))
    for command in ("validate", "export", "import", "schema"):
        assert listed.get(command), f"{command} has no description in --help"


def test_version():
    out = subprocess.run(
        [sys.executable, "-m", "quizapp", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert re.fullmatch(r"quizapp \d+\.\d+\.\d+\n", out)


def imported_modules(path) -> set[str]:
    import ast

    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_domain_code_never_imports_the_ui():
    package = REPO / "quizapp"
    domain = [p for p in package.rglob("*.py") if "tui" not in p.relative_to(package).parts]
    assert domain
    for path in domain:
        assert not imported_modules(path) & {"textual", "rich"} - _allowed_rich(path), path


def _allowed_rich(path) -> set[str]:
    # The CLI may draw a progress bar with rich (already installed with Textual).
    return {"rich"} if path.name == "cli.py" or "builder" in path.parts else set()


def test_ui_never_touches_sql_or_toml_directly():
    for path in (REPO / "quizapp" / "tui").rglob("*.py"):
        assert not imported_modules(path) & {"sqlite3", "tomllib", "tomli_w"}, path


def test_the_builder_names_no_words_of_the_seed_passage():
    # The builder must work on passages it has never seen: no tuning to the seed.
    seed_words = re.compile(r"pochinok|duma|trafficking in persons|putin|osce", re.I)
    for path in (REPO / "quizapp" / "builder").rglob("*.py"):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            assert not seed_words.search(line), f"{path.name}:{number}: {line.strip()}"
