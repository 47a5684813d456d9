"""The review database: an append-only log, the card-state cache rebuilt from it,
migrations and one-line errors. :class:`~quizapp.store.database.Store` is the
one object callers open."""
