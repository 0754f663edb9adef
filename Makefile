# The two commands a new machine needs: `make demo` and `make test`. Both make .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint system-packages bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	rm -rf demo
	$(BIN)/eenplan demo demo

test: $(STAMP) system-packages lint
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check eenplan tests benchmarks scripts
	$(BIN)/lint-imports
	$(BIN)/mypy

# LibreOffice (documents to PDF, the workbook opened by Calc), poppler (PDF text) and the fonts
# the templates use: installed when missing and when we may (as root, with apt).
system-packages:
	@bash .ci/system-packages

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) demo build *.egg-info
