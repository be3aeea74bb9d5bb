"""``transpyle kernels``: list the kernel families and emit their CUDA sources.

The main CLI calls :func:`register` with its subparsers; the handler it installs
(``args.run``) returns the exit status. ``python -m transpyle.kernels.commands`` runs it alone.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from transpyle.backends.cuda import KernelSource, emit
from transpyle.errors import TranspileError

FAMILIES: dict[str, str] = {
    "conv2d": "2D correlation, registers as a cache, warp shuffles (float32/float64, 3x3-15x15)",
    "conv2d_staged": "2D correlation of one-channel planes, input tile in shared memory (float32)",
    "sat": "summed-area table in one pass, decoupled look-back (float32/float64/int32/uint8)",
    "lbc": "local binary convolution: sparse ternary anchors + learnable 1x1 (fwd, bwd)",
    "conv_gemm": "convolution layer as an implicit GEMM, TF32 tensor cores or strict float32",
    "gemm": "strict float32 matrix product, any strides, deterministic split-K (graph-safe)",
}


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``kernels`` subcommand (``list``, ``emit``) to a CLI's subparsers."""
    parser = subparsers.add_parser("kernels", help="GPU kernels generated from templates")
    actions = parser.add_subparsers(dest="kernels_action", required=True)
    list_parser = actions.add_parser("list", help="list kernel families and default variants")
    list_parser.set_defaults(run=run_list)
    emit_parser = actions.add_parser("emit", help="write the CUDA sources of kernels")
    emit_parser.add_argument(
        "families", nargs="*", metavar="FAMILY", help=f"families to emit ({', '.join(FAMILIES)})"
    )
    emit_parser.add_argument("--all", action="store_true", help="emit every family")
    emit_parser.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        metavar="DIR",
        help="directory for the .cu files (created if missing)",
    )
    emit_parser.set_defaults(run=run_emit)
    return parser


def _sources(families: list[str]) -> list[KernelSource]:
    from transpyle.kernels import default_variants

    variants = default_variants()
    return [emit(desc) for family in families for desc in variants[family]]


def run_list(args: argparse.Namespace) -> int:
    from transpyle.kernels import default_variants

    variants = default_variants()
    for family, text in FAMILIES.items():
        print(f"{family:8s} {text}")
        for desc in variants[family]:
            print(f"         {desc.kernel_name}")
    return 0


def run_emit(args: argparse.Namespace) -> int:
    families = list(FAMILIES) if args.all else list(args.families)
    if not families:
        raise TranspileError(None, "nothing to emit", hint="name families or pass --all")
    unknown = [f for f in families if f not in FAMILIES]
    if unknown:
        raise TranspileError(
            None, f"unknown kernel family {unknown[0]!r}", hint=f"one of {', '.join(FAMILIES)}"
        )
    sources = _sources(families)  # render everything before writing anything
    out_dir: Path = args.output
    out_dir.mkdir(parents=True, exist_ok=True)
    for src in sources:
        fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=".tmp-", suffix=".cu")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(src.source)
            os.replace(tmp, out_dir / src.filename)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        print(out_dir / src.filename)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="transpyle")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except TranspileError as exc:
        print(exc.render(), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
