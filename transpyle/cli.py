"""The command line: `transpyle compile | kernels | cache`.

User mistakes print as compiler diagnostics and exit 2, with no traceback; an internal error
exits 1 and asks for a report. A failed run writes no output file; a Python module of which some
functions are refused writes the others' translation, reports each refused one and exits 2.
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
from transpyle.compiler import (
    FORTRAN_SUFFIXES,
    TARGETS,
    call_deep,
    compile_file,
    compile_source,
    read_source,
)
from transpyle.errors import TranspileError
from transpyle.whole_module import compile_keep_going

EXIT_USER, EXIT_INTERNAL = 2, 1


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file beside it, renamed into place, so a
    failure leaves no half file. A symbolic link is written through (the file it names is
    replaced). An unwritable place is a TranspileError."""
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    if path.is_dir():
        raise TranspileError(None, f"cannot write '{path}': it is a directory")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise TranspileError(None, f"cannot write '{path}': {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, _file_mode(path))
        os.replace(tmp, path)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise TranspileError(None, f"cannot write '{path}': {err.strerror or err}") from None
        raise


def _file_mode(path: Path) -> int:
    """The mode a file written at `path` gets: the old file's, else 0o666 less the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (the same path, a link, or another spelling)."""
    try:
        if os.path.samefile(a, b):
            return True
    except OSError:
        pass
    return Path(os.path.realpath(a)) == Path(os.path.realpath(b))


def check_output(src: Path, out: Path) -> None:
    """Refuse an output path that is the input itself or a directory, before any work."""
    if same_file(src, out):
        raise TranspileError(None, f"the output '{out}' is the input file; refusing to "
                             "overwrite it", hint="name another file with -o")
    if out.is_dir():
        raise TranspileError(None, f"the output '{out}' is a directory",
                             hint=f"name a file, e.g. -o {out / src.stem}.<suffix>")


def _cmd_compile(args: argparse.Namespace) -> int:
    src = Path(args.file)
    if not src.exists():
        raise TranspileError(None, f"no such file: {src}")
    if src.is_dir():
        raise TranspileError(None, f"'{src}' is a directory, not a source file",
                             hint=f"`transpyle migrate {src} -o OUT` translates a tree")
    if src.suffix != ".py" and src.suffix.lower() not in FORTRAN_SUFFIXES:
        raise TranspileError(None, f"'{src}' is neither a Python (.py) nor a Fortran file",
                             hint=f"Fortran suffixes: {', '.join(FORTRAN_SUFFIXES)}")
    if args.output:
        check_output(src, Path(args.output))
    if src.suffix != ".py":
        return _emit(args, compile_file(src, to=args.to), 0)
    # a Python module: every function that translates, each refused one reported
    source = read_source(src)
    result = compile_keep_going(source, str(src), lambda only: compile_source(
        source, args.to, filename=str(src), only=only))
    for err in result.refused:
        print(err.render(), file=sys.stderr)
    status = EXIT_USER if result.refused else 0
    return _emit(args, result.text, status) if result.text is not None else status


def _emit(args: argparse.Namespace, text: str, status: int) -> int:
    if args.output:
        write_atomically(Path(args.output), text)
    else:
        sys.stdout.write(text)
    return status


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
        return int(call_deep(lambda: args.run(args)) or 0)
    except TranspileError as err:
        print(err.render(), file=sys.stderr)
        return EXIT_USER
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `transpyle kernels list | head`: the reader left; say nothing
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so that the exit's flush fails silently too
        return 128 + 13  # as a process killed by SIGPIPE
    except Exception:  # noqa: BLE001 - the last line of defence
        traceback.print_exc(file=sys.stderr)
        print("transpyle: internal error; please report it with the input that caused it",
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
