# Shared by the backup and restore scripts beside this file; sourced, not run.
# Every script takes the database from DATABASE_URL (the application's own variable), e.g.
#   DATABASE_URL=postgres://balai:password@db:5432/balai

die() {
    echo "$(basename "$0"): $*" >&2
    exit 1
}

require_database_url() {
    [ -n "${DATABASE_URL:-}" ] || die "set DATABASE_URL to the PostgreSQL URL, e.g. postgres://balai:password@db:5432/balai"
}

# A village schema name as django-tenants creates it (e.g. v_1106102001): lower-case letters,
# digits and underscores. Anything else (quotes, dots, pg_dump wildcards) is refused, and so are
# the schemas that are not a single village's.
require_village_schema() {
    local schema="$1"
    [[ "$schema" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] \
        || die "'$schema' is not a schema name (lower-case letters, digits and underscores)"
    case "$schema" in
        public|template_*|information_schema|pg_*)
            die "'$schema' is not a village schema; back up and restore the whole database with backup-all.sh/restore-all.sh"
            ;;
    esac
}

psql_value() {
    psql --dbname="$DATABASE_URL" --no-psqlrc --tuples-only --no-align --quiet -v ON_ERROR_STOP=1 "$@"
}

timestamp() {
    date -u +%Y%m%dT%H%M%SZ
}
