"""`transpyle migrate SRC... -o DIR`: legacy Fortran trees -> one Python module per source file.

Two passes: every file is parsed first (so a call into another file knows the callee's calling
convention and where it lives), then each is emitted, checked to compile as Python, and written
atomically. A file that fails is reported with the first unsupported construct (file:line) and
does not stop the others; nothing is written for it. Exit status 2 if any file failed.
Files whose names make one Python module (`a-b.f`, `a_b.f90`) get distinct ones, reported.
"""

from __future__ import annotations

import argparse
import json
import keyword
import os
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from tqdm import tqdm  # type: ignore[import-untyped]

from transpyle.backends.python import emit_commons, emit_python
from transpyle.backends.python_state import Blocks, common_blocks
from transpyle.cli import same_file, write_atomically
from transpyle.compiler import FORTRAN_SUFFIXES, read_source, too_deep
from transpyle.errors import TranspileError
from transpyle.frontends.fortran import parse_fortran
from transpyle.ir import nodes as ir
from transpyle.passes.defined_calls import has_program
from transpyle.passes.procedure_args import procedure_flows

COMMON_MODULE = "fortran_common"


@dataclass
class FileResult:
    source: str
    output: str | None
    status: str  # "migrated" | "failed"
    message: str = ""  # the first problem, "file:line:col: message"
    lines: int = 0
    note: str = ""  # e.g. why the output was renamed


def find_sources(paths: list[str]) -> list[tuple[Path, Path]]:
    """(file, its path relative to the tree root) for every Fortran file under `paths`."""
    out: list[tuple[Path, Path]] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted((f, f.relative_to(p)) for f in p.rglob("*")
                          if f.is_file() and f.suffix.lower() in FORTRAN_SUFFIXES)
        else:
            out.append((p, Path(p.name)))
    return out


def module_name(path: Path) -> str:
    """The Python module of a source file: its stem made an identifier, never the name of a
    module the migrated code imports (a file `math.f` becomes `math_f.py`)."""
    clean = re.sub(r"\W", "_", path.stem)
    clean = clean if clean[:1].isalpha() else f"m_{clean}"
    taken = set(sys.stdlib_module_names) | {"numpy", "transpyle", "fortranformat", "tqdm"}
    return f"{clean}_f" if clean in taken or keyword.iskeyword(clean) else clean


def output_names(sources: list[tuple[Path, Path]]) -> dict[Path, tuple[str, str]]:
    """The Python module of each source and a note where it had to be renamed: files of one
    output directory whose names make one module (`a-b.f`, `a_b.f`, `a_b.f90`: `a_b`; also
    names equal but for case) get distinct ones, the first keeping it, the others `_2`,
    `_3`, ... in source order. A file given twice is migrated once."""
    out: dict[Path, tuple[str, str]] = {}
    owner: dict[tuple[Path, str], Path] = {}  # (directory, casefolded module) -> its source
    for src, rel in sources:
        if src in out:
            continue
        base = name = module_name(rel)
        k = 1
        while (rel.parent, name.casefold()) in owner:
            k += 1
            name = f"{base}_{k}"
        note = "" if k == 1 else (f"renamed to {name}.py: {base}.py would clash with the "
                                  f"output of {owner[rel.parent, base.casefold()]}")
        owner[rel.parent, name.casefold()] = src
        out[src] = (name, note)
    return out


def _failure(src: Path, err: BaseException) -> FileResult:
    if isinstance(err, RecursionError):
        try:
            err = too_deep(str(src), read_source(src))
        except TranspileError as unreadable:
            err = unreadable
    if isinstance(err, SystemExit):
        return FileResult(str(src), None, "failed", f"{src}: the Fortran parser gave up")
    if isinstance(err, TranspileError):
        where = err.loc if err.loc.line else src
        return FileResult(str(src), None, "failed", f"{where}: {err.message}")
    if isinstance(err, OSError | UnicodeDecodeError):
        return FileResult(str(src), None, "failed", f"{src}: cannot read: {err}")
    return FileResult(str(src), None, "failed",
                      f"{src}: internal error: {type(err).__name__}: {err}")


def migrate(paths: list[str], out_dir: Path, progress: bool = True) -> list[FileResult]:
    sources = list({src: (src, rel) for src, rel in find_sources(paths)}.values())
    names = output_names(sources)
    inputs = {Path(os.path.realpath(src)) for src, _ in sources}
    parsed: dict[Path, tuple[Path, ir.Module, int]] = {}
    results: dict[Path, FileResult] = {}
    bar = tqdm(total=2 * len(sources), desc="migrate", unit="step",
               disable=None if progress else True, file=sys.stderr)
    _parse_all(sources, parsed, results)
    bar.update(len(sources))
    # the procedures of each output directory (modules import their siblings by name)
    homes: dict[tuple[Path, str], str] = {}
    procs: dict[tuple[Path, str], ir.FunctionDef] = {}
    for src, (rel, module, _) in parsed.items():
        for name, f in module.functions().items():
            if f.kind != "program":
                homes.setdefault((rel.parent, name), names[src][0])
                procs.setdefault((rel.parent, name), f)
    commons = _write_commons(parsed, out_dir, names)
    every = [f for _, module, _ in parsed.values() for f in module.functions().values()]
    flows = procedure_flows({f.name: f for f in every if f.kind != "program"}, every)
    fortran_modules = {m.name: (names[src][0], m) for src, (_, m, _) in parsed.items()}
    program = has_program(m for _, m, _ in parsed.values())
    for src, (rel, module, nlines) in parsed.items():
        mine, note = names[src]
        target = out_dir / rel.parent / f"{mine}.py"
        try:
            if Path(os.path.realpath(target)) in inputs:
                raise TranspileError(None, f"the output {target} would overwrite an input")
            own = module.functions()
            externals = {n: f for (d, n), f in procs.items() if d == rel.parent
                         and n not in own and homes[d, n] != mine}
            text = emit_python(module, externals,
                               {n: homes[rel.parent, n] for n in externals},
                               commons.get(rel.parent), _used_variables(module, fortran_modules),
                               flows, program)
            compile(text, str(target), "exec")
            write_atomically(target, text)
            results[src] = FileResult(str(src), str(target), "migrated", lines=nlines,
                                      note=note)
        except (Exception, SystemExit) as err:  # noqa: BLE001 - that file's failure only
            results[src] = _failure(src, err)
        bar.update(1)
    bar.update(2 * len(sources) - bar.n)
    bar.close()
    return [results[src] for src, _ in sources]


