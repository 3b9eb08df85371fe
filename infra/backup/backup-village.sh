#!/usr/bin/env bash
# Backs up one village: its schema only (pg_dump -n), in pg_dump's custom format. The village's
# row in the public registry is not part of it; restore-village.sh restores the schema only.
set -euo pipefail

usage() {
    cat >&2 <<USAGE
usage: DATABASE_URL=postgres://... $(basename "$0") SCHEMA [OUTPUT]
Writes the village schema SCHEMA (e.g. v_1106102001) to OUTPUT (default:
SCHEMA-YYYYMMDDTHHMMSSZ.dump in the current directory). Restore it with restore-village.sh.
USAGE
    exit 64
}

source "$(dirname "$0")/lib.sh"

[ "$#" -ge 1 ] && [ "$#" -le 2 ] || usage
[ "$1" != "-h" ] && [ "$1" != "--help" ] || usage
schema="$1"
require_village_schema "$schema"
require_database_url
output="${2:-$schema-$(timestamp).dump}"
[ ! -e "$output" ] || die "$output exists already; choose another name"
trap 'rm -f "$output.partial"' EXIT

# --strict-names: a schema that does not exist is an error, not an empty backup.
pg_dump --dbname="$DATABASE_URL" --format=custom --compress=6 --schema="$schema" --strict-names \
    --file="$output.partial"
mv "$output.partial" "$output"
echo "$output"
