"""Typographic variants folded to plain ASCII, and month names.

Shared by the builder (matching passage text) and grading (comparing typed
answers), so that a curly quote or an en dash means the same to both.
Every replacement is one character for one, so offsets survive folding.
"""

from __future__ import annotations

QUOTES_AND_DASHES: dict[str, str] = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032`\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
}
FOLD_QUOTES_AND_DASHES = str.maketrans(QUOTES_AND_DASHES)

MONTH_NAMES: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
# Abbreviations written with a period ("Feb. 2003"); "May" is never shortened.
MONTH_ABBREVIATIONS: tuple[str, ...] = (
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
)  # fmt: skip
# Lower-case full names and common abbreviations -> month number (1-12).
MONTH_NUMBERS: dict[str, int] = {
    **{name.lower(): n for n, name in enumerate(MONTH_NAMES, start=1)},
    **{name[:3].lower(): n for n, name in enumerate(MONTH_NAMES, start=1)},
    "sept": 9,
}
