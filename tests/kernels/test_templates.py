"""The CUDA backend's template rules and every default variant compiled by nvcc."""

from __future__ import annotations

import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from transpyle.backends.cuda import emit, render, render_string
from transpyle.errors import TranspileError
from transpyle.kernels import Conv2dDesc, default_variants
from transpyle.kernels.commands import main as kernels_main

ALL_VARIANTS = [desc for family in default_variants().values() for desc in family]


def test_strict_undefined_raises_transpile_error():
    with pytest.raises(TranspileError, match="undefined"):
        render_string("constexpr int K = << kh >>;", {})
    with pytest.raises(TranspileError, match="conv2d.cu.j2: .* is undefined"):
        render("conv2d.cu.j2", {"kernel_name": "k"})


def test_delimiters_leave_cpp_alone():
    text = "int a[2] = {{1}, {2}}; <% if on %>x >> 1;<% endif %> << name >><# gone #>"
    assert (
        render_string(text, {"on": True, "name": "kern"}) == "int a[2] = {{1}, {2}}; x >> 1; kern"
    )


def test_register_sizes_are_compile_time_constants():
    src = emit(Conv2dDesc("float32", 7, 5, tile_h=8)).source
    assert "constexpr int KH = 7;" in src and "constexpr int KW = 5;" in src
    assert "constexpr int TILE_H = 8;" in src
    assert "__shfl_down_sync" in src and "__shared__" not in src


def test_kernel_names_are_unique():
    names = [desc.kernel_name for desc in ALL_VARIANTS]
    assert len(names) == len(set(names))


def test_emit_all_writes_every_default_variant(tmp_path: Path):
    assert kernels_main(["kernels", "emit", "--all", "-o", str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.glob("*.cu"))
    assert written == sorted(f"{d.kernel_name}.cu" for d in ALL_VARIANTS)
    assert not list(tmp_path.glob(".tmp-*"))


def test_emit_unknown_family_fails_without_output(tmp_path: Path, capsys):
    out = tmp_path / "out"
    assert kernels_main(["kernels", "emit", "nosuch", "-o", str(out)]) == 2
    assert "unknown kernel family" in capsys.readouterr().err
    assert not out.exists()


def test_register_adds_the_kernels_subcommand():
    import argparse

    from transpyle.kernels.commands import register

    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["kernels", "emit", "--all", "-o", "x"])
    assert args.all and callable(args.run)  # the handler cli.main calls


_RESOURCES = re.compile(r"(\d+) bytes spill stores, (\d+) bytes spill loads")


def _compile(nvcc: str, src_path: Path) -> tuple[str, str]:
    proc = subprocess.run(
        [
            nvcc,
            "-arch=sm_90",
            "-cubin",
            "-Xptxas",
            "-v",
            "-o",
            str(src_path.with_suffix(".cubin")),
            str(src_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return src_path.stem, proc.stdout + proc.stderr + f"\nreturncode={proc.returncode}"


def test_every_default_kernel_compiles_with_nvcc_without_spills(tmp_path: Path):
    nvcc = shutil.which("nvcc")
    if nvcc is None:
        pytest.skip("nvcc is not on PATH; the compile check needs the CUDA toolkit")
    paths = []
    for desc in ALL_VARIANTS:
        src = emit(desc)
        path = tmp_path / src.filename
        path.write_text(src.source)
        paths.append(path)
    with ThreadPoolExecutor(max_workers=4) as pool:
        logs = dict(pool.map(lambda p: _compile(nvcc, p), paths))
    for name, log in logs.items():
        assert "returncode=0" in log, f"{name} failed to compile:\n{log}"
        spills = _RESOURCES.findall(log)
        assert spills, f"no ptxas resource report for {name}:\n{log}"
        assert all(s == ("0", "0") for s in spills), f"{name} spills registers:\n{log}"
