# expect: 4:9: loop variable 'i' is assigned inside its loop
def f(n: int) -> int:
    for i in range(n):
        i = i + 1
    return n
