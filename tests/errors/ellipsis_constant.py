# expect: 3:11: the constant Ellipsis is not supported in translated functions
def f(x: float) -> float:
    print(...)
    return x
