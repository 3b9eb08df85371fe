# syntax=docker/dockerfile:1
# Balai's image: one image, four roles (web, worker, beat, migrate) chosen by the entrypoint.
#   docker build -t balai .
#   docker run --rm -e DATABASE_URL=... -e REDIS_URL=... -e SECRET_KEY=... -e BASE_DOMAIN=... \
#     -e PERSONAL_DATA_KEYS=... -v balai-media:/var/lib/balai/media balai web
#
# The base image is pinned by tag here (both FROM lines). In CI, pin it by digest as well,
#   FROM python:3.11-slim-bookworm@sha256:<digest>
# (`docker buildx imagetools inspect python:3.11-slim-bookworm` prints it; Renovate or Dependabot
# keep it current), so that a rebuild of the same commit starts from exactly the same bytes.

# --- builder: the project's dependencies from pyproject.toml, into a virtualenv ------------------
FROM python:3.11-slim-bookworm AS builder
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
# Only the files the install reads, so that the dependency layer survives code changes.
COPY pyproject.toml README.md ./
RUN pip install --upgrade pip setuptools wheel \
 && pip install .

# --- runtime -------------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS runtime
# postgresql-client-N: pg_dump/pg_restore/psql for infra/backup, and pg_dump for balai_migrate, which
#   captures the template schemas' blueprints with it. pg_dump refuses a server newer than itself,
#   and Debian bookworm ships 15, so the client comes from the PostgreSQL project's own apt
#   repository; PG_CLIENT_MAJOR must be at least the server's major version (17 serves 14–17).
# libpango, libpangoft2, libharfbuzz-subset0, fonts-liberation2, fontconfig: PDF rendering.
# tzdata: zoneinfo for TIME_ZONE (Asia/Jakarta).
ARG PG_CLIENT_MAJOR=17
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && install -d /usr/share/postgresql-common/pgdg \
 && curl -fsSL -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc \
        https://www.postgresql.org/media/keys/ACCC4CF8.asc \
 && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt bookworm-pgdg main" \
        > /etc/apt/sources.list.d/pgdg.list \
 && apt-get update \
 && apt-get install -y --no-install-recommends \
        postgresql-client-${PG_CLIENT_MAJOR} \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fontconfig \
        tzdata \
 && apt-get purge -y curl && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/* \
 && fc-cache -f \
 && groupadd --system --gid 10001 balai \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
        --shell /usr/sbin/nologin balai

COPY --from=builder /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app:/app/platform \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/tmp \
    XDG_CACHE_HOME=/tmp/.cache \
    MEDIA_ROOT=/var/lib/balai/media \
    DJANGO_SETTINGS_MODULE=balai.settings.production

WORKDIR /app
# The code stays owned by root: the application user can read it, not change it.
COPY . /app
# Static files are collected at build time (whitenoise serves them). The values below only let the
# production settings load (PERSONAL_DATA_KEYS is a dummy Fernet key); nothing connects to them and
# they are not kept in the image. Byte-code is compiled now: the root filesystem is read-only in
# Kubernetes. /var/lib/balai/media is where uploads go (a volume in Kubernetes).
RUN DJANGO_SETTINGS_MODULE=balai.settings.production SECRET_KEY=build \
        DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost \
        BASE_DOMAIN=build.invalid PERSONAL_DATA_KEYS=YnVpbGQtb25seS1ub3QtYS1rZXktMDAwMDAwMDAwMDA= \
        python platform/manage.py collectstatic --noinput \
 && python -m compileall -q /app \
 && chmod 0755 /app/infra/docker-entrypoint.sh \
 && mkdir -p /var/lib/balai/media \
 && chown 10001:10001 /var/lib/balai/media

USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/app/infra/docker-entrypoint.sh", "healthcheck"]
ENTRYPOINT ["/app/infra/docker-entrypoint.sh"]
CMD ["web"]
