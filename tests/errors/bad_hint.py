# expect: 2:10: cannot understand the type hint 'list[float]'
def f(x: list[float]) -> float:
    return 1.0
