#!/usr/bin/env bash
# Restores a backup-all.sh file into an EMPTY database, in one transaction.
#
# It refuses a database that already has tables: restoring over a live database would leave the
# schemas of villages created since the backup without their registry rows. Create a new
# database, restore into it, check it, then point DATABASE_URL (the release's Secret) at it.
# Needs max_locks_per_transaction as for backup-all.sh.
set -euo pipefail

usage() {
    cat >&2 <<USAGE
usage: DATABASE_URL=postgres://.../new_empty_database $(basename "$0") FILE
Restores FILE (written by backup-all.sh) into the empty database DATABASE_URL points at.
USAGE
    exit 64
}

source "$(dirname "$0")/lib.sh"

[ "$#" -eq 1 ] || usage
[ "$1" != "-h" ] && [ "$1" != "--help" ] || usage
file="$1"
[ -f "$file" ] || die "$file: no such file"
require_database_url
pg_restore --list "$file" > /dev/null || die "$file is not a pg_dump custom-format file"

tables="$(psql_value --command="
    SELECT count(*) FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\_%'")"
[ "$tables" = "0" ] \
    || die "the target database has $tables tables; restore into a new, empty database (createdb), then point DATABASE_URL at it"

pg_restore --dbname="$DATABASE_URL" --single-transaction --exit-on-error "$file"
echo "restored $file"
