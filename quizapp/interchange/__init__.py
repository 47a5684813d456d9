"""Interchange: export decks and progress (Anki .apkg, CSV, JSON) and import them back.

Nothing here is on the start-up path: the commands import these modules inside
``run``. Modules: :mod:`.progress` (stderr progress line), :mod:`.cardmap`
(cards as YAML-shaped dicts; each kind's plain-text and HTML sides are its
own hooks, :mod:`quizapp.content.kinds`), :mod:`.numeric` (worked numeric examples),
:mod:`.anki`, :mod:`.csv_json` (writers and readers),
:mod:`.userdecks` (validated writes into ``<data_dir>/decks``) and
:mod:`.merge` (review-log union by ``uid``).
"""
