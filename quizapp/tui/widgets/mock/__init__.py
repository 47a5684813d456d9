"""The mock interview's widgets: the clock line above the question."""
