# expect: 3:12: 'a' has rank 1 but is indexed with 2 indices
def f(a: 'float[:]') -> float:
    return a[0, 1]
