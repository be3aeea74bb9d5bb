# expect: 2:17: parameter 'y' has no type hint
def f(x: float, y) -> float:
    return x + y
