# Checks the SyntaxError for a full-width comma (U+FF0C), a typo common in notes written with a Chinese keyboard.
from threading import Event
e = Event()
print(e.is_set()，e.wait(0))
