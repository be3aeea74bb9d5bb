"""Single-channel 2D correlation with the block's input tile staged in shared memory (float32).

The kernel of conv2d_staged.cu.j2: a block computes 128 x (warps * rows) outputs, each lane four
adjacent columns of ``rows`` rows, from an input tile that the block copies into shared memory
once (cp.async for 16-byte pieces inside the image). Each thread then reads each input row of
its window once, as 16-byte pieces, and takes every tap by FMA: no shuffles and no bounds tests
in the inner loop, against KW - 1 shuffles per input row (and lanes that only lend their
columns) in conv2d.cu.j2. :func:`transpyle.kernels.conv2d.conv2d` takes it with ``staged=True``
for planes of one input channel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from transpyle.kernels.common import check_fields, fail, filter_pads

PADDINGS = ("same", "valid")
MIN_K, MAX_K = 1, 15
BLOCK_W = 128  # output columns per block: four per lane of a warp
SMEM_LIMIT = 48 * 1024  # static shared memory of one block


@dataclass(frozen=True, slots=True)
class Conv2dStagedDesc:
    """One compiled variant of the shared-memory-staged single-channel correlation."""

    kh: int = 3
    kw: int = 3
    co_per_launch: int = 1
    rows: int = 8  # output rows per thread
    warps: int = 4  # warps per block, stacked vertically
    padding: str = "same"
    taps_on_device: bool = False

    def __post_init__(self) -> None:
        check_fields(self, "conv2d (staged)")
        for side in (self.kh, self.kw):
            if not MIN_K <= side <= MAX_K:
                raise fail(f"conv2d filter sides must be {MIN_K} to {MAX_K}; got {side}")
        if self.padding not in PADDINGS:
            raise fail(f"conv2d padding must be one of {', '.join(PADDINGS)}, not "
                       f"{self.padding!r}")
        if self.rows not in (2, 4, 6, 8, 12, 16):
            raise fail(f"staged conv2d rows per thread must be 2, 4, 6, 8, 12 or 16, got "
                       f"{self.rows}")
        if self.warps not in (1, 2, 4, 8):
            raise fail(f"staged conv2d warps must be 1, 2, 4 or 8, got {self.warps}")
        if self.co_per_launch < 1:
            raise fail("conv2d co_per_launch must be >= 1")
        if self.smem_bytes > SMEM_LIMIT:
            raise fail(f"staged conv2d tile of {self.smem_bytes} bytes is over {SMEM_LIMIT}: "
                       "take fewer rows or warps")

    @property
    def pads(self) -> tuple[int, int]:
        return filter_pads(self.padding, self.kh, self.kw)

    @property
    def smem_bytes(self) -> int:
        """The input tile: (warps * rows + kh - 1) rows of 4 * (32 + P1) floats."""
        rw = self.pads[1]
        off = 4 * ((rw + 3) // 4) - rw
        last_piece = (off + 3 + self.kw - 1) // 4
        return (self.warps * self.rows + self.kh - 1) * 4 * (32 + last_piece) * 4

    @property
    def template(self) -> str:
        return "conv2d_staged.cu.j2"

    @property
    def kernel_name(self) -> str:
        return (
            f"conv2d_staged_float32_k{self.kh}x{self.kw}_co{self.co_per_launch}"
            f"_r{self.rows}_w{self.warps}{'_dev' if self.taps_on_device else ''}"
            f"{'_valid' if self.padding == 'valid' else ''}"
        )

    def context(self) -> dict[str, Any]:
        return {
            "description": repr(self),
            "kh": self.kh,
            "kw": self.kw,
            "co_per_launch": self.co_per_launch,
            "rows": self.rows,
            "warps": self.warps,
            "taps_on_device": self.taps_on_device,
            "ph": self.pads[0],
            "pw": self.pads[1],
        }

    def grid(self, n: int, height: int, width: int) -> tuple[int, int, int]:
        rows = self.warps * self.rows
        return (-(-width // BLOCK_W), -(-height // rows), n * self.co_per_launch)

    @property
    def n_warps(self) -> int:
        return self.warps


def default_rows(kh: int) -> int:
    """Output rows per thread: 8 (32 accumulators) until measured otherwise."""
    return 8


DEFAULT_VARIANTS: tuple[Conv2dStagedDesc, ...] = (
    Conv2dStagedDesc(3, 3),
    Conv2dStagedDesc(5, 5),
    Conv2dStagedDesc(7, 7),
    Conv2dStagedDesc(7, 7, rows=4, warps=8, taps_on_device=True),
    Conv2dStagedDesc(9, 9, padding="valid"),
    Conv2dStagedDesc(15, 15, rows=4),
    Conv2dStagedDesc(2, 6),
    Conv2dStagedDesc(1, 1, co_per_launch=3),
)
