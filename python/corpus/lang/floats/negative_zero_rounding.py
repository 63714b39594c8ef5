# Checks negative zero from rounding, division and formatting of floats.
print(round(-0.4), round(-0.5), round(-0.4, 1), round(-0.04, 1), round(-0.0))
print(-0.0, 0.0 * -1, -1 / float('inf'), divmod(-0.0, 1), abs(-0.0))
print(f'{-0.0:.1f} {-0.04:.1f} {-0.0:+.0f} {0.0:+.0f}', '%.1f' % -0.04)
print(-0.0 == 0.0, str(-0.0), repr(round(-0.001, 2)), int(-0.9))
