"""The cache is the user's alone: planted roots and entries are refused (their code never runs),
directories are private, `cache clear` removes only cache items, a broken compiler is a clear
error, and fallback="python" covers every build and load failure.

Each load that a planted or damaged extension could crash runs in a fresh interpreter. The
helpers here (variants of one module, a child runner) serve test_cache_faults.py too.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import needs_gfortran
from tests.runtime.test_build import FORTRAN
from transpyle.runtime.build import BuildOptions
from transpyle.runtime.cache import MARKER, cache_key, load_or_build

REPO = Path(__file__).resolve().parents[2]

CHILD = """
import sys
from pathlib import Path
import numpy as np
from transpyle.errors import TranspileError
from transpyle.runtime.build import BuildOptions
from transpyle.runtime.cache import load_module

def check(k, root=None, name=None):
    '''Load (or build) variant k, check it on fresh random inputs, print 'ok k'.'''
    ext = load_module(variant(k), name or f"tp_cs_{k}", BuildOptions(),
                      Path(root) if root else None)
    rng = np.random.default_rng()
    x, y = rng.normal(size=17), rng.normal(size=17)
    assert abs(ext.m.dot(x, y) - float(np.dot(x, y))) <= 1e-12 * (1 + abs(np.dot(x, y)))
    a = rng.integers(-1000, 1000, size=9).astype(np.int32)
    want = k * a
    ext.m.twice(a)
    assert (a == want).all(), (a, want)
    print("ok", k, flush=True)
