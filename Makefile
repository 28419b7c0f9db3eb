# Two commands set everything up on a fresh machine with Python 3.11 and pip:
#   make run   - create .venv, install, start the app on the demo data
#   make test  - create/update .venv, install test tools and Chromium, run every test
#                (bash .ci/run also starts a throwaway PostgreSQL for the store tests)
#   (make test-fast: every test but the browser ones, no lint; the check while you work)
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
# Without login configured the app is single-user and must stay on this computer
# (docs/deployment.md); a server deployment sets ADDRESS together with [auth] in secrets.toml.
ADDRESS ?= 127.0.0.1

.PHONY: run test test-fast lint bench clean install chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

# The app's own modules compiled once (an environment with PYTHONDONTWRITEBYTECODE would
# otherwise compile them again at every server start: 0,3 s of the first page load).
run: $(VENV)/.installed
	$(BIN)/python -m compileall -q allocation ui views app.py >/dev/null
	$(BIN)/python -m streamlit run app.py --server.port $(PORT) --server.address $(ADDRESS) \
	  --server.headless true

# Browser tests need Debian's chromium, the request round trip LibreOffice (headless soffice);
# install them when missing and we are allowed to (root).
chromium:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/pdftoppm ] || [ ! -x /usr/bin/soffice ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils \
	      libreoffice-calc-nogui >/dev/null) \
	      || echo "warning: could not install chromium/libreoffice; their tests will be skipped"; \
	  else echo "warning: chromium or soffice missing (run: sudo apt-get install chromium libreoffice-calc-nogui)"; fi; \
	fi

lint: $(VENV)/.installed
	$(BIN)/ruff check allocation ui views app.py tests data benchmarks
	$(BIN)/mypy

# Both cores, one test module per worker: a module's browser server and fixtures stay together;
# each worker gets its own PostgreSQL database (tests/conftest.py).
test: $(VENV)/.installed chromium lint
	$(BIN)/python -m pytest -n 2 --dist loadfile

# The same without the tests marked `browser` (they start app servers and drive Chromium:
# tests/test_browser*.py, test_auth_browser.py, test_two_servers.py) and without lint.
test-fast: $(VENV)/.installed
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "not browser"

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_solve.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
