# Benchmarks (benchmarks/README.md). None of this runs in the test command: timings live here.
# `make bench` runs them all; PY picks the interpreter (default: the project venv).

PY ?= .venv/bin/python

.PHONY: bench bench-accuracy bench-speed bench-others

bench: bench-accuracy bench-speed bench-others

# Accuracy against published runs: rewrites the tables in benchmarks/accuracy/RESULTS.md and
# fails if any group is worse than benchmarks/accuracy/baseline.json.
bench-accuracy:
	$(PY) -m benchmarks.accuracy.validate --check

# `wattprint estimate` wall time, the chain alone, Monte Carlo throughput.
bench-speed:
	$(PY) benchmarks/speed/bench_estimate.py

# Every other benchmarks/*/bench_*.py that exists (tracker vs peers, dashboard, ...).
bench-others:
	@for f in $$(ls benchmarks/*/bench_*.py 2>/dev/null | grep -v "/bench_estimate.py$$"); do \
		echo "== $$f"; $(PY) $$f || exit 1; \
	done
