"""quizapp: a terminal study app for people who learn from texts."""

__version__ = "0.1.0"
