"""`transpyle migrate` never loses work: a file that makes fparser give up (sys.exit) is that
file's failure, colliding output names are made distinct and reported, the report is always
written. Run through the installed console script."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from tests.cli.test_cli_files import digest, transpyle

UNIT = "subroutine {name}(x)\n  real :: x\n  x = x + {value}\nend subroutine {name}\n"


def _tree(root: Path) -> dict[str, str]:
    """Sources whose outputs collide, plus broken files; returns file -> its procedure."""
    procs: dict[str, str] = {}
    for file in ("a-b.f90", "a_b.f90", "a_b.f95", "A_B.f90", "sub/a_b.f90", "sub/a-b.f"):
        name = f"s_{secrets.token_hex(3)}"
        path = root / file
        path.parent.mkdir(parents=True, exist_ok=True)
        text = UNIT.format(name=name, value="1.5")
        if file.endswith(".f"):
            text = "".join("      " + line + "\n" for line in text.splitlines())
        path.write_text(text)
        procs[file] = name
    (root / "endb.f90").write_text("subroutine a(x)\n  real :: x\n  x = 1\nend subroutine b\n")
    (root / "latin1.f90").write_bytes(b"subroutine c(x)\n  real :: x ! caf\xe9\nend\n")
    return procs


def test_migrate_survives_fparser_exit_and_keeps_every_colliding_file(tmp_path: Path) -> None:
    root, out, report = tmp_path / "src", tmp_path / "out", tmp_path / "report.json"
    procs = _tree(root)
    before = {p: digest(p) for p in root.rglob("*") if p.is_file()}
    proc = transpyle("migrate", root, "-o", out, "--report", report, "-q")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    rows = {Path(r["source"]).relative_to(root).as_posix(): r
            for r in json.loads(report.read_text())}
    assert set(rows) == set(procs) | {"endb.f90", "latin1.f90"}
    assert rows["endb.f90"]["status"] == "failed"
    assert rows["endb.f90"]["message"].startswith(f"{root / 'endb.f90'}:4:1: Fortran syntax")
    assert rows["latin1.f90"]["message"] == (f"{root / 'latin1.f90'}:2:18: the file is not "
                                             "UTF-8 text (byte 0xe9)")
    outputs = [rows[f]["output"] for f in procs]
    assert len(set(map(str.casefold, outputs))) == len(procs)  # distinct, even ignoring case
    for file, name in procs.items():
        row = rows[file]
        assert row["status"] == "migrated", row
        assert f"def {name}(" in Path(row["output"]).read_text()  # its own procedure
        if Path(row["output"]).stem.casefold() != "a_b":
            assert row["note"].startswith(f"renamed to {Path(row['output']).name}: ")
            assert row["note"] in proc.stdout
    assert sorted(p.name for p in (out / "sub").iterdir()) == ["a_b.py", "a_b_2.py"]
    assert "5 of 8 files migrated" not in proc.stdout and "6 of 8 files migrated" in proc.stdout
    assert {p: digest(p) for p in root.rglob("*") if p.is_file()} == before


def test_migrate_output_that_is_a_file_and_unwritable_report(tmp_path: Path) -> None:
    src = tmp_path / "k.f90"
    src.write_text(UNIT.format(name="k", value="2.0"))
    (tmp_path / "taken").write_text("x")
    proc = transpyle("migrate", src, "-o", tmp_path / "taken")
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: the output '{tmp_path / 'taken'}' is a file")
    proc = transpyle("migrate", src, "-o", tmp_path / "o", "--report", src)
    assert proc.returncode == 2 and "is a directory or an input file" in proc.stderr
    assert src.read_text() == UNIT.format(name="k", value="2.0")
    proc = transpyle("migrate", src, "-o", tmp_path / "o2", "--report",
                     tmp_path / "taken" / "r.json", "-q")
    assert proc.returncode == 2
    assert f"error: cannot write '{tmp_path / 'taken' / 'r.json'}'" in proc.stderr
    assert (tmp_path / "o2" / "k.py").is_file()  # the migration itself stands
