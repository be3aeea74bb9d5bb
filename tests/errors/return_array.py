# expect: 5:5: function 'f' returns an array (float64[:](order=C)) where its hint or another return says float64
import numpy as np

def f(n: int) -> float:
    return np.zeros(n)
