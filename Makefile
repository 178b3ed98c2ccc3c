# The two commands of the README: `make demo` and `make test`. Both create the environment.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TRAIN_STAMP := $(VENV)/.train-installed

.PHONY: demo test lint bench floor eval train rules-test screenshot clean-out

$(STAMP): pyproject.toml setup.py cleaner/_core.pyx
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,datatrove]'
	touch $(STAMP)

# scikit-learn, pinned (the `train` extra): only `make train` fits with it
$(TRAIN_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,datatrove,train]'
	touch $(TRAIN_STAMP)

## demo: clean the bundled seed documents into out/ and print the summary
demo: $(STAMP)
	$(BIN)/clean fixtures/seeds out/
	@echo "records: out/records.jsonl   report: out/report.json   explain: $(BIN)/clean explain FILE [--html report.html]"

## test: the whole suite (seeds, rule examples, bad input, CLI), then lint; with the `train`
## extra, so the test that refits the end-trimmer's trees (37 s) runs rather than skips
test: $(TRAIN_STAMP)
	$(BIN)/clean rules test > /dev/null
	$(BIN)/python -m pytest tests --doctest-modules cleaner
	$(MAKE) --no-print-directory lint

## lint: ruff on the code, tests and benchmarks; mypy on the package ([tool.mypy])
lint: $(STAMP)
	$(BIN)/ruff check cleaner tests bench
	$(BIN)/mypy

rules-test: $(STAMP)
	$(BIN)/clean rules test

## eval: the quality gate: the dev sets scored (text, HTML, gold fed back in; devset-ml) and held
## to the floors of bench/floors.toml: exit 1 below one, 2 without ../shared (docs/quality.md)
eval: $(STAMP)
	$(BIN)/python bench/eval_devset.py $(EVAL_ARGS)

## train: refit the locator's line scorer, then the end-trimmer's trees (whose rows are what
## the chain, the scorer with it, leaves), on ../shared/devset's train pages (docs/scorer.md)
train: $(TRAIN_STAMP)
	$(BIN)/python bench/train_scorer.py
	$(BIN)/python bench/train_trimmer.py

## bench: build a >=100 MB corpus at run time and time the cleaner against bare I/O
bench: $(STAMP)
	$(BIN)/python bench/bench.py

## floor: where the cleaning's time goes, step by step, against the bare work (in memory)
floor: $(STAMP)
	$(BIN)/python bench/floor.py

## screenshot: redraw docs/report.png (the explain report of the seeds, in Chromium)
screenshot: $(STAMP)
	SAVE_REPORT_SCREENSHOT=1 $(BIN)/python -m pytest -q tests/test_report_html.py -k screenshot

clean-out:
	rm -rf out bench-out
