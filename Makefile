# The two commands a newcomer needs: `make run` and `make test`. Everything they need is installed here.
SHELL := /bin/bash
PY := .venv/bin/python
PIP := .venv/bin/pip
PORT ?= 8000
export PORT
# Development defaults for the commands below; production sets its own environment (README).
export DEBUG ?= true


.PHONY: translations run test fuzz check bench drills install deps lock node db migrate demo messages chromium system-deps reset-db lint format backup restore e2e
.PHONY: services stop

run: install db demo
	@echo
	@echo "Portal: http://127.0.0.1:$(PORT)/   health: http://127.0.0.1:$(PORT)/healthz"
	@echo "Demo accounts (password cppcc-demo-2026): admin, member, proposal_staff, opinion_staff,"
	@echo "  consultation_staff, liaison_staff, unit_liaison, station_manager, leader"
	REQUIRE_2FA=$${REQUIRE_2FA:-false} DEBUG=true .venv/bin/honcho start

install: deps node messages

# Installs exactly what requirements.lock pins, each file checked against its hash; then the
# project itself without its dependencies (they are all in the lock).
deps: .venv/.installed
.venv/.installed: requirements.lock pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install -q --upgrade pip
	$(PIP) install -q --require-hashes -r requirements.lock
	$(PIP) install -q --no-deps -e .
	touch $@

# After changing a dependency in pyproject.toml: pin every package (the dev extra included) at
# the newest version the bounds allow, with the hashes of its files, for Python 3.11 and later
# on any platform. Commit requirements.lock; `make deps` installs from it.
lock:
	test -x .venv/bin/uv || $(PIP) install -q "uv>=0.13,<1"
	.venv/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --universal \
	  --python-version 3.11 --quiet -o requirements.lock

node: node_modules/.installed build/static/vendor/echarts/echarts.portal.js build/static/vendor/tom-select/pickers.js \
	build/static/vendor/quill/editor.js
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# ECharts with only the charts the dashboard draws (its tree-shakable ES modules), bundled.
build/static/vendor/echarts/echarts.portal.js: assets/echarts.js node_modules/.installed
	node_modules/.bin/esbuild $< --bundle --minify --format=iife --legal-comments=eof \
	  --log-level=warning --outfile=$@

# Tom Select for the searchable pickers (assets/pickers.js), bundled the same way.
build/static/vendor/tom-select/pickers.js: assets/pickers.js node_modules/.installed
	node_modules/.bin/esbuild $< --bundle --minify --format=iife --legal-comments=eof \
	  --log-level=warning --outfile=$@

# Quill for the news and notice bodies (assets/editor.js); esbuild writes editor.css beside it.
build/static/vendor/quill/editor.js: assets/editor.js assets/editor.css node_modules/.installed
	node_modules/.bin/esbuild $< --bundle --minify --format=iife --legal-comments=eof \
	  --log-level=warning --outfile=$@

# PostgreSQL and Redis at DATABASE_URL / REDIS_URL: used when they answer; when they do not and
# point at this host, started under .local/ (Debian packages installed first when root).
services:
	python3 -m scripts.localservices ensure

# Stops the servers `services` started (and only those).
stop:
	python3 -m scripts.localservices stop

system-deps:
	@missing=""; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v pg_dump >/dev/null || missing="$$missing postgresql-client"; \
	ldconfig -p | grep -q libpango-1.0.so.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$(NEED_BROWSER)" ] && [ ! -x /usr/bin/chromium ]; then missing="$$missing chromium"; fi; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

chromium:
	$(MAKE) system-deps NEED_BROWSER=1

messages: deps system-deps
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

# Refresh the catalogue from the source and fail on any untranslated string.
translations: deps system-deps
	$(PY) scripts/translate.py

# Migrations run as the owner (DATABASE_MIGRATE_URL when set); then the runtime role the
# portal runs as (DATABASE_URL) gets rows only, the audit log append-only (README, Security).
db: deps services
	$(PY) manage.py ensure_database
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py create_db_roles -v 0

demo: db
	DEBUG=true $(PY) manage.py seed_demo --if-empty

reset-db: deps services
	DEBUG=true $(PY) manage.py reset_database --yes
	$(MAKE) demo

lint: deps
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: deps
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

# Parallel workers, each with its own test database (test_cppcc_gw0 …), cache prefix and
# Celery queue; the browser tests run together on one of them (--dist loadgroup).
TEST_WORKERS ?= 3
# CI=true (the default here) loads the derandomized hypothesis profile `ci` (tests/profiles.py).
test: install chromium lint translations services
	$(PY) scripts/check_tests.py tests
	$(PY) manage.py ensure_database
	$(PY) manage.py create_db_roles -v 0
	CI=$${CI:-true} DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -q --create-db \
	  -n $(TEST_WORKERS) --dist loadgroup --durations=20 $(PYTEST_ARGS)

# The bad-input and other random tests with random exploration and FUZZ_FACTOR times the
# examples. The seed is printed first; `make fuzz SEED=<n>` replays the same run. Pin what it
# finds with @example (hypothesis) or a value in tests/badinput.py HOSTILE.
ifndef SEED
SEED := $(shell od -An -N4 -tu4 /dev/urandom | tr -d ' ')
endif
FUZZ_TESTS ?= $(shell ls tests/*/test_bad_input.py tests/*/test_*bad_input.py | sort -u) \
	tests/news/test_sanitize.py tests/opinions/test_diff.py tests/api/test_schemathesis.py
fuzz: install services
	$(PY) manage.py ensure_database
	@echo "fuzz seed: $(SEED)   (replay: make fuzz SEED=$(SEED))"
	HYPOTHESIS_PROFILE=fuzz DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -q --create-db \
	  -n $(TEST_WORKERS) --hypothesis-seed=$(SEED) $(FUZZ_TESTS) $(PYTEST_ARGS)

e2e: install chromium services
	CI=$${CI:-true} DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -q -m e2e $(PYTEST_ARGS)

# Production settings as documented in the README; check --deploy must print nothing to fix.
PROD_ENV := DEBUG=false SECRET_KEY=ci-only-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOPQRSTUVWXYZ \
	ALLOWED_HOSTS=cppcc.example.gov.cn SECURE_SSL=true SECURE_SSL_REDIRECT=true TESTING=false

check: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	env $(PROD_ENV) $(PY) manage.py check --deploy --fail-level WARNING

bench: install db
	$(PY) benchmarks/run.py $(BENCH_ARGS)

drills: install
	DRILLS=$(DRILLS) $(PY) benchmarks/drills.py

backup: deps
	$(PY) manage.py backup $(if $(BACKUP),--dest $(BACKUP))

restore: deps
	$(PY) manage.py restore $(BACKUP) --yes
