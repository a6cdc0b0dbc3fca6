# The two commands: `make run` (set up, then start the explorer) and `make test` (set up, then
# lint and run every test). Both create .venv on a fresh machine and install what they need.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8050

.PHONY: run test lint chromium nginx format bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "tinynet-explorer needs Python 3.11 or newer (found " + sys.version.split()[0] + "); set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

run: $(VENV)/.installed
	$(BIN)/tinynet serve --host $(HOST) --port $(PORT) $(ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The browser tests drive Debian's Chromium (Playwright may not download browsers here).
chromium:
	@if [ -x /usr/bin/chromium ]; then \
		:; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Chromium for the browser tests (apt-get install chromium)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Chromium at /usr/bin/chromium."; \
		echo "Install it, then run make test again:  sudo apt-get install -y chromium"; \
		exit 1; \
	fi

# The fault test puts two app processes behind Debian's nginx, started by the test on loopback.
nginx:
	@if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then \
		:; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing nginx for the fault test (apt-get install nginx)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; \
	else \
		echo "The fault test needs nginx (it starts its own, on loopback, as your user)."; \
		echo "Install it, then run make test again:  sudo apt-get install -y nginx"; \
		exit 1; \
	fi

test: lint chromium nginx
	$(BIN)/python -m pytest

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(VENV)/.installed-test chromium
	$(BIN)/python benchmarks/bench_train.py
	$(BIN)/python benchmarks/bench_ui.py
	$(BIN)/python benchmarks/bench_load.py

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache .ruff_cache .hypothesis
