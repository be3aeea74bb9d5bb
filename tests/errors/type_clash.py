# expect: 4:5: 'n' is int64 but is assigned a value of type float64
def f(x: float) -> int:
    n = 3
    n = x * 2.0
    return n
