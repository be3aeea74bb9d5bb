# expect: 2:1: recursive function 'f' needs a return type hint
def f(n: int):
    if n < 1:
        return 0
    return f(n - 1) + 1
