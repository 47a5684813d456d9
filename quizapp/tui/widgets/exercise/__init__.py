"""The widgets of the coding-exercise screens: the task, the code editor, the results pane, the exercise table."""
