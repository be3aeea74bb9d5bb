"""Cache damage is rebuilt, never crashes: a truncated or altered extension, an empty or wrong
support object, a disk that fills up mid-build, `cache clear` while other processes build.
Each load of a damaged entry runs in a fresh interpreter (a truncated .so was SIGBUS)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import needs_gfortran
from tests.runtime.test_cache_safety import REPO, child_code, run_child, transpyle_script, variant
from transpyle.errors import TranspileError
from transpyle.runtime.build import BuildOptions
from transpyle.runtime.cache import FAILED, KEEP_FAILED, MARKER, load_or_build
from transpyle.runtime.cache_trust import sha256_of

EXPECT_FAILURE = """
try:
    check({k}, {root!r})
except TranspileError as err:
    print(err.render())
    sys.exit(3)
"""


@pytest.fixture(autouse=True)
def _gfortran() -> None:
    needs_gfortran()


def temp_dirs(root: Path) -> list[Path]:
    return [p for p in root.iterdir() if p.is_dir() and p.name.startswith(".")]


def intact(so: Path) -> bool:
    return json.loads((so.parent / MARKER).read_text())["sha256"] == sha256_of(so)


@pytest.mark.parametrize("damage", ["truncated to half", "bytes altered, same size"])
def test_a_damaged_extension_is_rebuilt_not_loaded(damage: str, tmp_path: Path) -> None:
    so = load_or_build(variant(30), "tp_cs_30", BuildOptions(), tmp_path)
    data = so.read_bytes()
    if damage == "truncated to half":
        so.write_bytes(data[: len(data) // 2])
    else:
        so.write_bytes(data[:4096] + bytes(b ^ 0x5A for b in data[4096:8192]) + data[8192:])
    proc = run_child(f"check(30, {str(tmp_path)!r})")
    assert proc.returncode == 0, (proc.returncode, proc.stderr)  # -7 (SIGBUS) before
    assert proc.stdout.split() == ["ok", "30"]
    assert so.read_bytes() != b"" and intact(so)


@pytest.mark.parametrize("damage", ["empty", "another object"])
def test_a_wrong_support_object_is_rebuilt(damage: str, tmp_path: Path) -> None:
    load_or_build(variant(31), "tp_cs_31", BuildOptions(), tmp_path)
    (obj,) = (tmp_path / "support").glob("fortranobject-*.o")
    if damage == "empty":
        obj.write_bytes(b"")
    else:  # a valid object without f2py's symbols: links, then fails to import
        (tmp_path / "other.c").write_text("int transpyle_other(void) { return 1; }\n")
        subprocess.run(["gcc", "-c", "-fPIC", "-o", str(obj), str(tmp_path / "other.c")],
                       check=True)
    proc = run_child(f"check(32, {str(tmp_path)!r})")  # a new entry links the support object
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["ok", "32"]
    record = json.loads(obj.with_suffix(".json").read_text())
    assert record["sha256"] == sha256_of(obj)


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 2 MiB tmpfs where this machine lets root mount one; None elsewhere."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if os.getuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs",
                                           str(mnt)], capture_output=True).returncode != 0:
        yield None
        return
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Fill `disk` up, then free `leave` bytes; return the filler."""
    filler = disk / "filler"
    with open(filler, "wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError:
            pass
    os.truncate(filler, max(filler.stat().st_size - leave, 0))
    return filler


ENOSPC_AT_LINK = """
import errno
import transpyle.runtime.build_direct as bd
real_run = bd._run
def full_at_link(cmd, cwd, what, *rest):
    if what == "the linker":
        raise OSError(errno.ENOSPC, "No space left on device")
    return real_run(cmd, cwd, what, *rest)
bd._run = full_at_link
"""


def test_a_full_disk_fails_cleanly_and_the_next_run_builds(small_disk: Path | None,
                                                           tmp_path: Path) -> None:
    """The disk fills up at the compile (24 KiB free) or at the link (80 KiB free): a
    TranspileError naming the kept Fortran, no directory left behind; then, with space again,
    the next run builds."""
    root = (small_disk or tmp_path) / "cache"
    assert run_child(f"check(33, {str(root)!r})").returncode == 0  # support object and one entry
    for free in (24 * 1024, 80 * 1024):
        if small_disk is not None:
            filler = fill(small_disk, leave=free)
            proc = run_child(EXPECT_FAILURE.format(k=34, root=str(root)))
            filler.unlink()
        else:  # no tmpfs here: the disk fills up at the link
            proc = run_child(ENOSPC_AT_LINK + EXPECT_FAILURE.format(k=34, root=str(root)))
        assert proc.returncode == 3, (proc.stdout, proc.stderr)
        assert "No space left on device" in proc.stdout and "Traceback" not in proc.stderr
        kept = proc.stdout.split("hint: the generated Fortran is kept at ")[1].strip()
        assert Path(kept).read_text() == variant(34)
        assert temp_dirs(root) == [], "a failed build left its directory behind"
    proc = run_child(f"check(34, {str(root)!r}); check(33, {str(root)!r})")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["ok", "34", "ok", "33"]


def test_failed_builds_keep_only_their_newest_fortran(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FC", "true")
    for k in range(40, 40 + KEEP_FAILED + 3):
        with pytest.raises(TranspileError, match="does not work") as err:
            load_or_build(variant(k), f"tp_cs_{k}", BuildOptions(), tmp_path)
        kept = Path(err.value.hint.removeprefix("the generated Fortran is kept at "))
        assert kept.parent == tmp_path / FAILED and kept.read_text() == variant(k)
    assert len(list((tmp_path / FAILED).iterdir())) == KEEP_FAILED
    assert temp_dirs(tmp_path) == []


WORKER = """
ks = [int(k) for k in sys.argv[1:]]
for _ in range(30):  # until the test has seen clears remove entries under the builds
    for k in ks:
        check(k, ROOT)
    if Path(STOP).exists():
        break
"""


def test_clear_while_other_processes_build(tmp_path: Path) -> None:
    """Two processes build and load two modules over and over while `transpyle cache clear`
    runs again and again (until one has removed entries): every build and load
    succeeds, every clear exits 0."""
    root, stop = tmp_path / "cache", tmp_path / "stop"
    orders = [[60, 61], [61, 60]]
    code = child_code(f"ROOT, STOP = {str(root)!r}, {str(stop)!r}\n" + WORKER)
    workers = [subprocess.Popen([sys.executable, "-c", code, *map(str, order)], cwd=REPO,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for order in orders]
    clears = []
    while any(w.poll() is None for w in workers) and not stop.exists():
        clears.append(subprocess.run([transpyle_script(), "cache", "clear", "--cache-dir",
                                      str(root)], capture_output=True, text=True, timeout=300))
        if any(c.stdout.split()[1:2] not in (["0"], []) for c in clears):
            stop.touch()
    for w, order in zip(workers, orders, strict=True):
        out, err = w.communicate(timeout=300)
        assert w.returncode == 0, err
        words = out.split()
        assert words and words == [x for k in order * (len(words) // 4) for x in ("ok", str(k))]
    for c in clears:
        assert c.returncode == 0, c.stderr
    assert stop.exists(), f"no clear removed entries between the builds: {clears}"


def test_a_root_from_before_tags_is_adopted_only_if_it_holds_cache_items(tmp_path: Path) -> None:
    """A cache written by an older transpyle (no CACHEDIR.TAG, entries without hashes) is
    tagged at its first use, its entries are rebuilt, and `clear` then empties it."""
    legacy = tmp_path / "legacy"
    key = "0123456789abcdef01234567"
    (legacy / key).mkdir(parents=True)
    (legacy / key / MARKER).write_text("done")  # markers were not JSON once
    (legacy / key / "tp_old.cpython-311-x86_64-linux-gnu.so").write_bytes(b"\x7fELF")
    (legacy / f"{key}.lock").write_text("")
    (legacy / "support").mkdir()
    (legacy / "support" / "fortranobject-0123456789abcdef.o").write_bytes(b"")
    so = load_or_build(variant(35), "tp_cs_35", BuildOptions(), legacy)
    assert (legacy / "CACHEDIR.TAG").is_file() and intact(so)
    proc = subprocess.run([transpyle_script(), "cache", "clear", "--cache-dir", str(legacy)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"removed 2 entries from {legacy}"
    assert sorted(p.name for p in legacy.iterdir()) == [
        ".transpyle.gate", ".transpyle.lock", "CACHEDIR.TAG"]
