"""How Browse draws Anki's four flags: in their colours, so a flag reads as the
learner set it in Anki (red, orange, green, blue), not as a number."""
from __future__ import annotations

# Indexed by flag number (0 none); hex so every theme and terminal shows the same hue.
FLAG_STYLES = ("", "bold #e5484d", "bold #f76b15", "bold #30a46c", "bold #3e8ef7")