"""


def variant(k: int) -> str:
    """FORTRAN whose `twice` multiplies by k: a distinct cache key for each k."""
    return FORTRAN.replace("a = 2 * a", f"a = {k} * a")


def run_child(code: str, env: dict[str, str] | None = None,
              timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run CHILD + `code` in a fresh interpreter from the repository root."""
    return subprocess.run([sys.executable, "-c", child_code(code)], cwd=REPO,
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def child_code(code: str) -> str:
    """A program: the module variants, `check(k, root)`, then `code`."""
    return f"FORTRAN = {FORTRAN!r}\n" + variant_source() + CHILD + textwrap.dedent(code)


def variant_source() -> str:
    return ("def variant(k):\n"
            "    return FORTRAN.replace('a = 2 * a', f'a = {k} * a')\n")


def transpyle_script() -> str:
    """The installed console script, as a user runs it."""
    script = Path(sys.executable).parent / "transpyle"
    return str(script) if script.exists() else shutil.which("transpyle") or "transpyle"


OTHER_UID = 12345
EVIL_C = r"""
#include <stdio.h>
#include <stdlib.h>
__attribute__((constructor)) static void planted(void) {
    const char *path = getenv("TP_PLANTED");
    FILE *f = path ? fopen(path, "w") : NULL;
    if (f) { fputs("the planted code ran\n", f); fclose(f); }
}
"""


@pytest.fixture(autouse=True)
def _gfortran() -> None:
    needs_gfortran()


def needs_root() -> None:
    if os.getuid() != 0:
        pytest.skip("planting files owned by another uid needs root (os.chown)")


@pytest.fixture(scope="module")
def genuine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A cache root with a real entry for variant(2) (name tp_cs_2), and its key."""
    root = tmp_path_factory.mktemp("genuine") / "cache"
    load_or_build(variant(2), "tp_cs_2", BuildOptions(), root)
    return root, cache_key(variant(2), BuildOptions())


@pytest.fixture(scope="module")
def evil_so(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("evil")
    (d / "evil.c").write_text(EVIL_C)
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(d / "evil.so"), str(d / "evil.c")],
                   check=True)
    return d / "evil.so"


def plant(genuine: tuple[Path, str], evil_so: Path, dest: Path) -> Path:
    """Copy the genuine cache to `dest` with the entry's extension swapped for the planted one,
    its marker updated as an attacker would (hash and size); return the entry."""
    shutil.copytree(genuine[0], dest)
    entry = dest / genuine[1]
    info = json.loads((entry / MARKER).read_text())
    so = entry / info["so"]
    shutil.copyfile(evil_so, so)
    import hashlib

    info["sha256"] = hashlib.sha256(so.read_bytes()).hexdigest()
    info["size"] = so.stat().st_size
    (entry / MARKER).write_text(json.dumps(info))
    return entry


def chown_tree(path: Path, uid: int) -> None:
    os.chown(path, uid, uid)
    for p in path.rglob("*"):
        os.lchown(p, uid, uid)


def test_the_planted_extension_would_run_its_code(evil_so: Path, tmp_path: Path) -> None:
    """The scenario is real: loading the planted file runs its init code."""
    flag = tmp_path / "ran"
    proc = subprocess.run([sys.executable, "-c", f"import ctypes; ctypes.CDLL({str(evil_so)!r})"],
                          env={**os.environ, "TP_PLANTED": str(flag)}, timeout=60)
    assert proc.returncode == 0 and flag.exists()


@pytest.mark.parametrize("how", ["root owned by another uid", "entry owned by another uid",
                                 "root writable by others"])
def test_a_planted_entry_never_runs(how: str, genuine: tuple[Path, str], evil_so: Path,
                                    tmp_path: Path) -> None:
    root, tmpdir, flag = tmp_path / "cache", tmp_path / "tmp", tmp_path / "ran"
    tmpdir.mkdir()
    entry = plant(genuine, evil_so, root)
    if how == "root owned by another uid":
        needs_root()
        chown_tree(root, OTHER_UID)
        why = f"owned by uid {OTHER_UID}"
    elif how == "entry owned by another uid":
        needs_root()
        chown_tree(entry, OTHER_UID)
        why = "another user owns it"
    else:
        os.chmod(root, 0o777)
        why = "group or others can write it (mode 777)"
    proc = run_child("check(2)", {"TRANSPYLE_CACHE_DIR": str(root), "TMPDIR": str(tmpdir),
                                  "TP_PLANTED": str(flag)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["ok", "2"]
    assert not flag.exists(), "the planted extension's code ran"
    assert "not using the cache directory" in proc.stderr and why in proc.stderr
    private = tmpdir / f"transpyle-cache-{os.getuid()}"  # where it built instead
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    assert (private / genuine[1] / MARKER).is_file()


def test_a_planted_predictable_fallback_is_refused(genuine: tuple[Path, str], evil_so: Path,
                                                   tmp_path: Path) -> None:
    """Another user pre-creates <tmp>/transpyle-cache-<uid> with an entry; the user's own cache
    cannot be written, so the fallback is needed: a fresh private directory is used instead."""
    needs_root()
    tmpdir, flag = tmp_path / "tmp", tmp_path / "ran"
    tmpdir.mkdir()
    planted = tmpdir / f"transpyle-cache-{os.getuid()}"
    plant(genuine, evil_so, planted)
    chown_tree(planted, OTHER_UID)
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    proc = run_child("check(2)", {"TRANSPYLE_CACHE_DIR": str(blocker / "cache"),
                                  "TMPDIR": str(tmpdir), "TP_PLANTED": str(flag)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["ok", "2"]
    assert not flag.exists(), "the planted extension's code ran"
    assert f"not using the cache directory {planted}: it is owned by uid {OTHER_UID}" \
        in proc.stderr
    assert not (tmpdir / "transpyle-cache-0").is_relative_to(blocker)
    left = [p for p in tmpdir.iterdir() if p != planted]
    assert left == [], f"the per-process private root was not removed at exit: {left}"


def test_directories_are_private_whatever_the_umask(tmp_path: Path) -> None:
    root = tmp_path / "a" / "cache"
    proc = run_child(f"import os; os.umask(0); check(5, {str(root)!r})")
    assert proc.returncode == 0, proc.stderr
    assert (root / "CACHEDIR.TAG").read_text().startswith(
        "Signature: 8a477f597d28d172789f06886806bc55")
    for p in [root, *root.rglob("*")]:
        mode = stat.S_IMODE(p.lstat().st_mode)
        if p.is_dir():
            assert mode == 0o700, (p, oct(mode))
        else:
            assert mode & 0o077 == 0, (p, oct(mode))


def test_an_entry_is_hashed_once_per_process(tmp_path: Path) -> None:
    from transpyle.runtime import cache_trust

    so = load_or_build(variant(6), "tp_cs_6", BuildOptions(), tmp_path)
    before = cache_trust._digest.cache_info()
    for _ in range(3):
        assert load_or_build(variant(6), "tp_cs_6", BuildOptions(), tmp_path) == so
    after = cache_trust._digest.cache_info()
    assert after.misses - before.misses <= 1 and after.hits - before.hits >= 2


def tree(root: Path) -> dict[str, str]:
    """Every path under `root` with its contents (a link: its target)."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = str(p.relative_to(root))
        out[rel] = ("-> " + os.readlink(p)) if p.is_symlink() else \
            p.read_bytes().hex() if p.is_file() else "<dir>"
    return out


def user_project(path: Path) -> None:
    for rel, text in {"README.md": "# mine\n", "src/x.py": "print(1)\n", ".git/HEAD": "ref\n",
                      ".git/objects/ab/cdef": "blob\n", "0123456789abcdef01234567/notes.txt": "n",
                      "support/fortranobject-notes.txt": "s", "failed/todo.f90": "end\n",
                      "0123456789abcdef01234567.lock": "mine", "complete": "{}"}.items():
        (path / rel).parent.mkdir(parents=True, exist_ok=True)
        (path / rel).write_text(text)


def clear_cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([transpyle_script(), "cache", "clear", *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ, **env})


def test_clear_refuses_a_project_folder(tmp_path: Path) -> None:
    project = tmp_path / "project"
    user_project(project)
    load_or_build(variant(7), "tp_cs_7", BuildOptions(), project)  # used as a cache, even
    before = tree(project)
    for args, env in (([], {"TRANSPYLE_CACHE_DIR": str(project)}),
                      (["--cache-dir", str(project)], {})):
        proc = clear_cli(args, env)
        assert proc.returncode == 2, proc.stderr
        assert "is not a transpyle cache directory" in proc.stderr
        assert "nothing was removed" in proc.stderr and "Traceback" not in proc.stderr
        assert tree(project) == before


def test_clear_removes_only_cache_items(tmp_path: Path) -> None:
    root, outside = tmp_path / "cache", tmp_path / "outside"
    load_or_build(variant(8), "tp_cs_8", BuildOptions(), root)
    (outside / "keep").mkdir(parents=True)
    (outside / "keep" / "data.txt").write_text("precious")
    (root / "notes.txt").write_text("mine")
    (root / "0123456789abcdef01234567").mkdir()
    (root / "0123456789abcdef01234567" / "notes.txt").write_text("mine too")
    (root / "abcdefabcdefabcdefabcdef").symlink_to(outside / "keep")
    (root / ".abcdefabcdefabcdefabcdef.x1y2z3").mkdir()  # a dead build's directory
    proc = clear_cli(["--cache-dir", str(root)], {})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"removed 2 entries from {root}"
    assert sorted(p.name for p in root.iterdir()) == [
        ".transpyle.gate", ".transpyle.lock", "0123456789abcdef01234567", "CACHEDIR.TAG",
        "abcdefabcdefabcdefabcdef", "notes.txt"]
    assert (root / "0123456789abcdef01234567" / "notes.txt").read_text() == "mine too"
    assert (outside / "keep" / "data.txt").read_text() == "precious"


BROKEN_FC = {"FC=true": "true", "FC=/nonexistent": "/nonexistent", "FC=a failing script": None}


@pytest.mark.parametrize("case", list(BROKEN_FC))
def test_a_broken_compiler_is_a_transpile_error(case: str, tmp_path: Path) -> None:
    fc = BROKEN_FC[case]
    if fc is None:
        fc = str(tmp_path / "fc")
        Path(fc).write_text("#!/bin/sh\necho broken >&2\nexit 3\n")
        os.chmod(fc, 0o700)
    root = tmp_path / "cache"
    proc = run_child(f"""
        from transpyle.runtime.cache import compiler_version
        print("version:", compiler_version())
        try:
            check(9, {str(root)!r})
        except TranspileError as err:
            print(err.render())
            sys.exit(3)
        """, {"FC": fc})
    assert proc.returncode == 3, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    assert proc.stdout.startswith("version: ")  # compiler_version() answers, never raises
    want = {"FC=true": "it is not gfortran", "FC=/nonexistent":
            "no Fortran compiler found: FC=/nonexistent names no executable program",
            "FC=a failing script": "--version' exited with code 3"}[case]
    assert want in proc.stdout
    assert not [p for p in root.iterdir() if p.name.startswith(".") and p.is_dir()]


FALLBACK = '''
import sys, warnings
import numpy as np
from transpyle import transpile
import transpyle.runtime.jit as jit

@transpile(fallback="python")
def poly(x: float, n: int) -> float:
    return x * n + 1.5

def boom(*args, **kwargs):
    raise {error}

if {patch}:
    jit.load_module = boom
x, n = float(np.random.default_rng().normal()), int(np.random.default_rng().integers(1, 99))
with warnings.catch_warnings(record=True) as seen:
    warnings.simplefilter("always")
    assert poly(x, n) == x * n + 1.5
print("warnings:", [str(w.message) for w in seen if w.category is RuntimeWarning])
try:
    poly(x)
except TypeError as err:
    print("TypeError:", err)
'''


@pytest.mark.parametrize("case", ["FC=true", "OSError", "ImportError"])
def test_fallback_covers_every_build_and_load_failure(case: str, tmp_path: Path) -> None:
    error = {"FC=true": "AssertionError", "OSError": "OSError(28, 'No space left on device')",
             "ImportError": "ImportError('undefined symbol: PyFortranObject_New')"}[case]
    script = tmp_path / "prog.py"
    script.write_text(FALLBACK.format(error=error, patch=case != "FC=true"))
    env = {**os.environ, "TRANSPYLE_CACHE_DIR": str(tmp_path / "cache")}
    if case == "FC=true":
        env["FC"] = "true"
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=120, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("warnings: ")
    assert lines[0].count("@transpile: running poly in Python (fallback): ") == 1
    assert {"FC=true": "not gfortran", "OSError": "No space left on device",
            "ImportError": "undefined symbol"}[case] in lines[0]
    assert lines[1].startswith("TypeError:")  # a wrong call still raises
