"""The home screen's widgets: the interview countdown line."""
