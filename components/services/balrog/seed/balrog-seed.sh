#!/usr/bin/env bash
# Seeds an environment's Balrog database (releng-envs, components/services/balrog/seed/).
#
#   balrog-seed.sh seed   download + check the dump, import it into a scratch database, upgrade its
#                         schema, add what the dump lacks, then swap it in with one RENAME TABLE
#   balrog-seed.sh wait   block until the database holds the configured seed (apps' init container)
#
# Runs in the mozilla/balrog image, which ships bash, curl, xz-utils and mariadb-client for exactly
# this kind of import (mozilla-releng/balrog Dockerfile). Everything comes from the environment:
#
#   SEED_SOURCE        prod-dump | url | empty            SEED_GENERATION  integer; a new one re-seeds
#   DUMP_URL           https URL of an xz-compressed SQL dump (not for `empty`)
#   DB_HOST DB_PORT DB_USER DB_PASSWORD DB_NAME SCRATCH_DB PREVIOUS_DB
#   HOLDER             e-mail of the environment's holder (admin + signoff role)
#   AGENT_ACCOUNT      SUBMITTERS ("account:Product,Product" a line)
#   SUBMITTER_PERMISSIONS ("permission:action,action" a line)
#   SIGNOFF_PRODUCT SIGNOFF_CHANNEL SIGNOFF_ROLE
#   SCHEMA_UPGRADE_CMD SCHEMA_CREATE_CMD   run with DBURI pointing at the database to change
#   MAX_DUMP_BYTES     refuse larger downloads       WORK_DIR  scratch space for the download
#   PROVENANCE_FILE    also write provenance JSON here (optional)
#   PROVENANCE_CONFIGMAP NAMESPACE KUBE_API SA_DIR   where the provenance ConfigMap lives
#
# Exit codes: 0 seeded or nothing to do, 1 the dump or the database refused, 2 bad configuration.
set -Eeuo pipefail

MODE="${1:-seed}"
SEED_SOURCE="${SEED_SOURCE:-prod-dump}"
SEED_GENERATION="${SEED_GENERATION:-1}"
DUMP_URL="${DUMP_URL:-}"
DB_HOST="${DB_HOST:-127.0.0.1}"
DB_PORT="${DB_PORT:-3306}"
DB_USER="${DB_USER:-root}"
DB_PASSWORD="${DB_PASSWORD:-}"
DB_NAME="${DB_NAME:-balrog}"
SCRATCH_DB="${SCRATCH_DB:-balrog_seed_import}"
PREVIOUS_DB="${PREVIOUS_DB:-balrog_seed_previous}"
HOLDER="${HOLDER:-}"
AGENT_ACCOUNT="${AGENT_ACCOUNT:-balrogagent}"
SUBMITTERS="${SUBMITTERS:-}"
SUBMITTER_PERMISSIONS="${SUBMITTER_PERMISSIONS:-}"
SIGNOFF_PRODUCT="${SIGNOFF_PRODUCT:-Firefox}"
SIGNOFF_CHANNEL="${SIGNOFF_CHANNEL:-release}"
SIGNOFF_ROLE="${SIGNOFF_ROLE:-releng}"
# run.sh upgrade-db / create-db read DBURI and call scripts/manage-db.py relative to /app
# (mozilla-releng/balrog scripts/run.sh).
SCHEMA_UPGRADE_CMD="${SCHEMA_UPGRADE_CMD:-cd /app && /app/scripts/run.sh upgrade-db}"
SCHEMA_CREATE_CMD="${SCHEMA_CREATE_CMD:-cd /app && /app/scripts/run.sh create-db}"
MAX_DUMP_BYTES="${MAX_DUMP_BYTES:-4294967296}"
WORK_DIR="${WORK_DIR:-/work}"
PROVENANCE_FILE="${PROVENANCE_FILE:-}"
PROVENANCE_CONFIGMAP="${PROVENANCE_CONFIGMAP:-}"
NAMESPACE="${NAMESPACE:-}"
KUBE_API="${KUBE_API:-https://kubernetes.default.svc}"
SA_DIR="${SA_DIR:-/var/run/secrets/kubernetes.io/serviceaccount}"
DB_WAIT_SECONDS="${DB_WAIT_SECONDS:-300}"
WAIT_TIMEOUT_SECONDS="${WAIT_TIMEOUT_SECONDS:-0}"
MARKER_TABLE="releng_envs_seed"

