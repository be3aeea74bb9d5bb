#!/usr/bin/env bash
# Everything of issue 16 that needs the GPU, in one device call (at most 8 minutes: each part has its own limit):
#   1. the LBCNN example's epoch times (CNN, LBCNN, half-LBC; batch 32 and 256; the step
#      replayed from a CUDA graph, run kernel by kernel, and NumPy on the host), kernels per step;
#   2. the example's GPU tests (tests/examples -m gpu);
#   3. the conv layers and fused LBC layers against cuDNN, with the tile sweep (layer only);
#   4. the kernel GPU tests (tests/kernels -m gpu; in parallel where pytest-xdist is there).
# Results under $OUT (default ./gpu_out): lbcnn_gpu.json, gpu_<device>_layers5.json, *.log.
# The lent machine lacks transpyle's pure-Python dependencies: run
# `.venv/bin/python benchmarks/gpu_deps.py` here first and carry .gpu_deps (see that file).
set -u
OUT=${OUT:-gpu_out}
mkdir -p "$OUT"
export PYTHONPATH="$PWD/.gpu_deps:$PWD${PYTHONPATH:+:$PYTHONPATH}"
[ -f .gpu_deps/digits.csv.gz ] && export LBCNN_DIGITS="$PWD/.gpu_deps/digits.csv.gz"
export TRANSPYLE_CACHE_DIR=${TRANSPYLE_CACHE_DIR:-/tmp/transpyle-cache}
DEV=$(python3 -c "import cupy; print(cupy.cuda.runtime.getDeviceProperties(0)['name'].decode().lower().replace(' ', '-'))" 2>/dev/null || echo unknown)
echo "# $(date -u +%FT%TZ) device $DEV"
step() {  # step NAME SECONDS COMMAND...: a part under its own time limit, its log kept
    local name=$1 limit=$2; shift 2
    echo "## $name (limit ${limit} s)"
    local t0=$SECONDS
    timeout "$limit" "$@" > "$OUT/$name.log" 2>&1
    local rc=$?
    echo "## $name: rc $rc in $((SECONDS - t0)) s"
}
step lbcnn 140 python3 benchmarks/lbcnn.py --gpu --epochs 3 --out "$OUT"
grep -v "^ *{" "$OUT/lbcnn.log" | tail -n 40
step tests_examples 75 python3 -m pytest -q -p no:randomly -p no:cacheprovider -m gpu tests/examples
tail -n 15 "$OUT/tests_examples.log"
step layers 100 python3 benchmarks/gpu_kernels.py --only layer --sweep --reps 15 \
    --out "$OUT/gpu_${DEV}_layers5.json"
grep -E "check|planner|cuDNN|best" "$OUT/layers.log" | tail -n 30
XDIST=""
python3 -c "import xdist" 2>/dev/null && XDIST="-n 8"
step tests_kernels 165 python3 -m pytest -q -p no:randomly -p no:cacheprovider $XDIST -m gpu tests/kernels
tail -n 15 "$OUT/tests_kernels.log"
