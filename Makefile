# transpyle: `make demo` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
EXTRAS ?= test,examples,mpi
comma  := ,
STAMP  := $(VENV)/.installed-$(subst $(comma),-,$(EXTRAS))

.PHONY: demo test bench fuzz golden gfortran mpi venv clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[$(EXTRAS)]"
	touch $(STAMP)

gfortran:
	@command -v gfortran >/dev/null 2>&1 || { \
	  echo "gfortran is missing: installing it with apt-get"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; \
	  else echo "error: gfortran is not installed and this user cannot run apt-get;" \
	       "install it (e.g. 'apt-get install -y gfortran') and run make again" >&2; exit 1; fi; \
	  { $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq gfortran >/dev/null; } || { \
	    echo "error: 'apt-get install gfortran' failed; install a Fortran compiler by hand" >&2; exit 1; }; }

# MPI for the migrated MPI programs and their tests: Debian's Open MPI (mpif90, mpirun; the
# `mpi` extra's mpi4py wheel loads its libmpi.so.40). Where it cannot be installed, the MPI
# tests skip with that reason.
mpi:
	@{ command -v mpif90 && command -v mpirun; } >/dev/null 2>&1 || { \
	  echo "MPI is missing: installing Open MPI with apt-get"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; \
	  else echo "warning: Open MPI is not installed and this user cannot run apt-get;" \
	       "the MPI tests will be skipped ('apt-get install openmpi-bin libopenmpi-dev')" >&2; \
	       exit 0; fi; \
	  { $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq openmpi-bin libopenmpi-dev \
	      >/dev/null; } || echo "warning: 'apt-get install openmpi-bin' failed; the MPI tests" \
	      "will be skipped" >&2; }

demo: gfortran mpi venv
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m examples.showcase
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m examples.legacy

test: gfortran mpi venv
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -q

bench: gfortran mpi
	$(MAKE) venv EXTRAS=test,examples,mpi,bench
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m benchmarks $(BENCH_ARGS)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m benchmarks.roundtrip
	$(BIN)/python -m benchmarks.migrate_throughput
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m benchmarks.io
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m benchmarks.mpi_io
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m benchmarks.mpi_halo
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m benchmarks.calls
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m benchmarks.startup
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m benchmarks.parallel

# the differential fuzzers' long runs (FUZZ_COUNT programs each); failures under fuzz-failures/
FUZZ_COUNT ?= 10000
fuzz: gfortran venv
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m tests.fuzz.fortran_long --count $(FUZZ_COUNT) --out fuzz-failures/fortran
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m tests.fuzz.python_long --count $(FUZZ_COUNT) --out fuzz-failures/python

golden: gfortran venv
	PATH="$(CURDIR)/$(BIN):$$PATH" TRANSPYLE_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_golden.py

clean:
	rm -rf $(VENV) build *.egg-info
