"""GPU runtime: compile rendered CUDA C with CuPy's RawModule (NVRTC) and launch it.

CuPy is imported lazily, on the first call that needs the GPU, so ``import transpyle.kernels``
works on machines without it. Compiled modules are kept per source text (CuPy also keeps its own
on-disk cache of the binaries).
"""

from __future__ import annotations

import functools
from types import ModuleType
from typing import TYPE_CHECKING, Any

from transpyle.errors import TranspileError

if TYPE_CHECKING:
    from transpyle.backends.cuda import KernelSource

COMPILE_OPTIONS: tuple[str, ...] = ("-std=c++17",)

_INSTALL_HINT = "install the [gpu] extra: pip install 'transpyle[gpu]' (cupy-cuda12x or -13x)"


def cupy() -> ModuleType:
    """Return the ``cupy`` module, or raise TranspileError saying why the GPU is unusable."""
    try:
        import cupy as cp
    except ImportError as exc:
        raise TranspileError(
            None, "the GPU kernels need CuPy, which is not installed", hint=_INSTALL_HINT
        ) from exc
    try:
        count = cp.cuda.runtime.getDeviceCount()
    except Exception as exc:  # cupy raises CUDARuntimeError when no driver is present
        raise TranspileError(
            None, f"CuPy found no usable CUDA device ({exc})", hint="run on a machine with a GPU"
        ) from exc
    if count < 1:
        raise TranspileError(None, "CuPy found no CUDA device", hint="run on a machine with a GPU")
    return cp


def unavailable_reason() -> str | None:
    """None when CuPy imports and sees a CUDA device, else the reason it cannot be used."""
    try:
        cupy()
    except TranspileError as exc:
        return exc.message
    return None


def is_available() -> bool:
    """True when CuPy imports and sees at least one CUDA device."""
    return unavailable_reason() is None


@functools.lru_cache(maxsize=256)
def _module(source: str, options: tuple[str, ...]) -> Any:
    cp = cupy()
    return cp.RawModule(code=source, options=options)


def get_kernel(src: KernelSource, options: tuple[str, ...] = COMPILE_OPTIONS) -> Any:
    """Compile (once per source) and return the kernel ``src.name`` as a CuPy RawKernel."""
    cp = cupy()
    try:
        module = _module(src.source, options)
        return module.get_function(src.name)
    except cp.cuda.compiler.CompileException as exc:
        raise TranspileError(
            None,
            f"NVRTC failed to compile {src.filename}:\n{exc}",
            hint="this is a bug in transpyle's kernel templates; please report it",
        ) from exc


@functools.lru_cache(maxsize=256)
def kernel_for(desc: Any) -> Any:
    """Render (once) and compile (once) the kernel of a hashable kernel description."""
    from transpyle.backends.cuda import emit

    return get_kernel(emit(desc))


def launch(
    kernel: Any,
    grid: tuple[int, ...],
    block: tuple[int, ...],
    args: tuple[Any, ...],
    shared_mem: int = 0,
) -> None:
    """Launch on the current CuPy stream; grid and block are (x, y, z) tuples."""
    kernel(grid, block, args, shared_mem=shared_mem)


_DEFAULT_SMEM_LIMIT = 48 * 1024  # dynamic shared memory a block gets without opting in


@functools.lru_cache(maxsize=64)
def allow_shared_memory(desc: Any, dynamic_smem: int) -> None:
    """Let ``desc``'s kernel take ``dynamic_smem`` bytes of dynamic shared memory (a launch
    asking for more than 48 KB fails unless the kernel opted in)."""
    if dynamic_smem > _DEFAULT_SMEM_LIMIT:
        kernel_for(desc).max_dynamic_shared_size_bytes = dynamic_smem


def device_name() -> str:
    """The current device's name, e.g. 'NVIDIA H100 80GB HBM3'."""
    cp = cupy()
    props = cp.cuda.runtime.getDeviceProperties(cp.cuda.Device().id)
    name = props["name"]
    return name.decode() if isinstance(name, bytes) else str(name)


def struct_argument(values: Any, ctype_dtype: Any) -> Any:
    """Pack a flat array of numbers into a one-element structured NumPy array.

    CuPy passes a NumPy array of size one to a kernel *by value*, byte for byte, so this is how
    a ``struct { T v[N]; }`` parameter reaches the kernel (it lands in the constant bank and the
    compiler reads filter taps straight from it).
    """
    import numpy as np

    flat = np.ascontiguousarray(values, dtype=ctype_dtype).reshape(-1)
    packed = np.zeros(1, dtype=np.dtype([("v", flat.dtype, (flat.size,))]))
    packed["v"][0] = flat
    return packed
