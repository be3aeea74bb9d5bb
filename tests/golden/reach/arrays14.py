import numpy as np


def grid(x: 'float[:]'):
    n = x.shape[0]
    z = np.zeros((n, n, 2))
    z[:, :, 0] = x.reshape(-1, 1)
    z[:, :, 1] = x
    return z.reshape(n * n, 2)


def scores(a: 'float[:,:]', v: 'float[:]', u: 'float[:]', idx: 'int[:]'):
    centred = a - np.mean(a, axis=0)
    outer = u[:, None] * v[None, :]
    d = a + outer
    return centred + v, d, np.argmax(a, axis=1), np.concatenate((v[idx], [1.0])), np.diff(u)
