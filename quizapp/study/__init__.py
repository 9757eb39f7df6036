"""The study engine: FSRS scheduling, session queues, the progress store, grading, stats.

No UI here. See quizapp/study/API.md for an overview. Typical use:

    store = Store.open()                      # QUIZAPP_DATA_DIR or platformdirs
    store.sync_deck(deck)
    session = Session(store, deck)            # clock=, tz= injectable
    item = session.next_card()
    labels = session.interval_labels(item.card_id)
    result = grade_typed(item.card, text)
    session.answer(item.card_id, rating_for(result.correct), mode="typed")

Names are imported from their modules on first use, so that the store, the queue
and the plain types can be used without paying for fsrs (the app's start-up shows
its first question before fsrs and pydantic are imported).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quizapp.study.grading import (
        AnswerMode,
        Difference,
        GradeResult,
        grade_choice,
        grade_typed,
        normalize_answer,
        rating_for,
    )
    from quizapp.study.model import (
        CardState,
        DeckSettings,
        Rating,
        SchedulingState,
        day_bounds,
        format_interval,
        study_day,
    )
    from quizapp.study.queue import Queue, SessionCounts, StudyCard
    from quizapp.study.session import AnswerResult, Clock, Session, UndoResult
    from quizapp.study.stats import DayCount, Retention, Stats, card_history, deck_stats
    from quizapp.study.store import (
        CardRow,
        DeckCounts,
        ReviewEntry,
        Store,
        SyncResult,
        default_data_dir,
        default_store_path,
    )

_MODULES = {
    "grading": (
        "AnswerMode",
        "Difference",
        "GradeResult",
        "grade_choice",
        "grade_typed",
        "normalize_answer",
        "rating_for",
    ),
    "model": (
        "CardState",
        "DeckSettings",
        "Rating",
        "SchedulingState",
        "day_bounds",
        "format_interval",
        "study_day",
    ),
    "queue": ("Queue", "SessionCounts", "StudyCard"),
    "session": ("AnswerResult", "Clock", "Session", "UndoResult"),
    "stats": ("DayCount", "Retention", "Stats", "card_history", "deck_stats"),
    "store": (
        "CardRow",
        "DeckCounts",
        "ReviewEntry",
        "Store",
        "SyncResult",
        "default_data_dir",
        "default_store_path",
    ),
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "AnswerMode",
    "AnswerResult",
    "CardRow",
    "CardState",
    "Clock",
    "DayCount",
    "DeckCounts",
    "DeckSettings",
    "Difference",
    "GradeResult",
    "Queue",
    "Rating",
    "Retention",
    "ReviewEntry",
    "SchedulingState",
    "Session",
    "SessionCounts",
    "Stats",
    "Store",
    "StudyCard",
    "SyncResult",
    "UndoResult",
    "card_history",
    "day_bounds",
    "deck_stats",
    "default_data_dir",
    "default_store_path",
    "format_interval",
    "grade_choice",
    "grade_typed",
    "normalize_answer",
    "rating_for",
    "study_day",
]


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"quizapp.study.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