log() { printf '[balrog-seed] %s\n' "$*" >&2; }
fail() { log "ERROR: $*"; exit 1; }
config_error() { log "CONFIG ERROR: $*"; exit 2; }

# --- database access ------------------------------------------------------------------------
MYSQL_BIN="$(command -v mariadb || command -v mysql || true)"
[ -n "$MYSQL_BIN" ] || config_error "no mariadb or mysql client on PATH"
mkdir -p "$WORK_DIR"
CLIENT_CNF="$(mktemp "$WORK_DIR/client.XXXXXX.cnf")"
chmod 600 "$CLIENT_CNF"
# The password goes to a mode-600 options file, never to argv (visible in ps) or logs.
printf '[client]\nhost=%s\nport=%s\nuser=%s\npassword="%s"\nprotocol=tcp\n' "$DB_HOST" "$DB_PORT" "$DB_USER" "${DB_PASSWORD//\"/\\\"}" >"$CLIENT_CNF"
cleanup() { rm -f "$CLIENT_CNF"; }
trap cleanup EXIT

# --ssl=off: the image's MariaDB client verifies the server certificate by default, and MySQL 8's is
# self-signed; balrog's own scripts/initdb_and_run.sh passes the same flag for the same reason.
sql() { "$MYSQL_BIN" --defaults-extra-file="$CLIENT_CNF" --ssl=off --batch --skip-column-names "$@"; }
q() { local s="${1//\\/\\\\}"; printf "'%s'" "${s//\'/\'\'}"; }
db_uri() { printf 'mysql://%s:%s@%s:%s/%s' "$DB_USER" "$DB_PASSWORD" "$DB_HOST" "$DB_PORT" "$1"; }

