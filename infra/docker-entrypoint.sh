#!/bin/sh
# The image's entrypoint: one role per container.
#   web                  gunicorn on :8000 (WEB_CONCURRENCY workers; more flags in GUNICORN_CMD_ARGS;
#                        PROMETHEUS_MULTIPROC_DIR, when set, is emptied first)
#   worker [ARGS...]     Celery worker, e.g. worker --concurrency 2
#   beat                 Celery beat, its schedule file in /tmp (the root filesystem is read-only)
#   migrate [ARGS...]    balai_migrate, e.g. migrate --processes 4
#   manage ARGS...       any management command, e.g. manage create_district 11.06 aceh-besar
#   healthcheck          the image's HEALTHCHECK: GET /healthz when this container runs gunicorn
# Extra arguments are passed on. Each role replaces this shell (exec), so it receives SIGTERM itself.
set -eu

usage() {
    echo "usage: docker-entrypoint.sh web | worker [ARGS...] | beat | migrate [ARGS...] | manage ARGS... | healthcheck" >&2
    exit 64
}

# gunicorn's workers and Celery's prefork children share their metrics through files in
# PROMETHEUS_MULTIPROC_DIR; files left by the processes of a previous start would be summed with
# the new ones, so the directory starts empty.
fresh_metrics_dir() {
    if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
        rm -rf "$PROMETHEUS_MULTIPROC_DIR"
        mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
    fi
}

[ "$#" -ge 1 ] || usage
role="$1"
shift

case "$role" in
    web)
        fresh_metrics_dir
        exec gunicorn balai.wsgi:application --bind 0.0.0.0:8000 "$@"
        ;;
    worker)
        fresh_metrics_dir
        exec celery -A balai worker -l INFO "$@"
        ;;
    beat)
        exec celery -A balai beat -l INFO --schedule /tmp/celerybeat-schedule "$@"
        ;;
    migrate)
        exec python platform/manage.py balai_migrate "$@"
        ;;
    manage)
        [ "$#" -ge 1 ] || usage
        exec python platform/manage.py "$@"
        ;;
    healthcheck)
        # Only the web role serves HTTP. Worker and beat containers count as healthy here;
        # Kubernetes probes them with their own commands (see helm/balai).
        if tr '\000' ' ' < /proc/1/cmdline | grep -q gunicorn; then
            exec python -c 'import urllib.request; urllib.request.urlopen("http://127.0.0.1:8000/healthz", timeout=3)'
        fi
        exit 0
        ;;
    *)
        echo "docker-entrypoint.sh: unknown role '$role'" >&2
        usage
        ;;
esac
