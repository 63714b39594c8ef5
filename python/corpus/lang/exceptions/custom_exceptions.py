# Checks user exception classes: inheritance, extra fields, custom __str__ and catching by base class.
class AppError(Exception):
    pass
class NotFound(AppError):
    def __init__(self, key):
        super().__init__(f'{key} not found')
        self.key = key
class Invalid(AppError):
    def __init__(self, field, reason):
        self.field, self.reason = field, reason
    def __str__(self):
        return f'{self.field}: {self.reason}'
for exc in [NotFound('user'), Invalid('age', 'negative'), AppError('plain')]:
    try:
        raise exc
    except AppError as e:
        print(type(e).__name__, '->', e, '|', repr(e), e.args)
try:
    raise NotFound('x')
except NotFound as e:
    print('key was', e.key)
