# Checks "During handling of the above exception, another exception occurred:" chained tracebacks.
def load(d):
    try:
        return d['missing']
    except KeyError:
        return d['fallback'] * undefined_scale
load({'fallback': 2})
