# expect: 3:10: list comprehension with an if clause is not supported in translated functions
def f(x: float) -> float:
    ys = [x * k for k in range(3) if k]
    return x
