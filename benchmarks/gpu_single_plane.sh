#!/usr/bin/env bash
# Issue 16's single-plane kernels (SAT, conv2d) in one device call, each part under its own
# time limit, the most important first (a call cut short keeps what is under $OUT):
#   1. benchmarks/gpu_kernels.py: copy, host cost, SAT variants at 8192^2 and 16384^2 (checked
#      against float64 before and after their timing, odd shapes and integer inputs too), conv2d
#      3x3 .. 11x11 (the default kernels and the staged ones) beside cupyx and cuDNN;
#   2. the GPU tests of the new variants (load groups, stamped words, the staged conv2d);
#   3. Nsight Compute on one launch of each kernel of benchmarks/gpu_profile.py;
#   4. an opcode count of the SASS of three kernels (nvcc and cuobjdump there).
# Run `.venv/bin/python benchmarks/gpu_deps.py` here first and carry .gpu_deps.
set -u
OUT=${OUT:-gpu_out}
mkdir -p "$OUT"
export PYTHONPATH="$PWD/.gpu_deps:$PWD${PYTHONPATH:+:$PYTHONPATH}"
export TRANSPYLE_CACHE_DIR=${TRANSPYLE_CACHE_DIR:-/tmp/transpyle-cache}
export PYTHONUNBUFFERED=1
DEV=$(python3 -c "import cupy; print(cupy.cuda.runtime.getDeviceProperties(0)['name'].decode().lower().replace(' ', '-'))" 2>/dev/null || echo unknown)
echo "# $(date -u +%FT%TZ) device $DEV"
nvidia-smi --query-gpu=name,clocks.sm,clocks.mem,temperature.gpu,power.draw --format=csv,noheader
step() {  # step NAME SECONDS COMMAND...
    local name=$1 limit=$2; shift 2
    echo "## $name (limit ${limit} s)"
    local t0=$SECONDS
    timeout "$limit" "$@" > "$OUT/$name.log" 2>&1
    echo "## $name: rc $? in $((SECONDS - t0)) s"
}
step bench "${BENCH_S:-100}" python3 benchmarks/gpu_kernels.py --only copy,host,sat,conv2d \
    --conv-quick --filters 3,5,7,9,11 --out "$OUT/gpu_${DEV}.json"
grep -E "^(copy|sat|conv2d|host) |^# " "$OUT/bench.log" | grep -v "^# wrote" | tail -n 75
XDIST=""
python3 -c "import xdist" 2>/dev/null && XDIST="-n 12"
step tests "${TESTS_S:-45}" python3 -m pytest -q -p no:randomly -p no:cacheprovider $XDIST -m gpu \
    tests/kernels/test_gpu.py -k "load_groups or stamped or staged"
tail -n 6 "$OUT/tests.log"
step ncu "${NCU_S:-35}" ncu --clock-control none --kernel-name regex:'^(sat|conv2d)_' \
    --section SpeedOfLight --section Occupancy --section LaunchStats --section WarpStateStats \
    python3 benchmarks/gpu_profile.py
grep -E "^  [a-z_0-9]+\(|Duration|DRAM Throughput|Compute \(SM\) Throughput|Achieved Occupancy|Registers Per|Warp Cycles Per Issued" "$OUT/ncu.log" | head -n 60
sass() {
    mkdir -p /tmp/sass && python3 -m transpyle.cli kernels emit sat conv2d conv2d_staged -o /tmp/sass >/dev/null
    for k in sat_float32_to_float32_w8_h64_s256_pk4v sat_float32_to_float32_w8_h64_s256_pk4veg8 \
             conv2d_float32_k7x7_ci1_co1_t6_w4_xs_c4 conv2d_staged_float32_k7x7_co1_r8_w4; do
        [ -f /tmp/sass/$k.cu ] || { echo "$k: not emitted"; continue; }
        nvcc -arch=sm_90 -cubin -o /tmp/sass/$k.cubin /tmp/sass/$k.cu && \
        cuobjdump --dump-sass /tmp/sass/$k.cubin > "$OUT/$k.sass" && \
        echo "$k: $(grep -cE '^\s+/\*[0-9a-f]{4,5}\*/' "$OUT/$k.sass") instructions;" \
             "$(grep -oE '^\s+/\*[0-9a-f]{4,5}\*/\s+(@!?U?P[0-9T] )?[A-Z0-9]+' "$OUT/$k.sass" | awk '{print $NF}' | sort | uniq -c | sort -rn | head -n 12 | tr '\n' ' ')"
    done
}
export -f sass
step sass "${SASS_S:-12}" bash -c sass
cat "$OUT/sass.log"
