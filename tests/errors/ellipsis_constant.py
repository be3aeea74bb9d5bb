# expect: 3:9: the constant Ellipsis is not supported in translated functions
def f(x: float) -> float:
    y = ...
    return x
