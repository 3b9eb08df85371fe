#!/usr/bin/env bash
# Backs up the whole database (the public registry, every district and village schema) in
# pg_dump's custom format.
#
# With thousands of schemas pg_dump locks every table in one transaction: the server's
# max_locks_per_transaction × max_connections must exceed the table count (about 20 tables per
# village: 2,000 villages need max_locks_per_transaction ≥ 512 with max_connections = 100).
set -euo pipefail

usage() {
    cat >&2 <<USAGE
usage: DATABASE_URL=postgres://... $(basename "$0") [OUTPUT]
Writes the whole database to OUTPUT (default: balai-all-YYYYMMDDTHHMMSSZ.dump in the current
directory) in pg_dump's custom format. Restore it with restore-all.sh.
USAGE
    exit 64
}

source "$(dirname "$0")/lib.sh"

[ "$#" -le 1 ] || usage
[ "${1:-}" != "-h" ] && [ "${1:-}" != "--help" ] || usage
require_database_url
output="${1:-balai-all-$(timestamp).dump}"
[ ! -e "$output" ] || die "$output exists already; choose another name"
trap 'rm -f "$output.partial"' EXIT

# Written under a temporary name and renamed at the end, so a half-written file is never taken
# for a backup.
pg_dump --dbname="$DATABASE_URL" --format=custom --compress=6 --file="$output.partial"
mv "$output.partial" "$output"
echo "$output"
