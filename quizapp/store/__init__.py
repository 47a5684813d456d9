"""The review database: an append-only log, the card-state cache rebuilt from it,
migrations and one-line errors. :class:`~quizapp.store.database.Store` is the
one object callers open: it answers for the log and the states itself, and for
the rest through its parts (``store.history``, ``store.events``,
``store.resets``, ``store.meta``; see :mod:`quizapp.store.database`)."""
