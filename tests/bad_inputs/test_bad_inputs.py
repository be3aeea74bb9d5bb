"""The bad-input corpus: Python, Fortran and command lines that must fail cleanly.

Each case asserts, through the installed `transpyle` script in a subprocess: the exit code,
a located diagnostic on stderr (`file:line:col: error: ...` where the input has a location),
no traceback anywhere, no output file left behind (the output folder stays empty) and the
input unchanged (hash before and after).

Hand-written cases live in `python/` (as .py.bad, so that linters leave them alone) and
`fortran/`, one small file per case, the expected
diagnostic in its first line (`# expect: LINE:COL: message`, `! expect:`, or `C expect:`
for fixed form). More are generated here, with fresh random choices each run: every
function-body case again inside a loop; bytes that are not UTF-8 or NUL at random places;
overflowing literals; deep nesting; END statements naming another unit. Python cases run one
process each, in a thread pool; the Fortran cases run as one `transpyle migrate` of a folder
(and a few through `compile`)."""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).parent
SCRIPT = Path(sys.executable).parent / "transpyle"
EXPECT = re.compile(r"^(?:#|!|C) expect: (\d+):(\d+): (.*)$")
RNG = random.Random()  # fresh choices every run; the case names and counts are fixed


@dataclass(frozen=True)
class Case:
    name: str  # also the file's stem
    suffix: str  # ".py", ".f90", ".f"
    data: bytes
    line: int
    col: int
    message: str  # how the diagnostic's message begins


def _hand_written(folder: str) -> list[Case]:
    cases = []
    for path in sorted((HERE / folder).iterdir()):
        data = path.read_bytes()
        match = EXPECT.match(data.split(b"\n", 1)[0].decode())
        assert match, f"{path}: the first line must say '# expect: LINE:COL: message'"
        real = Path(path.name.removesuffix(".bad"))  # Python cases: .py.bad, kept from linters
        cases.append(Case(real.stem, real.suffix, data, int(match[1]), int(match[2]),
                          match[3]))
    return cases


def _in_a_loop(case: Case) -> Case | None:
    """A function-body case again, one level deeper: inside `for k in range(n):`."""
    lines = case.data.decode().split("\n")
    if case.line < 7 or not lines[6].startswith("    ") or case.name == "return_array":
        return None
    body = lines[6:]
    end = next((k for k, ln in enumerate(body) if ln == "    return s"), len(body))
    nested = ["    for k in range(n):", *("    " + ln for ln in body[:end]), *body[end:]]
    text = "\n".join(lines[:6] + nested)
    return Case(f"{case.name}_in_loop", ".py", text.encode(), case.line + 1, case.col + 4,
                case.message)


GOOD_PY = ("import numpy as np\n\n\ndef f(x: float, n: int, a: 'float[:]') -> float:\n"
           "    s = 0.0\n    for i in range(n):\n        s += a[i] * x\n    return s\n")
GOOD_F90 = ("subroutine s(x, n, a)\n  implicit none\n  real :: x\n  integer :: n\n"
            "  real :: a(10)\n  integer :: i\n  do i = 1, n\n    x = x + a(i)\n  end do\n"
            "end subroutine s\n")


def _bad_byte(name: str, text: str, suffix: str, byte: bytes, message: str) -> Case:
    """`text` with `byte` put at a random place of a random non-empty line."""
    lines = text.split("\n")
    line = RNG.choice([k for k, ln in enumerate(lines) if ln.strip()])
    col = RNG.randrange(len(lines[line]) + 1)
    data = "\n".join(lines[:line]).encode() + (b"\n" if line else b"") + \
        lines[line][:col].encode() + byte + "\n".join([lines[line][col:], *lines[line + 1:]]
                                                      ).encode()
    return Case(name, suffix, data, line + 1, col + 1, message)


def _encoding_cases() -> list[Case]:
    cases = []
    for k, byte in enumerate((b"\xff", b"\xe9", b"\x80", b"\xc3\x28", b"\xfe\xff")):
        note = f"the file is not UTF-8 text (byte 0x{byte[0]:02x})"
        cases.append(_bad_byte(f"not_utf8_{k}", GOOD_PY, ".py", byte, note))
        cases.append(_bad_byte(f"not_utf8_{k}", GOOD_F90, ".f90", byte, note))
    for k in range(3):
        note = "the file contains a NUL character"
        cases.append(_bad_byte(f"nul_{k}", GOOD_PY, ".py", b"\0", note))
        cases.append(_bad_byte(f"nul_{k}", GOOD_F90, ".f90", b"\0", note))
    for k in range(3):
        garbage = bytes(RNG.randrange(256) for _ in range(RNG.randrange(50, 400)))
        cases.append(Case(f"binary_{k}", ".py", b"\xff" + garbage, 1, 1,
                          "the file is not UTF-8 text (byte 0xff)"))
        cases.append(Case(f"binary_{k}", ".f", b"\xff" + garbage, 1, 1,
                          "the file is not UTF-8 text (byte 0xff)"))
    return cases


