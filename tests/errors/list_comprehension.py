# expect: 4:10: list comprehension with an if clause whose iterables or conditions call a function, or into a dtype is not supported in translated functions
import math
def f(x: float) -> float:
    ys = [x * k for k in range(3) if math.floor(k)]
    return x
