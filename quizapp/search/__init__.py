"""Finding cards: the Anki-like search language and what each card shows in Browse."""
