"""The GPU training step captured in a CUDA graph and replayed: one launch a step.

At the example's sizes (8x8 digits, batch 32 to 256) a step is a few hundred small kernels,
and launching them from Python costs more than running them. :class:`StepGraphs` records one
step (forward, loss, backward, SGD) per batch shape with CuPy's stream capture and replays it
with the batch copied into the graph's input buffers. The arithmetic is the eager step's, in
the same order: the state a step updates (parameters, velocities, batch-norm statistics, the
learning rate, the count of correct answers) is updated in place, so a replay reads and writes
the same arrays the capture saw.

A shape runs eagerly the first ``warmups`` times (this compiles the kernels and creates the
velocities); the next step of that shape is captured and then launched (capturing records the
work, it does not run it). The graph's temporaries come from a memory pool of its own, which
nothing else allocates from, so no array outside the graph can share their memory. If a
capture fails (an operation that the stream capture does not allow), ``failure`` says why and
every later step runs eagerly: slower, the same results.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from examples.lbcnn.layers import Array, softmax_cross_entropy_array


def device_step(model: Any, opt: Any, xb: Array, yb: Array, correct: Array) -> Array:
    """One training step with no device-to-host copy; adds the batch's correct answers to
    ``correct`` (a 0-d int64 array) and returns the loss as a 0-d array."""
    xp = model.ops.xp
    logits = model.forward(xb, train=True)
    loss, grad = softmax_cross_entropy_array(logits, yb, xp)
    model.backward(grad)
    opt.step(model)
    correct += (logits.argmax(axis=1) == yb).sum()
    return loss


@dataclass
class Captured:
    graph: Any
    x: Array  # the graph's input buffers
    y: Array
    loss: Array  # written by each replay
    pool: Any  # the memory pool of the graph's temporaries (kept alive with it)


class StepGraphs:
    """Training steps replayed from CUDA graphs, one graph per batch shape (see the module
    docstring); ``epoch`` is :func:`examples.lbcnn.model.train_epoch`'s GPU loop."""

    def __init__(self, cp: Any, warmups: int = 1) -> None:
        self.cp = cp
        self.warmups = warmups
        self.stream = cp.cuda.Stream(non_blocking=True)
        self.correct = cp.zeros((), dtype=np.int64)
        self.graphs: dict[tuple, Captured] = {}
        self.seen: dict[tuple, int] = {}
        self.failure: str | None = None
        self.launches = 0  # steps replayed from a graph
        self.eager = 0  # steps run kernel by kernel

    def epoch(self, model: Any, opt: Any,
              batches: Iterable[tuple[np.ndarray, np.ndarray]]) -> tuple[float, float]:
        cp = self.cp
        with self.stream:
            if opt.lr_array is None:
                opt.lr_array = cp.asarray(opt.lr, dtype=model.dtype)
            else:
                opt.lr_array.fill(opt.lr)
            self.correct.fill(0)
            losses, seen = [], 0
            for xb, yb in batches:
                losses.append(self.step(model, opt, np.ascontiguousarray(xb, model.dtype),
                                        np.ascontiguousarray(yb)))
                seen += len(yb)
            values = cp.stack(losses).get().astype(np.float64)
            correct = int(self.correct.get())
        return float(np.mean(values)), correct / seen

    def step(self, model: Any, opt: Any, xb: np.ndarray, yb: np.ndarray) -> Array:
        key = (xb.shape, xb.dtype.str, yb.shape, yb.dtype.str)
        cap = self.graphs.get(key)
        if cap is None:
            count = self.seen[key] = self.seen.get(key, 0) + 1
            x, y = self.cp.asarray(xb), self.cp.asarray(yb)
            if self.failure is None and count > self.warmups:
                cap = self.capture(model, opt, x, y)
            if cap is None:
                self.eager += 1
                return device_step(model, opt, x, y, self.correct)
            self.graphs[key] = cap
        else:
            cap.x.set(xb)
            cap.y.set(yb)
        cap.graph.launch(stream=self.stream)
        self.launches += 1
        return cap.loss.copy()

    def capture(self, model: Any, opt: Any, x: Array, y: Array) -> Captured | None:
        """Record one step on ``x`` and ``y`` (which become the graph's input buffers); None,
        with ``failure`` set, if the capture is refused."""
        cp = self.cp
        pool = cp.cuda.MemoryPool()
        loss = None
        try:
            with cp.cuda.using_allocator(pool.malloc):
                self.stream.begin_capture()
                try:
                    loss = device_step(model, opt, x, y, self.correct)
                finally:
                    graph = self.stream.end_capture()
        except Exception as exc:  # noqa: BLE001 - any refusal: run eagerly from now on
            self.failure = f"{type(exc).__name__}: {exc}"
            return None
        return Captured(graph, x, y, loss, pool)
