# Checks Event.isSet() (used in the study note) still works in 3.11 and emits a DeprecationWarning on stderr.
from threading import Event
event = Event()
print(event.isSet())
event.set()
print(event.isSet())
