"""The study screen's widgets: the card, the rating bar, the unsaved-answers banner."""