def _python_generated() -> list[Case]:
    head = "def f(x: float, n: int) -> float:\n"
    cases = [Case("parentheses_3000", ".py", (head + "    return " + "(" * 3000 + "x"
                                              + ")" * 3000 + "\n").encode(), 2, 212,
                  "too many nested parentheses"),
             Case("terms_40000", ".py", (head + "    return " + " + ".join(["x"] * 40_000)
                                         + "\n").encode(), 2, 5,
                  "expression nested too deeply to translate")]
    for k, where in enumerate(("    return x * {lit}\n", "    y = {lit} - x\n    return y\n",
                               "    return x if n > 0 else {lit}\n")):
        lit = f"{RNG.randint(1, 9)}e{RNG.randint(309, 9999)}"
        text = head + where.format(lit=lit)
        col = text.split("\n")[1].index(lit) + 1
        cases.append(Case(f"overflow_{k}", ".py", text.encode(), 2, col,
                          f"the literal {lit} overflows to infinity"))
    return cases


def _fortran_generated() -> list[Case]:
    cases = []
    units = (("subroutine", "({v})\n  real :: {v}\n  {v} = 1\n"),
             ("function", "({v})\n  real :: {n}, {v}\n  {n} = {v}\n"),
             ("program", "\n  print *, 1\n"), ("module", "\n  integer :: k\n"))
    for kind, body in units:
        name, other, v = (f"u{RNG.randrange(10**6)}", f"w{RNG.randrange(10**6)}", "x")
        text = f"{kind} {name}" + body.format(v=v, n=name) + f"end {kind} {other}\n"
        cases.append(Case(f"end_{kind}_names_another", ".f90", text.encode(),
                          text.count("\n"), 1, "Fortran syntax error"))
    for k, (lit, kind) in enumerate(((f"1e{RNG.randint(39, 99)}", 4),
                                     (f"1d{RNG.randint(309, 999)}", 8),
                                     (f"2.5e{RNG.randint(309, 999)}_8", 8),
                                     (f"-3.0e{RNG.randint(39, 99)}", 4))):
        text = f"subroutine s(x)\n  real(8) :: x\n  x = {lit}\nend subroutine s\n"
        shown = lit.upper().lstrip("-").removesuffix("_8")
        cases.append(Case(f"real_overflow_{k}", ".f90", text.encode(), 3, 3,
                          f"the real constant {shown} overflows its kind (real({kind}))"))
    n_ops = RNG.randint(2001, 2600)
    text = "subroutine s(x)\n  real :: x\n  x = " + " + ".join(["x"] * (n_ops + 1)) + \
        "\nend subroutine s\n"
    cases.append(Case("operators_over_2000", ".f90", text.encode(), 3, 1,
                      "expression too long: more than 2000 operators in one statement"))
    depth = RNG.randint(251, 3000)
    text = "subroutine s(x)\n  real :: x\n  x = " + "(" * depth + "x" + ")" * depth + \
        "\nend subroutine s\n"
    cases.append(Case("parentheses_over_250", ".f90", text.encode(), 3, 6 + 251,
                      "more than 250 nested parentheses"))
    for k, bad in enumerate(("x = = 1", "x = (x + 1", "do i = 1,", "if (x > 0) x = 1 else",
                             "call (x)", "x = x +* 2")):
        text = GOOD_F90.replace("    x = x + a(i)\n", f"    x = x + a(i)\n    {bad}\n")
        cases.append(Case(f"syntax_in_loop_{k}", ".f90", text.encode(), 9, 1,
                          "Fortran syntax error"))
    return cases


PY_CASES = _hand_written("python")
PY_CASES += [c for c in map(_in_a_loop, PY_CASES) if c is not None]
PY_CASES += [c for c in _encoding_cases() if c.suffix == ".py"] + _python_generated()
F_CASES = _hand_written("fortran") + [c for c in _encoding_cases() if c.suffix != ".py"] + \
    _fortran_generated()
COMPILED_F = {c.name for c in F_CASES[::6]}  # these also through `compile --to python`


# ---------------------------------------------------------------------------- running


@dataclass
class Run:
    argv: list[str]
    rc: int
    stdout: str
    stderr: str


