# make demo / make test work from a fresh clone: the first run creates .venv.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.budgetx-installed
SAMPLE ?= changji-2025
OUT ?= out

.PHONY: .venv demo test bench lint docs clean

.venv: $(STAMP)

# Reinstall only when the project metadata changes; reuse an existing venv.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[dev,ocr,parquet,dask]'
	touch $@

demo: $(STAMP)
	@mkdir -p $(OUT)
	$(VENV)/bin/budgetx extract samples/$(SAMPLE).pdf -o $(OUT)/$(SAMPLE).json
	$(VENV)/bin/budgetx extract samples/$(SAMPLE).pdf -f xlsx -o $(OUT)/$(SAMPLE).xlsx
	@echo "demo output: $(OUT)/$(SAMPLE).json and $(OUT)/$(SAMPLE).xlsx"

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) bench/bench.py $(PDFS)

lint: $(STAMP)
	$(PY) -m mypy --strict budgetx

# docs/schema.md is generated from budgetx/schema/tables.toml; tests/test_registry_doc.py checks it.
docs: $(STAMP)
	$(VENV)/bin/budgetx schema > docs/schema.md.tmp
	mv docs/schema.md.tmp docs/schema.md

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache
