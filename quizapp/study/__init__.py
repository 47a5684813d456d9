"""The study core, without any UI: FSRS scheduling, the session queue, the rules
of one review and of an exercise attempt, answers kept when the database
refuses them, optimizing weights, stats."""
