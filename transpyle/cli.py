"""The command line: `transpyle compile | kernels | cache`.

User mistakes print as compiler diagnostics and exit 2, with no traceback; an internal error
exits 1 and asks for a report. A failed run writes no output file.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path

from transpyle import __version__
from transpyle.compiler import FORTRAN_SUFFIXES, TARGETS, compile_file
from transpyle.errors import TranspileError

EXIT_USER, EXIT_INTERNAL = 2, 1


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file, so a failure leaves no half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _cmd_compile(args: argparse.Namespace) -> int:
    src = Path(args.file)
    if not src.is_file():
        raise TranspileError(None, f"no such file: {src}")
    if src.suffix != ".py" and src.suffix.lower() not in FORTRAN_SUFFIXES:
        raise TranspileError(None, f"'{src}' is neither a Python (.py) nor a Fortran file",
                             hint=f"Fortran suffixes: {', '.join(FORTRAN_SUFFIXES)}")
    text = compile_file(src, to=args.to)
    if args.output:
        write_atomically(Path(args.output), text)
    else:
        sys.stdout.write(text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="transpyle", description="Source-to-source compiler for scientific Python, "
        "Fortran and CUDA.")
    parser.add_argument("--version", action="version", version=f"transpyle {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    comp = sub.add_parser("compile", help="translate one source file")
    comp.add_argument("file", help="a typed Python file or a Fortran file")
    comp.add_argument("--to", choices=TARGETS, default="fortran", help="target language")
    comp.add_argument("-o", "--output", help="output file (default: standard output)")
    comp.set_defaults(run=_cmd_compile)
    for module in ("transpyle.kernels.commands", "transpyle.runtime.commands",
                   "transpyle.migrate"):
        try:
            register = __import__(module, fromlist=["register"]).register
        except (ImportError, AttributeError):
            continue
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except TranspileError as err:
        print(err.render(), file=sys.stderr)
        return EXIT_USER
    except KeyboardInterrupt:
        return 130
    except Exception:  # noqa: BLE001 - the last line of defence
        traceback.print_exc(file=sys.stderr)
        print("transpyle: internal error; please report it with the input that caused it",
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
