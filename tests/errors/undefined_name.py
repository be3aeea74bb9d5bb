# expect: 3:16: name 'z' is not defined
def f(x: float) -> float:
    return x + z
