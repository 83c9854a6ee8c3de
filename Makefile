# The two commands of the README: `make demo` and `make test`. Both create .venv when needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-slow lint typecheck venv clean chromium bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	@$(BIN)/python -m medpolicy.cli.demo

lint: $(STAMP)
	$(BIN)/ruff check medpolicy tests benchmarks
	$(BIN)/ruff format --check medpolicy tests benchmarks
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# the browser tests drive Debian's Chromium; CI runs as root on a clean machine, so install it when absent
chromium:
	@if [ ! -x /usr/bin/chromium ] || [ ! -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ]; then \
		echo "installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
			chromium chromium-driver fonts-wqy-zenhei >/dev/null || echo "chromium could not be installed"; \
	fi

# the suite on two workers; tests marked slow (the wheel build in a fresh venv) run in `make test-slow`, which CI runs
test: lint typecheck chromium
	$(BIN)/pytest -q -n 2 -m "not slow"

test-slow: $(STAMP)
	$(BIN)/pytest -q -m slow

# seeded benchmark against pySHACL (benchmarks/bench.py): writes benchmarks/results.json and prints a table;
# N applicants per policy (make bench N=10000), AGREE=all|K applicants per policy checked against pySHACL
N     ?= 12
AGREE ?= all
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py --n $(N) --agree $(AGREE)

clean:
	rm -rf $(VENV) build dist *.egg-info
