"""transpyle's benchmarks: `python -m benchmarks` (or `make bench`) runs the CPU suite.

benchmarks/cpu/ holds the kernels (typed Python, written once), their hand-written Fortran twins
and NumPy versions, the tools compared, timing and reporting. gpu_kernels.py is the GPU suite.
"""
