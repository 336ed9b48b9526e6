# Every target works on a fresh clone: the first one run installs the system packages the
# project needs when missing (.ci/system-packages: the BIZ UDGothic font, poppler-utils,
# chromium; only as root, otherwise it says what will not work), creates .venv with the system
# python3 and installs the project with its test extras (pip; conda users see environment.yml).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install test report lab bench lint validate clean readme-image

$(STAMP): pyproject.toml .ci/system-packages
	bash .ci/system-packages
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## Run the whole test suite (what CI runs).
test: $(STAMP)
	$(BIN)/python -m pytest

## Render every evaluation report for every published fiscal year into reports/.
report: $(STAMP)
	$(BIN)/sugidx validate
	$(BIN)/sugidx render --all-years

## Regenerate the README's picture of a rendered page: page 2 (評価結果の概要) of the FY2023
## online-procedures report, at 80 dpi.
readme-image: $(STAMP)
	$(BIN)/sugidx render --fiscal-year 2023 --notebooks 01
	mkdir -p docs
	pdftoppm -f 2 -l 2 -r 80 -png -singlefile reports/FY2023/01_online_procedures.pdf \
		docs/summary-page

## Check the data in data/published (or DATA_DIR=...).
validate: $(STAMP)
	$(BIN)/sugidx validate $(if $(DATA_DIR),--data-dir $(DATA_DIR))

## Open JupyterLab on the project's environment; each .ipynb is paired with its .py
## (notebooks/jupytext.toml), so an edit in either is saved to both.
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks

## Rendering benchmark, all themes of the latest fiscal year: naive chain, cold, warm and the
## limit estimate side by side, peak memory, and which targets are met (README, Performance).
## BENCH_ARGS="--all-years" for every fiscal year; add --write-readme to update README's table.
bench: $(STAMP)
	$(BIN)/python benchmarks/render_bench.py $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check sugidx_analysis tests benchmarks notebooks
	$(BIN)/ruff format --check sugidx_analysis tests benchmarks notebooks

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .hypothesis .ruff_cache
