# expect: 6:9: else clause of a while loop is not supported in translated functions
def f(n: int) -> int:
    while n > 0:
        n -= 1
    else:
        n = 5
    return n
