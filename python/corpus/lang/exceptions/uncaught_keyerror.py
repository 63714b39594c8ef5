# Checks the traceback of an uncaught KeyError raised by a subscript in a nested call.
config = {'host': 'localhost'}
def get_port(cfg):
    return cfg['port'] + 1
def connect(cfg):
    port = get_port(cfg)
    return port
print('connecting')
connect(config)
