# expect: 5:9: print inside a compiled function
def mean(a: "float[:]") -> float:
    s = 0.0
    for x in a:
        print(x)
        s += x
    return s / len(a)
