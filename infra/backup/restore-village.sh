#!/usr/bin/env bash
# Restores one village from a backup-village.sh file: drops that schema and recreates it from
# the file, in one transaction. Nothing else is touched: not the public registry, not another
# schema. If anything fails, the transaction rolls back and the village stays as it was.
#
# The village's indicator rows in the public rollup keep their current values until the next
# reconciliation (nightly, or run it by hand).
set -euo pipefail

usage() {
    cat >&2 <<USAGE
usage: DATABASE_URL=postgres://... $(basename "$0") SCHEMA FILE
Replaces the village schema SCHEMA (e.g. v_1106102001) with its copy in FILE, written by
backup-village.sh for the same schema. Everything written to that village since the backup is lost.
USAGE
    exit 64
}

source "$(dirname "$0")/lib.sh"

[ "$#" -eq 2 ] || usage
schema="$1"
file="$2"
require_village_schema "$schema"
[ -f "$file" ] || die "$file: no such file"
require_database_url

# A backup-village.sh file holds exactly one schema, this one. A whole-database backup (many
# schemas) or another village's file is refused before anything is dropped.
toc="$(pg_restore --list "$file")" || die "$file is not a pg_dump custom-format file"
schemas="$(awk '$1 ~ /^[0-9]+;$/ && $4 == "SCHEMA" && $5 == "-" { print $6 }' <<< "$toc")"
[ "$schemas" = "$schema" ] \
    || die "$file holds the schemas [$(echo $schemas)], not just $schema; use the file backup-village.sh $schema wrote"

# The restore script is written out in full first: fed through a pipe, a pg_restore that failed
# halfway would hand psql a truncated script, which it would commit.
sql="$(mktemp "${TMPDIR:-/tmp}/restore-village.XXXXXX.sql")"
trap 'rm -f "$sql"' EXIT
printf 'DROP SCHEMA IF EXISTS "%s" CASCADE;\n' "$schema" > "$sql"
pg_restore --file=- "$file" >> "$sql"
PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning" \
    psql --dbname="$DATABASE_URL" --no-psqlrc --quiet --single-transaction -v ON_ERROR_STOP=1 \
    --file="$sql" > /dev/null
echo "restored $schema from $file"