def _used_variables(module: ir.Module, fortran_modules: dict[str, tuple[str, ir.Module]]
                    ) -> dict[str, tuple[str, ir.VarDecl]]:
    """The variables (not PARAMETERs) of the Fortran modules of other files that `module`
    USEs, each with the Python module that holds it."""
    used: dict[str, tuple[str, ir.VarDecl]] = {}
    for name in module.uses:
        entry = fortran_modules.get(name)
        if entry is None or entry[1] is module:
            continue
        home, other = entry
        for d in other.decls:
            if not d.constant:
                used.setdefault(d.name, (home, d))
    return used


def _parse_all(sources: list[tuple[Path, Path]],
               parsed: dict[Path, tuple[Path, ir.Module, int]],
               results: dict[Path, FileResult]) -> None:
    """Parse every source; a file that USEs a Fortran module of another file of the tree is
    parsed again once that file has been, until a round makes no progress."""
    pending = list(sources)
    known: dict[str, ir.Module] = {}  # Fortran module name -> the IR of the file holding it
    while pending:
        failed: list[tuple[Path, Path]] = []
        for src, rel in pending:
            try:
                text = read_source(src)
                module = parse_fortran(text, str(src), known)
                parsed[src] = (rel, module, text.count("\n") + 1)
                results.pop(src, None)
                if not module.functions() or all(f.kind != "program"
                                                 for f in module.functions().values()):
                    known.setdefault(module.name, module)
            except (Exception, SystemExit) as err:  # noqa: BLE001 - one bad file never
                # stops the others (fparser calls sys.exit on some errors)
                results[src] = _failure(src, err)
                failed.append((src, rel))
        if len(failed) == len(pending):
            return
        pending = failed


def _write_commons(parsed: dict[Path, tuple[Path, ir.Module, int]], out_dir: Path,
                   names: dict[Path, tuple[str, str]]) -> dict[Path, tuple[str, Blocks]]:
    """Per output directory, the COMMON blocks its files share, written to one module
    (COMMON_MODULE) that the others import: storage shared across files, as in Fortran.
    Where the files disagree on a block's layout they are not one program, and each file
    keeps its blocks to itself."""
    out: dict[Path, tuple[str, Blocks]] = {}
    by_dir: dict[Path, list[Path]] = {}
    for src, (rel, _, _) in parsed.items():
        by_dir.setdefault(rel.parent, []).append(src)
    for folder, sources in by_dir.items():
        modules = [parsed[s][1] for s in sources]
        try:
            blocks = common_blocks(modules)
        except TranspileError:  # files that are not one program: each keeps its own blocks
            continue
        if not blocks:
            continue
        name = COMMON_MODULE
        while any(names[s][0].casefold() == name for s in sources):
            name += "_"
        text = emit_commons(blocks, modules, f"{name}: the COMMON blocks of {folder or '.'}")
        write_atomically(out_dir / folder / f"{name}.py", text)
        out[folder] = (name, blocks)
    return out


def _cmd_migrate(args: argparse.Namespace) -> int:
    out_dir = Path(args.output)
    if out_dir.exists() and not out_dir.is_dir():
        raise TranspileError(None, f"the output '{out_dir}' is a file, not a directory")
    report = Path(args.report) if args.report else None
    if report is not None and (report.is_dir() or any(
            same_file(report, src) for src, _ in find_sources(args.sources))):
        raise TranspileError(None, f"the report '{report}' is a directory or an input file")
    results = migrate(args.sources, out_dir, progress=not args.quiet)
    if not results:
        raise TranspileError(None, "no Fortran sources found",
                             hint=f"looked for {', '.join(FORTRAN_SUFFIXES)}")
    width = max(len(r.source) for r in results)
    for r in results:
        if r.status == "migrated":
            print(f"migrated  {r.source:<{width}}  -> {r.output}"
                  + (f"  ({r.note})" if r.note else ""))
        else:
            print(f"FAILED    {r.source:<{width}}  {r.message}")
    failed = sum(r.status != "migrated" for r in results)
    print(f"{len(results) - failed} of {len(results)} files migrated"
          + (f", {failed} failed" if failed else ""))
    if report is not None:
        write_atomically(report, json.dumps([asdict(r) for r in results], indent=2) + "\n")
    return 2 if failed else 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("migrate", help="migrate Fortran files or trees to Python modules")
    p.add_argument("sources", nargs="+", metavar="SRC", help="Fortran files or directories")
    p.add_argument("-o", "--output", required=True, help="output directory")
    p.add_argument("--report", help="also write the per-file report as JSON here")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(run=_cmd_migrate)
