# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
# Both create .venv with a Python >= 3.12 (scripts/find-python) and install exactly what
# uv.lock pins. uv itself is bootstrapped into var/tools with pip, so nothing is needed by hand.

PORT ?= 8000
PYTHON_BIN := $(shell scripts/find-python)
UV_VERSION := 0.13.9
UV := var/tools/bin/uv
VENV_PY := .venv/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv

.PHONY: install run test lint messages demo clean bench system-deps

$(UV):
	@test -n "$(PYTHON_BIN)" || { echo "No Python >= 3.12 found"; exit 1; }
	$(PYTHON_BIN) -m venv var/tools
	var/tools/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

.venv/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON_BIN)
	@touch $@

# The Arabic web font (and axe-core for the accessibility tests) come from the npm registry,
# pinned by package-lock.json; nothing is built, the files are served as static files.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: install Node.js (apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: .venv/.installed node_modules/.installed

run: install
	$(VENV_PY) manage.py migrate --no-input
	$(VENV_PY) manage.py load_demo
	$(VENV_PY) manage.py runserver 127.0.0.1:$(PORT)

# Debian packages the tests need (Node.js, Chromium, nginx): installed when missing and we are
# root, otherwise the exact apt-get command is printed and the run stops.
system-deps:
	@scripts/system-deps

test: system-deps install
	$(VENV_PY) -m pytest $(PYTEST_ARGS)

lint: install
	.venv/bin/ruff check .
	$(VENV_PY) manage.py makemigrations --check --dry-run

# Load test on this machine: N stories, DURATION seconds per page (docs/benchmarks.md).
N ?= 100000
DURATION ?= 10
bench: install
	$(VENV_PY) bench/run.py --n $(N) --duration $(DURATION)

# --- pageweight ---
# What a reader on a throttled phone downloads and waits for: home and an article, both
# editions, in Chromium behind deploy/nginx.conf and gunicorn (docs/benchmarks.md, "Page
# weight"). ARGS=--quick loads the Arabic pages once.
.PHONY: pageweight
pageweight: install
	$(VENV_PY) bench/pageweight.py $(ARGS)

# --- cluster ---
# The site on two app servers behind deploy/nginx.conf, sharing PostgreSQL, Redis and an S3
# bucket (moto): a publish through one shows on the other, photos come from the bucket, and
# readers get no error while one app server stops (docs/deploy.md, "Several app servers").
# ARGS=--quick shortens the load loop.
.PHONY: cluster-check
cluster-check: install
	$(VENV_PY) bench/cluster_check.py $(ARGS)

# --- soak ---
# The site under load while its own PostgreSQL, Redis and gunicorn workers fail (docs/soak.md).
# Everything on loopback and free ports; ARGS=--quick checks the harness in a few minutes.
.PHONY: soak
soak: install
	$(VENV_PY) bench/soak.py $(ARGS)

# Regenerate the Arabic catalogue after changing translatable strings (needs GNU gettext).
messages: install
	$(VENV_PY) manage.py makemessages -l ar --ignore=.venv --ignore=var --ignore=node_modules
	$(VENV_PY) manage.py compilemessages -l ar --ignore=.venv

clean:
	rm -rf .venv var/tools node_modules

# --- guide ---
# The desk guide's screenshots (every img/*.png that docs/guide/desk-guide.md names), copied
# from test-artifacts/, where the browser tests leave them, into docs/guide/img/. Run the
# browser tests first; a missing one is an error that names the test taking it.
.PHONY: guide-screenshots
guide-screenshots:
	@mkdir -p docs/guide/img; missing=0; \
	for name in $$(grep -o 'img/[A-Za-z0-9._-]*\.png' docs/guide/desk-guide.md | sed 's|^img/||' | sort -u); do \
	  if [ -s "test-artifacts/$$name" ]; then \
	    cp "test-artifacts/$$name" "docs/guide/img/$$name" && echo "copied $$name"; \
	  else \
	    tests=$$(grep -rlF --include='*.py' "$$name" tests | grep -vx tests/test_guide.py | sort | tr '\n' ' '); \
	    if [ -n "$$tests" ]; then \
	      echo "missing test-artifacts/$$name: run $(VENV_PY) -m pytest $$tests" >&2; \
	    else \
	      echo "missing test-artifacts/$$name: no test takes it (add one under tests/browser/)" >&2; \
	    fi; \
	    missing=1; \
	  fi; \
	done; \
	exit $$missing
