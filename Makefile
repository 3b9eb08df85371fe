# Balai: `make run` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) platform/manage.py
# Starts the embedded PostgreSQL/Redis only for the variables that are unset.
SERVERS = server_env=$$($(PY) infra/embedded.py env); eval "$$server_env"
PORT ?= 8000

.PHONY: run test test-fast demo lint typecheck bench install system-packages stop clean openapi messages

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# --no-compile: Python compiles a module when it is first imported; compiling every file of every
	# package here took half of the install (20 of 40 s), mostly for modules nothing imports.
	$(PY) -m pip install --quiet --no-compile -e '.[dev,embedded]'
	touch $@

# checkov pins packaging<24, which the project's own tools cannot share: it gets a venv of its own.
CHART_VENV := .venv-chart
$(CHART_VENV)/.installed:
	test -x $(CHART_VENV)/bin/python || python3 -m venv $(CHART_VENV)
	$(CHART_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(CHART_VENV)/bin/python -m pip install --quiet checkov==3.3.30
	$(CHART_VENV)/bin/python -m pip check
	touch $@

install: $(VENV)/.installed

# Debian packages some tests and features need (PDF rendering fonts, Chromium for browser tests).
system-packages:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  missing=""; for p in $(shell cat infra/debian-packages.txt | grep -v '^#'); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi; \
	fi

run: install system-packages
	$(SERVERS)
	export DJANGO_SETTINGS_MODULE=balai.settings.local PUBLIC_PORT=$(PORT)
	$(MANAGE) balai_migrate --verbosity 0
	$(MANAGE) load_demo
	$(MANAGE) collectstatic --noinput --verbosity 0
	echo
	echo "Balai berjalan / Balai is running:"
	echo "  platform:  http://balai.localhost:$(PORT)/"
	echo "  kabupaten: http://aceh-besar.balai.localhost:$(PORT)/"
	echo "  gampong:   http://lambaro.aceh-besar.balai.localhost:$(PORT)/"
	echo "  probes:    http://localhost:$(PORT)/healthz  http://localhost:$(PORT)/readyz"
	echo
	PYTHONPATH=$(CURDIR):$(CURDIR)/platform $(VENV)/bin/celery -A balai worker --beat \
	  --schedule $(CURDIR)/.balai/celerybeat-schedule --loglevel INFO --concurrency 2 &
	trap 'kill %1 2>/dev/null || true' EXIT
	$(MANAGE) runserver 0.0.0.0:$(PORT)

demo: install
	$(SERVERS)
	export PUBLIC_PORT=$(PORT)
	DJANGO_SETTINGS_MODULE=balai.settings.local $(MANAGE) balai_migrate --verbosity 0
	DJANGO_SETTINGS_MODULE=balai.settings.local $(MANAGE) load_demo

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=platform $(VENV)/bin/lint-imports

typecheck: install
	$(VENV)/bin/mypy platform/balai tenants modules

# The two venvs and the Debian packages are set up side by side (pip mostly waits on the disk). The
# quick linters run first and stop at the first failure; mypy and the two Django checks (each seconds
# of start-up) then run beside pytest instead of before it. Their output follows pytest's, and any of
# their exit statuses fails the target as before.
test:
	$(MAKE) --no-print-directory -j3 --output-sync=target install system-packages $(CHART_VENV)/.installed
	$(SERVERS)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=platform $(VENV)/bin/lint-imports
	logs=$$(mktemp -d)
	$(VENV)/bin/mypy platform/balai tenants modules >"$$logs/mypy" 2>&1 &
	mypy_pid=$$!
	DJANGO_SETTINGS_MODULE=balai.settings.test $(MANAGE) makemigrations --check --dry-run >"$$logs/makemigrations" 2>&1 &
	makemigrations_pid=$$!
	DJANGO_SETTINGS_MODULE=balai.settings.production SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | base64 | tr -dc a-zA-Z0-9) \
	  BASE_DOMAIN=balai.example.id PERSONAL_DATA_KEYS=$$($(PY) -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
	  $(MANAGE) check --deploy --fail-level WARNING >"$$logs/check" 2>&1 &
	check_pid=$$!
	trap 'kill $$mypy_pid $$makemigrations_pid $$check_pid 2>/dev/null || true; rm -rf "$$logs"' EXIT
	pytest_status=0
	$(VENV)/bin/pytest -n 2 --dist loadfile --create-db --durations=25 || pytest_status=$$?
	checks_status=0
	for check in mypy makemigrations check; do
	  pid_var="$${check}_pid"; status=0
	  wait "$${!pid_var}" || status=$$?
	  case $$check in
	    mypy) echo "$(VENV)/bin/mypy platform/balai tenants modules" ;;
	    makemigrations) echo "$(MANAGE) makemigrations --check --dry-run" ;;
	    check) echo "$(MANAGE) check --deploy --fail-level WARNING (balai.settings.production)" ;;
	  esac
	  cat "$$logs/$$check"
	  if [ $$status -ne 0 ]; then echo "^ failed (exit status $$status)"; checks_status=$$status; fi
	done
	(exit $$pytest_status)
	(exit $$checks_status)

# The pytest suite without the slow groups (markers in pyproject.toml): browser, Celery worker
# processes, Helm chart and checkov, concurrency/backup/demo.
test-fast: install system-packages
	$(SERVERS)
	$(VENV)/bin/pytest -n 2 --dist loadfile -m "not browser and not worker and not chart and not slow"

bench: install
	$(SERVERS)
	$(PY) bench/run.py
	$(PY) bench/http_load.py
	$(PY) bench/signup.py

# The committed OpenAPI document of the village API (a test checks it matches the code).
openapi: install
	DJANGO_SETTINGS_MODULE=balai.settings.test $(MANAGE) spectacular --urlconf balai.urls_village \
	  --file docs/api/village-openapi.yaml --validate --fail-on-warn

# Refreshes the translation catalogue (needs gettext) and compiles it.
messages: install
	DJANGO_SETTINGS_MODULE=balai.settings.test $(MANAGE) makemessages -l en --ignore=.venv --ignore=.venv-chart \
	  --ignore=.balai --ignore=tests --ignore=helm
	DJANGO_SETTINGS_MODULE=balai.settings.test $(MANAGE) compilemessages --ignore=.venv --ignore=.venv-chart

stop:
	$(PY) infra/embedded.py stop

clean: stop
	rm -rf .balai
