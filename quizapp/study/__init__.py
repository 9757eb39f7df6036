"""The study engine: FSRS scheduling, session queues, the progress store, grading, stats.

No UI here. See quizapp/study/API.md for an overview. Typical use:

    store = Store.open()                      # QUIZAPP_DATA_DIR or platformdirs
    store.sync_deck(deck)
    session = Session(store, deck)            # clock=, tz= injectable
    item = session.next_card()
    labels = session.interval_labels(item.card_id)
    result = grade_typed(item.card, text)
    session.answer(item.card_id, rating_for(result.correct), mode="typed")
"""

from quizapp.study.grading import (
    AnswerMode,
    Difference,
    GradeResult,
    grade_choice,
    grade_typed,
    normalize_answer,
    rating_for,
)
from quizapp.study.scheduler import (
    CardState,
    DeckSettings,
    Rating,
    SchedulingState,
    day_bounds,
    format_interval,
    study_day,
)
from quizapp.study.session import (
    AnswerResult,
    Clock,
    Session,
    SessionCounts,
    StudyCard,
    UndoResult,
)
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
