"""The Textual study app. Import `quizapp.tui.app.create_app`; this package itself
imports nothing, so `quizapp.tui.library` stays usable without Textual."""