def _run(argv: list[str]) -> Run:
    proc = subprocess.run([str(SCRIPT), *argv], capture_output=True, text=True, timeout=300,
                          errors="replace")
    return Run(argv, proc.returncode, proc.stdout, proc.stderr)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Write every case, run them all (thread pool), return what came back."""
    root = tmp_path_factory.mktemp("bad_inputs")
    jobs: dict[str, list[str]] = {}
    for k, c in enumerate(PY_CASES):
        folder = root / "py" / c.name
        (folder / "out").mkdir(parents=True)
        (folder / f"{c.name}{c.suffix}").write_bytes(c.data)
        # the targets in turn; a case refused by one target only names it ("# target: fortran")
        named = re.search(rb"^# target: (\w+)$", c.data, re.MULTILINE)
        to = named.group(1).decode() if named else ("fortran", "python", "ir")[k % 3]
        jobs[f"py:{c.name}"] = ["compile", str(folder / f"{c.name}{c.suffix}"), "--to", to,
                                "-o", str(folder / "out" / f"{c.name}.txt")]
    tree = root / "fortran"
    tree.mkdir()
    for c in F_CASES:
        (tree / f"{c.name}{c.suffix}").write_bytes(c.data)
        if c.name in COMPILED_F:
            (root / "fout" / c.name).mkdir(parents=True)
            jobs[f"f:{c.name}"] = ["compile", str(tree / f"{c.name}{c.suffix}"), "--to",
                                   "python", "-o", str(root / "fout" / c.name / "x.py")]
    jobs["migrate"] = ["migrate", str(tree), "-o", str(root / "migrated"), "--report",
                       str(root / "report.json"), "-q"]
    for name, make in CLI_CASES.items():
        folder = root / "cli" / name
        folder.mkdir(parents=True)
        jobs[f"cli:{name}"] = make(folder).argv
    hashes = {p: _digest(p) for p in root.rglob("*") if p.is_file()}
    with ThreadPoolExecutor(max_workers=max(4, 2 * (os.cpu_count() or 1))) as pool:
        runs = dict(zip(jobs, pool.map(_run, jobs.values()), strict=True))
    return {"root": root, "runs": runs, "hashes": hashes}


def _unchanged(corpus: dict[str, object], folder: Path) -> None:
    hashes: dict[Path, str] = corpus["hashes"]  # type: ignore[assignment]
    for path, digest in hashes.items():
        if folder in path.parents:
            assert path.exists() and _digest(path) == digest, f"{path} changed"


def _clean(run: Run) -> None:
    assert "Traceback" not in run.stdout + run.stderr, run.stderr
    assert "internal error" not in run.stdout + run.stderr, run.stderr


@pytest.mark.parametrize("case", PY_CASES, ids=lambda c: c.name)
def test_python_input(corpus: dict[str, object], case: Case) -> None:
    run: Run = corpus["runs"][f"py:{case.name}"]  # type: ignore[index]
    folder = corpus["root"] / "py" / case.name  # type: ignore[operator]
    _clean(run)
    assert run.rc == 2, run.stderr
    path = folder / f"{case.name}{case.suffix}"
    want = f"{path}:{case.line}:{case.col}: error: {case.message}"
    assert run.stderr.startswith(want), f"\nwant: {want}\ngot:  {run.stderr[:400]}"
    assert run.stdout == ""
    assert _tree(folder) == sorted([path.name, "out"])  # no output, no temporary
    _unchanged(corpus, folder)


@pytest.mark.parametrize("case", F_CASES, ids=lambda c: c.name + c.suffix)
def test_fortran_input(corpus: dict[str, object], case: Case) -> None:
    root: Path = corpus["root"]  # type: ignore[assignment]
    migrate: Run = corpus["runs"]["migrate"]  # type: ignore[index]
    _clean(migrate)
    assert migrate.rc == 2
    path = root / "fortran" / f"{case.name}{case.suffix}"
    rows = {r["source"]: r for r in json.loads((root / "report.json").read_text())}
    row = rows[str(path)]
    want = f"{path}:{case.line}:{case.col}: {case.message}"
    assert row["status"] == "failed" and row["output"] is None
    assert row["message"].startswith(want), f"\nwant: {want}\ngot:  {row['message']}"
    assert f"FAILED    {path}" in migrate.stdout
    assert not (root / "migrated").exists() or _tree(root / "migrated") == []
    _unchanged(corpus, root / "fortran")
    if case.name in COMPILED_F:
        run: Run = corpus["runs"][f"f:{case.name}"]  # type: ignore[index]
        _clean(run)
        assert run.rc == 2
        assert run.stderr.startswith(f"{path}:{case.line}:{case.col}: error: {case.message}")
        assert _tree(root / "fout" / case.name) == []


# ---------------------------------------------------------------------------- the CLI


@dataclass
class Cli:
    argv: list[str]
    rc: int
    stderr: str  # how stderr begins


def _src(folder: Path, name: str = "k.py", text: str = GOOD_PY) -> Path:
    path = folder / name
    if not path.exists():
        path.write_text(text)
    return path


def _folder(folder: Path, name: str) -> Path:
    (folder / name).mkdir(exist_ok=True)
    return folder / name


def _f(folder: Path, *parts: str) -> str:
    return str(folder.joinpath(*parts))


CLI_CASES: dict[str, Callable[[Path], Cli]] = {
    "output_is_input": lambda d: Cli(["compile", str(_src(d)), "-o", str(_src(d))], 2,
                                     f"error: the output '{_src(d)}' is the input file"),
    "output_is_input_spelt_otherwise": lambda d: Cli(
        ["compile", str(_src(d)), "-o", _f(_folder(d, "sub"), "..", "k.py")], 2,
        f"error: the output '{d}/sub/../k.py' is the input file"),
    "output_is_a_directory": lambda d: Cli(["compile", str(_src(d)), "-o", str(d)], 2,
                                           f"error: the output '{d}' is a directory"),
    "output_under_a_file": lambda d: Cli(["compile", str(_src(d)), "-o", _f(d, "k.py", "x")],
                                         2, f"error: cannot write '{_f(d, 'k.py', 'x')}'"),
    "output_in_proc": lambda d: Cli(["compile", str(_src(d)), "-o", "/proc/tp/x.f90"], 2,
                                    "error: cannot write '/proc/tp/x.f90'"),
    "input_is_a_directory": lambda d: Cli(["compile", str(d)], 2,
                                          f"error: '{d}' is a directory, not a source file"),
    "input_missing": lambda d: Cli(["compile", _f(d, "nope.py")], 2,
                                   f"error: no such file: {_f(d, 'nope.py')}"),
    "input_wrong_suffix": lambda d: Cli(["compile", str(_src(d, "k.txt"))], 2,
                                        f"error: '{_f(d, 'k.txt')}' is neither a Python"),
    "unknown_target": lambda d: Cli(["compile", str(_src(d)), "--to", "rust"], 2,
                                    "usage: transpyle compile"),
    "unknown_command": lambda d: Cli(["frobnicate"], 2, "usage: transpyle"),
    "kernels_emit_nothing": lambda d: Cli(["kernels", "emit", "-o", _f(d, "cu")], 2,
                                          "error: nothing to emit"),
    "kernels_emit_unknown": lambda d: Cli(["kernels", "emit", "fft", "-o", _f(d, "cu")], 2,
                                          "error: unknown kernel family 'fft'"),
    "migrate_finds_nothing": lambda d: Cli(["migrate", str(d), "-o", _f(d, "out"), "-q"], 2,
                                           "error: no Fortran sources found"),
    "migrate_output_is_a_file": lambda d: Cli(
        ["migrate", str(_src(d, "m.f90", GOOD_F90)), "-o", str(_src(d)), "-q"], 2,
        f"error: the output '{_src(d)}' is a file, not a directory"),
    "migrate_report_is_an_input": lambda d: Cli(
        ["migrate", str(_src(d, "m.f90", GOOD_F90)), "-o", _f(d, "out"), "--report",
         str(_src(d, "m.f90", GOOD_F90)), "-q"], 2, "error: the report '"),
    "migrate_report_is_a_directory": lambda d: Cli(
        ["migrate", str(_src(d, "m.f90", GOOD_F90)), "-o", _f(d, "out"), "--report", str(d),
         "-q"], 2, "error: the report '"),
}


@pytest.mark.parametrize("name", list(CLI_CASES))
def test_command_line(corpus: dict[str, object], name: str) -> None:
    folder = corpus["root"] / "cli" / name  # type: ignore[operator]
    case = CLI_CASES[name](folder)
    run: Run = corpus["runs"][f"cli:{name}"]  # type: ignore[index]
    _clean(run)
    assert run.rc == case.rc, run.stderr
    assert run.stderr.startswith(case.stderr), f"\nwant: {case.stderr}\ngot:  {run.stderr}"
    assert not (folder / "out").exists() and not (folder / "cu").exists()
    _unchanged(corpus, folder)


def test_the_corpus_is_large_enough() -> None:
    assert len(PY_CASES) + len(F_CASES) + len(CLI_CASES) >= 150
