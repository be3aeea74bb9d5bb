# expect: 5:12: 'os.getpid' is not a function of this module nor a supported intrinsic
import os

def f(x: float) -> float:
    return os.getpid() + x
