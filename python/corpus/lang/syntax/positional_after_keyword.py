# Checks the SyntaxError "positional argument follows keyword argument".
import threading
t = threading.Thread(target=print, 'x')
