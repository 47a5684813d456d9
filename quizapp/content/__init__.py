"""Content loading: YAML decks and exercises into typed cards (one module per kind
in ``kinds/``), with ``path:line`` errors and the start-up cache. Not to be
confused with ``quizapp._content``, the shipped decks themselves (data only)."""
