"""Errors the CLI turns into one line on stderr and an exit code."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix: bad input (exit 2) or a failed operation (exit 1)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message
