# expect: 4:15: invalid syntax
def f(x: float) -> float:
    y = x * 2
    return y +* 3
