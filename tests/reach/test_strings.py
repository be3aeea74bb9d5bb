"""str arguments (issue 15's library round trip: `TRANSA`, LSAME): compared with `==` and `!=`,
`ord` of one character, `len`, passed on to other functions, against CPython on fresh random
strings (lengths 0 to 3, equal but for a trailing blank, which Fortran's `==` would ignore).
`ord` of another length raises CPython's TypeError; a string with a character outside ASCII is
refused at the call; str variables and `<` on strings are refused at their location."""

from __future__ import annotations

import random
import string
import subprocess

import pytest

from tests.conftest import needs_gfortran
from tests.isolated import run_both
from transpyle.compiler import compile_source
from transpyle.errors import TranspileError

SOURCE = '''
import numpy as np
from transpyle import transpile


def upper_code(c: str) -> int:
    k = ord(c)
    if k >= 97 and k <= 122:
        k = k - 32
    return k


@transpile
def same_letter(a: str, b: str) -> bool:
    if a == b:
        return True
    return upper_code(a) == upper_code(b)


@transpile
def compare(a: str, b: str) -> int:
    r = 0
    if a == b:
        r += 1
    if a != b:
        r += 2
    if a == 'N':
        r += 4
    if 'T' != b:
        r += 8
    return r + 16 * len(a) + 64 * len(b)


@transpile
def apply(trans: str, x: 'float[:]', alpha: float) -> int:
    if same_letter(trans, 'N'):
        for i in range(len(x)):
            x[i] = alpha * x[i]
        return 0
    if same_letter(trans, 'T'):
        for i in range(len(x)):
            x[i] = x[i] - alpha
        return 1
    return -1


def run_apply(trans, x, alpha):
    a = np.array(x)
    k = apply(trans, a, alpha)
    return (k, a.tobytes().hex())
'''


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("NnTtCc " + string.ascii_letters + string.digits + "!~")
                   for _ in range(rng.choice([0, 1, 1, 1, 2, 3])))


def test_str_arguments_match_cpython(tmp_path):
    needs_gfortran()
    rng = random.Random()
    calls = []
    for _ in range(60):
        a, b = _word(rng), _word(rng)
        if rng.random() < 0.2:
            b = a + " "  # equal under Fortran's blank padding, not in Python
        calls += [f"same_letter({a!r}, {b!r})", f"compare({a!r}, {b!r})"]
        x = [rng.uniform(-5, 5) for _ in range(rng.randint(0, 4))]
        calls.append(f"run_apply({rng.choice(['N', 'n', 'T', 't', 'C', '', 'NN', a])!r}, "
                     f"{x}, {rng.uniform(-2, 2)})")
    calls += ["same_letter('N ', 'N')", "compare('N', 'N ')", "same_letter('', '')"]
    compiled, python = run_both(tmp_path, SOURCE, calls)
    assert compiled == python
    kinds = {kind for kind, *_ in python}
    assert kinds == {"ok", "raise"}, python  # ord's TypeError was exercised


def test_a_str_outside_ascii_is_refused_at_the_call(tmp_path):
    needs_gfortran()
    compiled, python = run_both(tmp_path, SOURCE, ["compare('é', 'e')", "compare('e', 'e')"])
    assert python == [["ok", "90"], ["ok", "89"]]
    assert compiled[0][:2] == ["raise", "TypeError"] and "ASCII" in compiled[0][2]
    assert compiled[1] == python[1]


@pytest.mark.parametrize(("body", "words"), [
    ("    s = a\n    return len(s)", "no str variables"),
    ("    a = 'x'\n    return len(a)", "no str variables"),
    ("    return int(a < 'b')", "compare strings with == and != only"),
])
def test_what_strings_cannot_do_is_refused_at_its_line(body, words):
    source = f"def f(a: str) -> int:\n{body}\n"
    with pytest.raises(TranspileError) as info:
        compile_source(source, "fortran", "strings.py")
    assert words in info.value.message
    assert info.value.loc is not None and info.value.loc.line == 2


def test_the_cli_translates_str_arguments(tmp_path):
    """`transpyle compile --to fortran`: CHARACTER(*) arguments, Python's `==`, tp_ord; the
    Fortran compiles with gfortran -Wall -Werror."""
    needs_gfortran()
    src = tmp_path / "letters.py"
    compiled_part = SOURCE[:SOURCE.index("def run_apply")]  # run_apply builds an array
    src.write_text(compiled_part.replace("@transpile\n", "").replace(
        "from transpyle import transpile\n", ""))
    out = tmp_path / "letters.f90"
    subprocess.run(["transpyle", "compile", str(src), "--to", "fortran", "-o", str(out)],
                   check=True, capture_output=True, text=True)
    text = out.read_text()
    assert "character(len=*), intent(in) :: trans" in text
    assert "len(a) == len(b) .and. a == b" in text
    assert "function tp_ord(c)" in text
    build = subprocess.run(["gfortran", "-Wall", "-Werror", "-fsyntax-only", str(out)],
                           capture_output=True, text=True, cwd=tmp_path)
    assert build.returncode == 0, build.stderr



@pytest.mark.parametrize("body", ["    return 'hello world'\n", "    return s\n"])
def test_returning_a_string_is_refused_at_the_return(body):
    """f2py hands a CHARACTER result back as bytes (b'hello world'), CPython a str."""
    from transpyle import passes

    from transpyle.frontends.python import parse_python

    module = parse_python("def f(s: str):\n" + body, "s.py")
    with pytest.raises(TranspileError) as err:
        passes.for_fortran(passes.typed(module))
    assert "returning a string" in err.value.message and err.value.loc.line == 2
