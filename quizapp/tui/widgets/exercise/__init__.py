"""The widgets of the coding-exercise screens: the results pane, the exercise table."""
