"""The study screen's widgets: the card under review (ReviewPanel: the card, the answer box,
the ratings, the numeric solver) and the unsaved-answers banner."""
