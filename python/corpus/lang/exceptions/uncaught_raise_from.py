# Checks "The above exception was the direct cause of the following exception:" for raise ... from.
class ConfigError(Exception):
    pass
def read_port(text):
    try:
        return int(text)
    except ValueError as exc:
        raise ConfigError(f'bad port {text!r}') from exc
read_port('80x')
