# Back on Track: the two commands a newcomer needs are `make run` and `make test`.
# Both create .venv on first use and reinstall only when the dependency files change.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUN_STAMP := $(VENV)/.run-deps
DEV_STAMP := $(VENV)/.dev-deps
DEPS   := pyproject.toml requirements.txt

CHROMIUM ?= /usr/bin/chromium

# The interface catalogues (src/backontrack/locales/<language>/LC_MESSAGES/messages.po), compiled on
# the way to make run and make test; the app reads a .po itself when its .mo is missing or older.
LOCALES := src/backontrack/locales
CATALOGUES := $(wildcard $(LOCALES)/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)

.PHONY: catalogues help install run test lint format typecheck unit browser services hosted hosted-stop clean bench bench-smoke bench-browser bench-knee lighthouse fuzz

help:
	@echo "make run    set up .venv and start the app (personal mode, SQLite) on http://localhost:8501"
	@echo "make test   set up .venv with dev tools, then ruff, mypy and the whole pytest suite"
	@echo "            (unit, AppTest and headless-Chromium browser tests; installs chromium if root)"
	@echo "            then again with the clock a year and a month ahead (tests/clock/)"
	@echo "make install set up .venv with the app only (for a kiosk: see the README)"
	@echo "make bench  time every page against an empty Streamlit page (bench/README.md; ~5 min)"
	@echo "            make bench BASELINE=<git ref> also measures that commit, side by side"
	@echo "            make bench BROWSER=1 adds every page's weight against its anchor (Chromium, Lighthouse)"
	@echo "make bench-browser  only the page weights (bench/weight.py; ~5 min)"
	@echo "make bench-knee     hosted capacity to its knee on 2 and 4 app processes (bench/knee.py; ~20 min)"
	@echo "make hosted   try hosted mode here: PostgreSQL, sign-in, two app processes behind HAProxy"
	@echo "make catalogues  after marking text with _(\"...\"): update the interface catalogues from the code"
	@echo "make fuzz   fuzz every reader, and the plan engine's invariants, longer than make test does"
	@echo "            (FUZZ_EXAMPLES=20000 per surface, PROPERTY_EXAMPLES=3000 per property)"
	@echo "make format reformat the code with ruff"
	@echo "make clean  remove .venv and caches (your data folder is left alone)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	  || { echo "Back on Track needs Python 3.11 or newer; $(PYTHON) is $$($(PYTHON) --version 2>&1)."; exit 1; }
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || $(MAKE) --no-print-directory python-venv
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Debian and Ubuntu ship venv support separately (python3-venv).
.PHONY: python-venv
python-venv:
	@if [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && apt-get install -y -qq python3-venv; \
	else \
	  echo "Python's venv module is missing: run 'sudo apt-get install python3-venv', then try again."; exit 1; \
	fi

$(RUN_STAMP): $(BIN)/python $(DEPS)
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(DEV_STAMP): $(RUN_STAMP) requirements-dev.txt
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(RUN_STAMP)

run: $(RUN_STAMP) $(COMPILED)
	$(BIN)/streamlit run serve.py

$(LOCALES)/%/LC_MESSAGES/messages.mo: $(LOCALES)/%/LC_MESSAGES/messages.po $(RUN_STAMP)
	$(BIN)/pybabel compile --statistics -i $< -o $@

# After marking new text with _("..."): the template from the code, then every language's catalogue
# brought up to it (new messages empty, changed ones fuzzy: a translator's list of work).
catalogues: $(RUN_STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 --no-location --sort-output \
	  --project=backontrack --copyright-holder="Back on Track" -o $(LOCALES)/messages.pot .
	$(BIN)/pybabel update -w 100 -i $(LOCALES)/messages.pot -d $(LOCALES) --no-fuzzy-matching --ignore-obsolete

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

unit: $(DEV_STAMP)
	$(BIN)/pytest tests/unit

# The browser tests drive Debian's chromium, never a browser downloaded by Playwright.
browser:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "!!! No Chromium at $(CHROMIUM) and not root: browser tests will be skipped (sudo apt-get install chromium)"; \
	fi

# The suite must pass on any day (tests/clock/): after the plain run it runs again with the clock moved
# a year and a month ahead, in pytest and in every app server it starts. The benchmark's smoke run is
# left out: it gives its servers a clean environment, so they keep the real clock anyway.
CLOCK_SHIFT_DAYS ?= 396
# The second pass proves the date logic on another day, so it runs what has dates in it: the unit,
# AppTest and database tests, and the browser tests that show or save days (plans, logs, charts,
# files, the calendar). The browser tests with no date in them run once, in the first pass (bytes on
# the wire, languages, axe, target sizes, the check's taps, layouts, the keyboard, the kiosk, the
# demo), as do two races with none either (two tabs saving at once, twenty sessions starting
# together). Its property and fuzz cases are fewer (still random, still dated on the day moved to):
# the whole suite must stay under 20 minutes.
CLOCK_TESTS := tests/unit tests/app tests/db $(addprefix tests/browser/,test_clock.py test_chart.py \
  test_exercise_drawings.py test_hardening.py test_journeys.py test_reliability.py test_your_data.py)
CLOCK_SKIPS := $(addprefix --deselect=tests/browser/,\
  test_hardening.py::test_two_tabs_saving_the_same_day_at_once_never_error_or_overwrite_silently \
  test_reliability.py::test_issue_25_twenty_sessions_started_at_once_each_draw_their_first_screen)
CLOCK_CASES := BACKONTRACK_PROPERTY_EXAMPLES=40 BACKONTRACK_FUZZ_EXAMPLES=50

# Hosted mode's tests start their own PostgreSQL and HAProxy on loopback ports (deploy/): Debian's.
services:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v haproxy >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's postgresql and haproxy for the hosted-mode tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql haproxy >/dev/null; \
	else \
	  echo "!!! PostgreSQL or HAProxy missing and not root: hosted-mode tests will be skipped (sudo apt-get install postgresql haproxy)"; \
	fi

test: lint typecheck browser services $(COMPILED)
	BACKONTRACK_CHROMIUM=$(CHROMIUM) $(BIN)/pytest --durations=15
	$(CLOCK_CASES) BACKONTRACK_CHROMIUM=$(CHROMIUM) $(BIN)/pytest --durations=15 --clock-shift=$(CLOCK_SHIFT_DAYS) \
	  $(CLOCK_TESTS) $(CLOCK_SKIPS)

format: $(DEV_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The benchmark (bench/README.md): never fails on speed, only when a page does not render.
BASELINE ?=
BENCH_ARGS ?=
# Then hosted mode under load (bench/hosted.py): 200 signed-in tabs on two processes behind HAProxy.
BENCH_HOSTED ?= 1
# BROWSER=1 (or BENCH_ARGS=--browser) adds each page's weight in Chromium and Lighthouse (bench/weight.py).
BROWSER ?= 0
bench: $(DEV_STAMP) services $(if $(filter 1,$(BROWSER))$(findstring --browser,$(BENCH_ARGS)),lighthouse)
	$(BIN)/python -m bench $(if $(BASELINE),--ref $(BASELINE)) $(if $(filter 1,$(BROWSER)),--browser) $(BENCH_ARGS)
	@if [ "$(BENCH_HOSTED)" = 1 ]; then $(BIN)/python -m bench.hosted; fi

# Only the page weights (about 5 minutes): every page against its anchor, in Chromium and Lighthouse.
bench-browser: $(DEV_STAMP) services lighthouse
	$(BIN)/python -m bench.weight

# Hosted capacity to its knee (bench/knee.py; about 20 minutes): paced signed-in tabs added in steps
# on two, then four, app processes behind HAProxy, until p95 passes 250 ms.
bench-knee: $(DEV_STAMP) services
	$(BIN)/python -m bench.knee

# Lighthouse from the npm registry, pinned by bench/lighthouse/package-lock.json; it drives Debian's
# Chromium (never a browser of its own). Without npm the Lighthouse part says so and is skipped.
lighthouse:
	@if command -v npm >/dev/null; then \
	  cd bench/lighthouse && npm install --no-save --no-audit --no-fund --ignore-scripts --loglevel=error; \
	else \
	  echo "no npm here (apt-get install nodejs npm): the Lighthouse runs will be skipped"; \
	fi

# Hosted mode on this machine (deploy/hosted.py): PostgreSQL, a test sign-in provider, two app
# processes and HAProxy on BACKONTRACK_HOSTED_PORT (default 8780). make hosted-stop ends them all.
hosted: $(DEV_STAMP) services
	$(BIN)/python -m deploy.hosted start

hosted-stop:
	$(BIN)/python -m deploy.hosted stop

# Fuzz every way in for longer than make test does: Hypothesis (tests/unit/test_fuzz.py, FUZZ_EXAMPLES
# per surface), the plan engine's invariants (tests/unit/test_engine_invariants.py, PROPERTY_EXAMPLES
# per property), then Atheris, coverage-guided, for FUZZ_SECONDS (fuzz/readers.py) if it installs here.
FUZZ_EXAMPLES ?= 20000
PROPERTY_EXAMPLES ?= 3000
FUZZ_SECONDS ?= 300
fuzz: $(DEV_STAMP)
	BACKONTRACK_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q tests/unit/test_fuzz.py
	BACKONTRACK_PROPERTY_EXAMPLES=$(PROPERTY_EXAMPLES) $(BIN)/pytest -q tests/unit/test_engine_invariants.py
	@if $(BIN)/python -m pip install --quiet -r requirements-fuzz.txt; then \
	  $(BIN)/python fuzz/readers.py -max_total_time=$(FUZZ_SECONDS); \
	else \
	  echo "Atheris did not install on this machine: the Hypothesis run above is the fuzzing."; \
	fi

bench-smoke: $(DEV_STAMP)
	$(BIN)/python -m bench --smoke

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis artifacts
