# The two commands a new machine needs: `make demo` and `make test`. Both make .venv themselves,
# with exactly the versions in uv.lock (see the README's section for maintainers).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# one stamp per Python: `make test PYTHON=python3.13` after a 3.11 .venv makes it anew with 3.13
STAMP := $(VENV)/.installed-$(notdir $(PYTHON))
# uv installs the lock into $(VENV), and never a Python of its own: the venv's is the one
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never
UV := $(BIN)/uv
PYTHONS := python3.10 python3.11 python3.12 python3.13

.PHONY: demo test lint system-packages bench upgrade test-pythons uv-pin clean

# uv itself comes from the registry into the venv, at the version (and hashes) of requirements-uv.txt;
# then the venv gets the lock and nothing else (--inexact: leave pip and uv alone)
$(STAMP): uv.lock pyproject.toml requirements-uv.txt
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-uv.txt
	$(UV) sync --quiet --locked --inexact --extra test --python $(BIN)/python
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

# The newest releases that pyproject.toml allows, into uv.lock, then the whole suite on them.
# Read `git diff uv.lock` before committing it (the README says what to look at).
upgrade: $(STAMP)
	$(UV) lock --upgrade
	$(MAKE) test

# The suite on every Python the README promises that this machine has, each in its own venv.
test-pythons:
	@for python in $(PYTHONS); do \
	  if command -v $$python >/dev/null 2>&1 && $$python -c '' >/dev/null 2>&1; then \
	    echo "== $$python"; \
	    $(MAKE) test PYTHON=$$python VENV=.venv-$${python#python} || exit 1; \
	  else \
	    echo "== $$python is not installed here: skipped"; \
	  fi; \
	done

# Another uv: make uv-pin UV_VERSION=0.14.0 (then make upgrade)
uv-pin: $(STAMP)
	@test -n "$(UV_VERSION)" || { echo "Zeg welke versie: make uv-pin UV_VERSION=0.14.0"; exit 2; }
	{ sed -n '/^#/p' requirements-uv.txt; echo "uv==$(UV_VERSION)" | $(UV) pip compile --quiet \
	  --generate-hashes --universal --no-header --no-annotate -; } > requirements-uv.txt.new
	mv requirements-uv.txt.new requirements-uv.txt

clean:
	rm -rf $(VENV) .venv-3.* demo build *.egg-info
