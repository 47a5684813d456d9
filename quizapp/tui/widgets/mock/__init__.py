"""The mock interview's widgets: the clock line above the question (the question itself is
study's ReviewPanel)."""
