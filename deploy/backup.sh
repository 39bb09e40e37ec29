#!/usr/bin/env bash
# citizenbot: back up the PostgreSQL database (pg_dump, custom format) and keep the newest N.
#
#   set -a; . /etc/citizenbot/citizenbot.env; set +a; deploy/backup.sh
#
# Reads CITIZENBOT_DATABASE_URL (the workers' URL, postgresql+asyncpg://user:pass@host:port/db);
# the password goes to pg_dump in PGPASSWORD, never on its command line.
#   CITIZENBOT_BACKUP_DIR   where the dumps go (default /var/backups/citizenbot)
#   CITIZENBOT_BACKUP_KEEP  how many dumps to keep (default 14)
#   CITIZENBOT_PG_BIN       folder of pg_dump/pg_restore when not on PATH (at least the
#                           server's major version)
# Writes citizenbot-YYYYmmddTHHMMSSZ.dump (mode 0600: it holds personal data), checks that
# pg_restore can read its table of contents, then deletes the oldest beyond the count.
# Restore: see README, "Deployment". Exit code non-zero on any failure (for cron/systemd).
set -euo pipefail
umask 077

url=${CITIZENBOT_DATABASE_URL:?set CITIZENBOT_DATABASE_URL (e.g. from /etc/citizenbot/citizenbot.env)}
dir=${CITIZENBOT_BACKUP_DIR:-/var/backups/citizenbot}
keep=${CITIZENBOT_BACKUP_KEEP:-14}
bin=${CITIZENBOT_PG_BIN:+${CITIZENBOT_PG_BIN%/}/}

case $keep in '' | *[!0-9]* | 0) echo "backup.sh: CITIZENBOT_BACKUP_KEEP must be a number >= 1" >&2; exit 2 ;; esac
case $url in postgresql*://*) ;; *) echo "backup.sh: CITIZENBOT_DATABASE_URL is not a PostgreSQL URL" >&2; exit 2 ;; esac

# The URL's parts as libpq's variables (percent-decoded; the driver suffix dropped).
eval "$(python3 - "$url" <<'PY'
import shlex, sys
from urllib.parse import unquote, urlsplit
u = urlsplit(sys.argv[1])
parts = {"PGHOST": u.hostname or "", "PGPORT": str(u.port or 5432),
         "PGUSER": unquote(u.username or ""), "PGPASSWORD": unquote(u.password or ""),
         "PGDATABASE": unquote(u.path.lstrip("/"))}
for name, value in parts.items():
    if value:
        print(f"export {name}={shlex.quote(value)}")
PY
)"

mkdir -p "$dir"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
target="$dir/citizenbot-$stamp.dump"
partial="$target.partial"
trap 'rm -f "$partial"' EXIT

"${bin}pg_dump" --format=custom --compress=6 --no-password --file="$partial"
"${bin}pg_restore" --list "$partial" >/dev/null   # a dump pg_restore cannot read is no backup
mv "$partial" "$target"
echo "backup.sh: wrote $target ($(du -h "$target" | cut -f1))"

# Rotation: names sort by time; keep the newest $keep.
mapfile -t dumps < <(find "$dir" -maxdepth 1 -name 'citizenbot-*.dump' -printf '%f\n' | sort)
excess=$((${#dumps[@]} - keep))
for ((i = 0; i < excess; i++)); do
    rm -f -- "$dir/${dumps[i]}"
    echo "backup.sh: removed ${dumps[i]}"
done
