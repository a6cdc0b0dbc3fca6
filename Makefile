# The two commands: `make run` (set up, then start the explorer) and `make test` (set up, then
# lint and run every test, and the model and app tests again with the lowest versions of the
# dependencies that pyproject.toml allows). Both create their virtual environments on a fresh
# machine and install what they need.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
LOWEST := .venv-lowest
HOST ?= 127.0.0.1
PORT ?= 8050

.PHONY: run test test-lowest lint chromium nginx postgresql format bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "tinynet-explorer needs Python 3.11 or newer (found " + sys.version.split()[0] + "); set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# An editable install: setuptools' own notice about it (a UserWarning from the build backend)
# is left out, so `make run` starts with the explorer's address. Errors still stop it.
QUIET_BUILD := PYTHONWARNINGS=ignore::UserWarning

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(QUIET_BUILD) $(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(QUIET_BUILD) $(BIN)/python -m pip install --quiet -e .
	touch $@

run: $(VENV)/.installed
	$(BIN)/tinynet serve --host $(HOST) --port $(PORT) $(ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# $(call debian_package,PACKAGE,PROGRAM,Who needs it): there already, or apt-get it when root,
# or stop with the command to run.
define debian_package
	@if [ -x $(2) ]; then \
		:; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing $(1) for the tests (apt-get install $(1))"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; \
	else \
		echo "$(3) need $(1) at $(2)."; \
		echo "Install it, then run make test again:  sudo apt-get install -y $(1)"; \
		exit 1; \
	fi
endef

# The browser tests drive Debian's Chromium (Playwright may not download browsers here).
chromium:
	$(call debian_package,chromium,/usr/bin/chromium,The browser tests)

# The fault test puts two app processes behind Debian's nginx, started by the test on loopback.
nginx:
	$(call debian_package,nginx,/usr/sbin/nginx,The fault tests)

# The class tests run on SQLite and on Debian's PostgreSQL, each test starting its own server
# on a socket in a temporary folder (any installed major version will do).
postgresql:
	$(call debian_package,postgresql,$(or $(firstword $(wildcard /usr/lib/postgresql/*/bin/initdb)),/usr/lib/postgresql/missing/bin/initdb),The class tests)

# Two processes, each file's tests in one of them (the browser tests wait on Chromium much of
# the time, so two cores do nearly twice the work); each process starts its own servers.
test: lint chromium nginx postgresql
	$(BIN)/python -m pytest -n 2 --dist loadfile
	$(MAKE) test-lowest

# The lowest allowed versions (.ci/lowest.txt, held equal to pyproject's bounds by a test),
# wheels only, then the package and its test tools without moving those pins.
$(LOWEST)/.installed: pyproject.toml .ci/lowest.txt
	rm -rf $(LOWEST)
	$(PYTHON) -m venv $(LOWEST)
	$(LOWEST)/bin/python -m pip install --quiet --upgrade pip
	$(LOWEST)/bin/python -m pip install --quiet --only-binary=:all: -r .ci/lowest.txt
	$(QUIET_BUILD) $(LOWEST)/bin/python -m pip install --quiet -c .ci/lowest.txt -e '.[test]'
	touch $@

# The model and app tests at the lowest versions. The fault and fuzz tests (nginx in front, a
# fleet of servers, hostile input, a real kernel) test this project's own behaviour and run in
# the main run; gunicorn and waitress at their lowest versions are still served and killed
# by test_serving.py here. (Keeps `make test` under 20 minutes on two cores.)
SLOW_AT_LOWEST = test_deploy test_class_servers test_fuzz test_class_fuzz test_notebook_kernel
test-lowest: $(LOWEST)/.installed
	$(LOWEST)/bin/python -m pytest -q -p no:cacheprovider -n 2 --dist loadfile tests/model tests/explorer \
		$(foreach t,$(SLOW_AT_LOWEST),--ignore=tests/explorer/$(t).py)

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(VENV)/.installed-test chromium postgresql
	$(BIN)/python benchmarks/bench_train.py
	$(BIN)/python benchmarks/bench_ui.py
	$(BIN)/python benchmarks/bench_load.py
	$(BIN)/python benchmarks/bench_requests.py

clean:
	rm -rf $(VENV) $(LOWEST) test-artifacts .pytest_cache .ruff_cache .hypothesis
