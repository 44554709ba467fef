# ethicskit: two commands do all set-up on a fresh machine.
#   make report   create .venv, install, run the whole suite on the bundled sample campaign
#   make test     create .venv, install, run every test
#   make check    the fast tests only (no whole run, notebook or browser test)
#   make lab      open the notebooks in JupyterLab with the same environment

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install report test check lab sample bank ads clean-reports

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (ethicskit)" >/dev/null
	touch $(STAMP)

# Exit code 1 means "the audit found failures" (the sample has planted ones): the report is
# written all the same. Exit code 2 (the run could not be made) fails make.
report: $(STAMP)
	@$(BIN)/ethicskit run --out reports; code=$$?; \
	if [ $$code -eq 1 ]; then echo "(exit 1: the campaign breaks at least one rule; see the report)"; fi; \
	test $$code -le 1

# Every test, and the training notebooks checked cell by cell against their committed outputs.
test: $(STAMP)
	$(BIN)/python -m pytest tests notebooks/training --nbval --nbval-current-env \
		--nbval-sanitize-with tests/training/nbval_sanitize.cfg

# The fast set for a working day: no whole run, notebook or browser test, on both cores
# (under a minute on the 2-core machine).
check: $(STAMP)
	$(BIN)/python -m pytest tests -q -n 2 -m "not slow and not browser and not notebooks"

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

sample: $(STAMP)
	$(BIN)/ethicskit sample-data --rows 5000 --seed 7 --out src/ethicskit/data/sample/campaign.csv

bank: $(STAMP)
	@$(BIN)/ethicskit run examples/bank-marketing/bank-additional-full.csv.gz --config examples/bank-marketing/bank.yaml --out reports/bank; code=$$?; test $$code -le 1

# The aggregated ad-report example (examples/ads/README.md): write the synthetic report, its
# configs and expected results, then audit it per impression (exit 1: the planted gaps fail).
ads: $(STAMP)
	$(BIN)/python -m ethicskit.sample.ads examples/ads
	@$(BIN)/ethicskit run --config examples/ads/ads.yaml --out reports/ads; code=$$?; test $$code -le 1
