"""The predictor's compiled hot loops: gradients against finite differences, compiled against
CPython and NumPy, and training that lowers the loss. Fresh random data each run."""

from __future__ import annotations

import secrets
import shutil

import numpy as np
import pytest

from examples.predictor import kernels, model, numpy_impl

pytestmark = pytest.mark.skipif(shutil.which("gfortran") is None,
                                reason="gfortran is not installed (`make test` installs it)")


@pytest.fixture
def rng() -> np.random.Generator:
    seed = secrets.randbits(32)
    print(f"random seed: {seed}")
    return np.random.default_rng(seed)


def mf_state(rng: np.random.Generator, n_apps: int = 7, n_sys: int = 5, k: int = 3):
    return (rng.standard_normal((n_apps, k)), rng.standard_normal((n_sys, k)),
            rng.standard_normal(n_apps), rng.standard_normal(n_sys))


def mf_entry_loss(params, i: int, j: int, val: float, mu: float, reg: float) -> float:
    u, v, bu, bv = params
    err = mu + bu[i] + bv[j] + u[i] @ v[j] - val
    return 0.5 * err * err + 0.5 * reg * (bu[i] ** 2 + bv[j] ** 2 + u[i] @ u[i] + v[j] @ v[j])


def test_mf_sgd_step_is_the_gradient(rng: np.random.Generator) -> None:
    """One entry's SGD update equals -lr times the finite-difference gradient of its loss."""
    params = mf_state(rng)
    i, j = int(rng.integers(7)), int(rng.integers(5))
    rows, cols = np.array([i], dtype=np.int64), np.array([j], dtype=np.int64)
    val, mu, lr, reg = float(rng.standard_normal()), 0.3, 1e-3, 0.05
    new = tuple(p.copy() for p in params)
    sse = kernels.mf_epoch(rows, cols, np.array([val]), np.zeros(1, dtype=np.int64), *new, mu,
                           lr, reg)
    u, v, bu, bv = params
    assert sse == pytest.approx((mu + bu[i] + bv[j] + u[i] @ v[j] - val) ** 2, rel=1e-12)
    eps = 1e-6
    for old, upd in zip(params, new, strict=True):
        fd = np.zeros_like(old)
        for idx in np.ndindex(old.shape):
            plus = tuple(p.copy() for p in params)
            minus = tuple(p.copy() for p in params)
            pos = [k for k, p in enumerate(params) if p is old][0]
            plus[pos][idx] += eps
            minus[pos][idx] -= eps
            fd[idx] = (mf_entry_loss(plus, i, j, val, mu, reg)
                       - mf_entry_loss(minus, i, j, val, mu, reg)) / (2 * eps)
        np.testing.assert_allclose((old - upd) / lr, fd, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("depth", [1, 2])
def test_mlp_gradient_matches_finite_differences(rng: np.random.Generator, depth: int) -> None:
    n, n_in, h, wd = 30, 5, 6, 0.01
    x, y = rng.standard_normal((n, n_in)), rng.standard_normal(n)
    idx = rng.permutation(n).astype(np.int64)
    theta = 0.5 * rng.standard_normal(kernels.n_params(n_in, h, depth))
    grad, scratch = np.zeros_like(theta), np.zeros_like(theta)
    loss = kernels.mlp_loss_grad(x, y, idx, 4, 25, theta, grad, h, depth, wd)
    eps = 1e-6
    fd = np.zeros_like(theta)
    for p in range(theta.size):
        tp, tm = theta.copy(), theta.copy()
        tp[p] += eps
        tm[p] -= eps
        fd[p] = (kernels.mlp_loss_grad(x, y, idx, 4, 25, tp, scratch, h, depth, wd)
                 - kernels.mlp_loss_grad(x, y, idx, 4, 25, tm, scratch, h, depth, wd)) / (2 * eps)
    np.testing.assert_allclose(grad, fd, rtol=1e-5, atol=1e-8)
    # the same loss and gradient from the NumPy version and from CPython
    g_np = np.zeros_like(theta)
    assert numpy_impl.batch_grad(x, y, idx, 4, 25, theta, g_np, h, depth, wd) == \
        pytest.approx(loss, rel=1e-12)
    np.testing.assert_allclose(g_np, grad, rtol=1e-10, atol=1e-13)
    g_py = np.zeros_like(theta)
    assert kernels.batch_grad(x, y, idx, 4, 25, theta, g_py, h, depth, wd) == loss
    np.testing.assert_array_equal(g_py, grad)


def test_compiled_epoch_matches_cpython_and_numpy(rng: np.random.Generator) -> None:
    n, n_in, h, depth = 50, 7, 8, 2
    x, y = rng.standard_normal((n, n_in)), rng.standard_normal(n)
    perm = rng.permutation(n).astype(np.int64)
    theta0 = 0.3 * rng.standard_normal(kernels.n_params(n_in, h, depth))
    outs = {}
    for name, fn in (("transpile", kernels.mlp_epoch), ("python", kernels.mlp_epoch.fn),
                     ("numpy", numpy_impl.mlp_epoch)):
        theta, z = theta0.copy(), np.zeros_like(theta0)
        loss = fn(x, y, perm, 16, theta, z.copy(), z.copy(), z.copy(), h, depth, 1e-2, 1e-3, 0)
        outs[name] = (loss, theta)
    assert outs["transpile"][0] == pytest.approx(outs["python"][0], rel=1e-12)
    np.testing.assert_allclose(outs["transpile"][1], outs["python"][1], rtol=0, atol=1e-12)
    np.testing.assert_allclose(outs["numpy"][1], outs["python"][1], rtol=0, atol=1e-9)
    assert np.abs(outs["transpile"][1] - theta0).max() > 1e-3  # it did move


def test_mf_training_lowers_the_loss_and_fits_a_low_rank_matrix(
        rng: np.random.Generator) -> None:
    n_apps, n_sys, k = 20, 12, 2
    truth = rng.standard_normal((n_apps, k)) @ rng.standard_normal((k, n_sys))
    rows, cols = (a.ravel().astype(np.int64) for a in np.indices((n_apps, n_sys)))
    z = truth.ravel()
    cfg = model.MFConfig(rank=k, epochs=300, lr=0.02, reg=1e-4)
    mf, losses = model.train_mf(rows, cols, z, n_apps, n_sys, cfg, int(rng.integers(2**31)))
    assert losses[-1] < 0.01 * losses[0]
    pred = model.predict_mf(mf, rows, cols)
    assert np.sqrt(np.mean((pred - z) ** 2)) < 0.05 * z.std()


def test_mlp_training_lowers_the_loss(rng: np.random.Generator) -> None:
    x = rng.standard_normal((120, 3))
    y = np.tanh(x[:, 0]) * x[:, 1] + 0.5 * x[:, 2] ** 2
    y = (y - y.mean()) / y.std()
    for depth in (1, 2):
        cfg = model.MLPConfig(depth=depth, hidden=16, epochs=150, batch=16, lr=1e-2, wd=0.0)
        theta, losses = model.train_mlp(x, y, cfg, int(rng.integers(2**31)))
        assert losses[-1] < 0.2 * losses[0]
        pred = model.predict_mlp(theta, x, cfg)
        assert np.mean((pred - y) ** 2) < 0.2  # of a unit-variance target


def test_accuracy_is_one_minus_mape() -> None:
    assert model.accuracy(np.array([110.0, 45.0]), np.array([100.0, 50.0])) == \
        pytest.approx(1 - (0.1 + 0.1) / 2)