table_exists() { [ "$(sql -e "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema=$(q "$1") AND table_name=$(q "$2")")" = "1" ]; }
count_rows() { if table_exists "$1" "$2"; then sql -e "SELECT COUNT(*) FROM \`$1\`.\`$2\`"; else echo 0; fi; }
schema_version() {
  # Alembic keeps alembic_version; older Balrog (sqlalchemy-migrate) kept migrate_version.
  local v=""
  if table_exists "$1" alembic_version; then v="alembic:$(sql -e "SELECT GROUP_CONCAT(version_num) FROM \`$1\`.alembic_version")"; fi
  if table_exists "$1" migrate_version; then v="$v migrate:$(sql -e "SELECT GROUP_CONCAT(version) FROM \`$1\`.migrate_version")"; fi
  echo "${v:-none}"
}

wait_for_db() {
  local waited=0
  until sql -e "SELECT 1" >/dev/null 2>&1; do
    [ "$waited" -ge "$DB_WAIT_SECONDS" ] && fail "database $DB_HOST:$DB_PORT did not answer within ${DB_WAIT_SECONDS}s"
    sleep 2
    waited=$((waited + 2))
  done
}

# --- provenance -------------------------------------------------------------------------------
json_str() { local s="${1//\\/\\\\}"; s="${s//\"/\\\"}"; printf '"%s"' "$s"; }

marker_field() { sql -e "SELECT $2 FROM \`$1\`.\`$MARKER_TABLE\` WHERE id = 1"; }

provenance_json() {
  local db="$1"
  # Every value is a JSON string: the same object is the ConfigMap's `data` (string values only).
  printf '{"source":%s,"url":%s,"lastModified":%s,"generation":%s,"importedAt":%s,"rules":%s,"releases":%s,"releasesJson":%s,"dumpBytes":%s}' \
    "$(json_str "$(marker_field "$db" source)")" "$(json_str "$(marker_field "$db" source_url)")" \
    "$(json_str "$(marker_field "$db" last_modified)")" "$(json_str "$(marker_field "$db" generation)")" \
    "$(json_str "$(marker_field "$db" imported_at)")" "$(json_str "$(marker_field "$db" rules_count)")" \
    "$(json_str "$(marker_field "$db" releases_count)")" "$(json_str "$(marker_field "$db" releases_json_count)")" \
    "$(json_str "$(marker_field "$db" dump_bytes)")"
}

publish_provenance() {
  local data
  data="$(provenance_json "$DB_NAME")"
  log "provenance: $data"
  if [ -n "$PROVENANCE_FILE" ]; then printf '%s\n' "$data" >"$PROVENANCE_FILE"; fi
  if [ -n "$PROVENANCE_CONFIGMAP" ]; then
    [ -n "$NAMESPACE" ] || config_error "PROVENANCE_CONFIGMAP is set but NAMESPACE is not"
    local token="" auth=() tls=()
    [ -r "$SA_DIR/token" ] && token="$(cat "$SA_DIR/token")"
    [ -n "$token" ] && auth=(-H "Authorization: Bearer $token")
    [ -r "$SA_DIR/ca.crt" ] && tls=(--cacert "$SA_DIR/ca.crt")
    # Merge-patch only the data keys: the Role allows get/patch on this one ConfigMap and nothing else.
    local body="{\"data\":$data}"
    curl -sS --fail --noproxy '*' "${tls[@]}" "${auth[@]}" -X PATCH \
      -H 'Content-Type: application/merge-patch+json' --data "$body" \
      "$KUBE_API/api/v1/namespaces/$NAMESPACE/configmaps/$PROVENANCE_CONFIGMAP" >/dev/null ||
      fail "could not write provenance to ConfigMap $NAMESPACE/$PROVENANCE_CONFIGMAP (the seed itself succeeded)"
    log "provenance written to ConfigMap $NAMESPACE/$PROVENANCE_CONFIGMAP"
  fi
}

# --- what the dump lacks ------------------------------------------------------------------------
# Table and column names: mozilla-releng/balrog src/auslib/alembic/versions/0001_initial_schema.py
# (permissions, user_roles, product_req_signoffs; every row carries data_version). The production dump
# excludes permissions, roles and scheduled changes (scripts/manage-db.py extract_active_data), and
# scripts/reset-stage-db.sh re-adds them after the upgrade, as we do. INSERT IGNORE keeps re-runs
# from changing rows that exist (primary keys: (permission, username), (username, role),
# (product, channel, role)).
grant_statements() {
  local db="\`$1\`"
  printf 'INSERT IGNORE INTO %s.permissions (permission, username, options, data_version) VALUES (%s, %s, %s, 1);\n' \
    "$db" "$(q scheduled_change)" "$(q "$AGENT_ACCOUNT")" "$(q '{"actions": ["enact"]}')"
  local line account products perm_line permission actions
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    account="${line%%:*}"
    products="${line#*:}"
    while IFS= read -r perm_line; do
      [ -n "$perm_line" ] || continue
      permission="${perm_line%%:*}"
      actions="${perm_line#*:}"
      # A permission without actions (pinnable_release takes only products: balrog db.py allPermissions).
      local options="{\"products\": $(json_list "$products")}"
      [ -z "$actions" ] || options="{\"actions\": $(json_list "$actions"), \"products\": $(json_list "$products")}"
      printf 'INSERT IGNORE INTO %s.permissions (permission, username, options, data_version) VALUES (%s, %s, %s, 1);\n' \
        "$db" "$(q "$permission")" "$(q "$account")" "$(q "$options")"
    done <<<"$SUBMITTER_PERMISSIONS"
  done <<<"$SUBMITTERS"
  if [ -n "$HOLDER" ]; then
    printf 'INSERT IGNORE INTO %s.permissions (permission, username, options, data_version) VALUES (%s, %s, NULL, 1);\n' "$db" "$(q admin)" "$(q "$HOLDER")"
    printf 'INSERT IGNORE INTO %s.user_roles (username, role, data_version) VALUES (%s, %s, 1);\n' "$db" "$(q "$HOLDER")" "$(q "$SIGNOFF_ROLE")"
  fi
  printf 'INSERT IGNORE INTO %s.product_req_signoffs (product, channel, role, signoffs_required, data_version) VALUES (%s, %s, %s, 1, 1);\n' \
    "$db" "$(q "$SIGNOFF_PRODUCT")" "$(q "$SIGNOFF_CHANNEL")" "$(q "$SIGNOFF_ROLE")"
}

json_list() {
  local IFS=, out="" item
  for item in $1; do out="$out${out:+, }\"$item\""; done
  printf '[%s]' "$out"
}

apply_grants() {
  local db="$1" before after
  for t in permissions user_roles product_req_signoffs; do
    table_exists "$db" "$t" || fail "table $db.$t is missing after the schema step; is this a Balrog dump?"
  done
  before=$(($(count_rows "$db" permissions) + $(count_rows "$db" user_roles) + $(count_rows "$db" product_req_signoffs)))
  grant_statements "$db" | sql
  after=$(($(count_rows "$db" permissions) + $(count_rows "$db" user_roles) + $(count_rows "$db" product_req_signoffs)))
  echo $((after - before))
}

run_schema_cmd() {
  local what="$1" cmd="$2" db="$3"
  log "$what ($db): $cmd"
  DBURI="$(db_uri "$db")" bash -c "$cmd" >&2 || fail "$what failed on database $db"
}

# --- download and checks ----------------------------------------------------------------------
LAST_MODIFIED=""
DUMP_FILE="$WORK_DIR/dump.sql.xz"

# Counts lines of the decompressed dump matching an extended regex. grep -c reads to the end, so
# xz never dies of SIGPIPE (which pipefail would report as a failure).
dump_count() { xz -dc "$DUMP_FILE" | grep -ciE "$1" || true; }

fetch_dump() {
  local headers="$WORK_DIR/headers.txt" expected="" proto="=https" size xz_error
  # SEED_ALLOW_HTTP exists for the project's tests (a fixture server on 127.0.0.1); never set in a cluster.
  [ -n "${SEED_ALLOW_HTTP:-}" ] && proto="=http,https"
  rm -f "$DUMP_FILE" "$headers"
  log "downloading $DUMP_URL"
  # HTTPS_PROXY (the environment's egress proxy) applies to curl; --proto-redir keeps redirects on https.
  if ! curl -sS --fail --location --proto "$proto" --proto-redir "$proto" \
    --retry 3 --retry-delay 5 --connect-timeout 30 --max-filesize "$MAX_DUMP_BYTES" \
    --dump-header "$headers" --output "$DUMP_FILE" "$DUMP_URL"; then
    rm -f "$DUMP_FILE"
    fail "download of $DUMP_URL failed (see curl's message above); the database was not touched"
  fi
  # With redirects the header file holds several responses: keep the last response's values.
  LAST_MODIFIED="$(tr -d '\r' <"$headers" | awk '/^HTTP\//{v=""} tolower($1)=="last-modified:" {sub(/^[^:]*:[ ]*/,""); v=$0} END{print v}')"
  expected="$(tr -d '\r' <"$headers" | awk '/^HTTP\//{v=""} tolower($1)=="content-length:" {v=$2} END{print v}')"
  size="$(wc -c <"$DUMP_FILE" | tr -d ' ')"
  DUMP_BYTES="$size"
  [ "$size" -gt 0 ] || fail "the dump at $DUMP_URL is empty; the database was not touched"
  if [ -n "$expected" ] && [ "$expected" != "$size" ]; then
    fail "the dump is $size bytes but the server announced $expected (truncated download); the database was not touched"
  fi
  log "downloaded $size bytes (Last-Modified: ${LAST_MODIFIED:-unknown})"
  if ! xz_error="$(xz -t "$DUMP_FILE" 2>&1)"; then
    fail "the dump is not a valid xz file (xz -t: ${xz_error##*: }); the database was not touched"
  fi
  # A Balrog dump is one database's tables (mysqldump without --databases): statements that pick or
  # drop a database would escape the scratch database, so such a dump is refused.
  if [ "$(dump_count '^[[:space:]]*(USE|CREATE[[:space:]]+DATABASE|DROP[[:space:]]+DATABASE)[[:space:]]')" != "0" ]; then
    fail "the dump selects, creates or drops a database (USE/CREATE DATABASE/DROP DATABASE); refusing it; the database was not touched"
  fi
  if [ "$(dump_count 'CREATE TABLE( IF NOT EXISTS)? `?rules`? \(')" = "0" ]; then
    fail "the dump creates no rules table, so it is not a Balrog dump; the database was not touched"
  fi
}

# --- seed -------------------------------------------------------------------------------------
marker_sql() {
  local db="\`$1\`"
  cat <<SQL
CREATE TABLE IF NOT EXISTS $db.\`$MARKER_TABLE\` (
  id INT NOT NULL PRIMARY KEY, source VARCHAR(20) NOT NULL, source_url VARCHAR(2000) NOT NULL,
  last_modified VARCHAR(100) NOT NULL, generation INT NOT NULL, imported_at VARCHAR(40) NOT NULL,
  rules_count INT NOT NULL, releases_count INT NOT NULL, releases_json_count INT NOT NULL, dump_bytes BIGINT NOT NULL
);
REPLACE INTO $db.\`$MARKER_TABLE\` VALUES (1, $(q "$SEED_SOURCE"), $(q "$SOURCE_URL"), $(q "${LAST_MODIFIED:-unknown}"), $SEED_GENERATION,
  $(q "$(date -u +%Y-%m-%dT%H:%M:%SZ)"), $(count_rows "$1" rules), $(count_rows "$1" releases), $(count_rows "$1" releases_json), ${DUMP_BYTES:-0});
SQL
}

swap_in_scratch() {
  local live_tables scratch_tables renames="" t
  live_tables="$(sql -e "SELECT table_name FROM information_schema.tables WHERE table_schema=$(q "$DB_NAME")")"
  scratch_tables="$(sql -e "SELECT table_name FROM information_schema.tables WHERE table_schema=$(q "$SCRATCH_DB")")"
  sql -e "DROP DATABASE IF EXISTS \`$PREVIOUS_DB\`; CREATE DATABASE \`$PREVIOUS_DB\`"
  for t in $live_tables; do renames="$renames${renames:+, }\`$DB_NAME\`.\`$t\` TO \`$PREVIOUS_DB\`.\`$t\`"; done
  for t in $scratch_tables; do renames="$renames${renames:+, }\`$SCRATCH_DB\`.\`$t\` TO \`$DB_NAME\`.\`$t\`"; done
  # One RENAME TABLE statement is atomic: readers see the old tables or the new ones, never a mix.
  sql -e "CREATE DATABASE IF NOT EXISTS \`$DB_NAME\`; RENAME TABLE $renames"
  sql -e "DROP DATABASE \`$PREVIOUS_DB\`; DROP DATABASE \`$SCRATCH_DB\`"
}

seed() {
  case "$SEED_SOURCE" in
    prod-dump | url) [ -n "$DUMP_URL" ] || config_error "DUMP_URL is not set: seed source '$SEED_SOURCE' needs the URL of an xz-compressed SQL dump (services.balrog.seed.url in the stack file)" ;;
    empty) DUMP_URL="" ;;
    *) config_error "SEED_SOURCE is '$SEED_SOURCE'; expected prod-dump, url or empty" ;;
  esac
  case "$DUMP_URL" in "" | https://*) ;; http://*) [ -n "${SEED_ALLOW_HTTP:-}" ] || config_error "DUMP_URL must be https:// (got $DUMP_URL)" ;; *) config_error "DUMP_URL must be an https:// URL (got $DUMP_URL)" ;; esac
  [[ "$SEED_GENERATION" =~ ^[0-9]+$ ]] || config_error "SEED_GENERATION must be a whole number (got $SEED_GENERATION)"
  SOURCE_URL="${DUMP_URL:-none}"

  wait_for_db

  if table_exists "$DB_NAME" "$MARKER_TABLE" &&
    [ "$(marker_field "$DB_NAME" source)" = "$SEED_SOURCE" ] &&
    [ "$(marker_field "$DB_NAME" source_url)" = "$SOURCE_URL" ] &&
    [ "$(marker_field "$DB_NAME" generation)" = "$SEED_GENERATION" ]; then
    log "already seeded from $SOURCE_URL (Last-Modified: $(marker_field "$DB_NAME" last_modified), generation $SEED_GENERATION, imported $(marker_field "$DB_NAME" imported_at))"
    local before after added
    before="$(schema_version "$DB_NAME")"
    run_schema_cmd "schema upgrade" "$SCHEMA_UPGRADE_CMD" "$DB_NAME"
    after="$(schema_version "$DB_NAME")"
    added="$(apply_grants "$DB_NAME")"
    if [ "$before" = "$after" ] && [ "$added" = "0" ]; then
      log "nothing to do: data, schema ($after) and permissions are unchanged"
    else
      log "kept the seeded data; schema $before -> $after, $added permission/role rows added"
    fi
    publish_provenance
    return 0
  fi

  if [ -n "$DUMP_URL" ]; then fetch_dump; else LAST_MODIFIED="n/a"; DUMP_BYTES=0; fi

  log "preparing scratch database $SCRATCH_DB (the live database $DB_NAME stays as it is until the swap)"
  sql -e "DROP DATABASE IF EXISTS \`$SCRATCH_DB\`; CREATE DATABASE \`$SCRATCH_DB\` CHARACTER SET utf8mb4"
  abandon() { sql -e "DROP DATABASE IF EXISTS \`$SCRATCH_DB\`" 2>/dev/null || true; }
  if [ -n "$DUMP_URL" ]; then
    if ! xz -dc "$DUMP_FILE" | sql "$SCRATCH_DB"; then abandon; fail "importing the dump failed; the live database $DB_NAME was not touched"; fi
  else
    ( run_schema_cmd "schema create" "$SCHEMA_CREATE_CMD" "$SCRATCH_DB" ) || { abandon; fail "creating the schema failed; the live database was not touched"; }
  fi
  ( run_schema_cmd "schema upgrade" "$SCHEMA_UPGRADE_CMD" "$SCRATCH_DB" ) || { abandon; fail "the schema upgrade failed; the live database $DB_NAME was not touched"; }
  local added
  added="$(apply_grants "$SCRATCH_DB")" || { abandon; fail "adding permissions failed; the live database was not touched"; }
  log "added $added permission/role/signoff rows (agent, stage submitters, holder, $SIGNOFF_PRODUCT/$SIGNOFF_CHANNEL signoff)"
  marker_sql "$SCRATCH_DB" | sql || { abandon; fail "recording provenance failed; the live database was not touched"; }
  swap_in_scratch
  rm -f "$DUMP_FILE"
  log "seeded $DB_NAME from ${DUMP_URL:-an empty schema}: $(marker_field "$DB_NAME" rules_count) rules, $(marker_field "$DB_NAME" releases_count) releases, $(marker_field "$DB_NAME" releases_json_count) releases_json"
  publish_provenance
}

wait_for_seed() {
  local waited=0
  log "waiting for $DB_NAME on $DB_HOST to hold seed generation $SEED_GENERATION"
  until [ "$(sql -e "SELECT generation FROM \`$DB_NAME\`.\`$MARKER_TABLE\` WHERE id = 1" 2>/dev/null || true)" = "$SEED_GENERATION" ]; do
    if [ "$WAIT_TIMEOUT_SECONDS" -gt 0 ] && [ "$waited" -ge "$WAIT_TIMEOUT_SECONDS" ]; then fail "no seed generation $SEED_GENERATION after ${WAIT_TIMEOUT_SECONDS}s"; fi
    sleep 2
    waited=$((waited + 2))
  done
  log "seed generation $SEED_GENERATION is in place"
}

case "$MODE" in
  seed) seed ;;
  wait) wait_for_seed ;;
  *) config_error "unknown mode '$MODE' (expected seed or wait)" ;;
esac
