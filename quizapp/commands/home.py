"""`quizapp` with no command: open the TUI home screen (also used by study/drill)."""
from __future__ import annotations


def launch(ctx, *, mode: str = "home", decks: list[str] | None = None, drill_new: int = 0) -> int:
    """Load decks, open the store and run the app; returns the exit code."""
    from quizapp import startup_gc

    startup_gc.pause()  # the app resumes collection once its first frame is drawn
    try:
        return _run_app(ctx, mode, decks, drill_new)
    finally:
        startup_gc.resume()  # in case the app stopped before its first frame


def _run_app(ctx, mode: str, decks: list[str] | None, drill_new: int) -> int:
    from quizapp.content.cache import load_cached

    library, exercises = load_cached(ctx.content_dirs, ctx.data_dir / "cache")
    library.require_decks(decks or [])  # before the screen takes over the terminal
    store = ctx.open_store()
    try:
        from quizapp.tui.app import QuizApp

        app = QuizApp(ctx, library, store, exercises=exercises, mode=mode, decks=decks,
                      drill_new=drill_new)
        app.run()
        _report_unsaved(app, store)
    finally:
        store.close()
    return app.return_code or 0


def _report_unsaved(app, store) -> None:
    """Leaving with answers the database refused: one last try, then say exactly what
    was not saved and where it is kept (it is added the next time quizapp opens)."""
    import sys

    from quizapp.study.srs import Srs

    if len(app.unsaved) and app.unsaved.save_into(store, Srs(app.ctx.settings), app.ctx.settings.leech_lapses):
        print(f"quizapp: {app.unsaved.message()}", file=sys.stderr)


def run(args, ctx) -> int:
    return launch(ctx)
