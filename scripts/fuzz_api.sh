#!/usr/bin/env bash
# A full schemathesis pass against a demo server on loopback (the measurement in docs/security.md).
#
#   scripts/fuzz_api.sh [PORT] [extra schemathesis options…]
#
# Starts `charte serve --demo` on a fresh SQLite database at 127.0.0.1:PORT (default 8765), runs every
# schemathesis phase with the demo admin token and the three checks `make test` runs in bounded form
# (server errors, documented status codes, documented media types), then stops the server.
# The four operations that can end the very credentials the pass uses (revoke its token, deactivate or demote
# its user, log out, change the password) are left out: one hit and every later case would stop at 401.
# tests/api/test_schemathesis.py covers them, renewing its credentials when a case has ended them.
# PYTHON (default .venv/bin/python) runs both; PYTHONPATH chooses the source tree.
set -euo pipefail

PORT="${1:-8765}"
shift || true
PYTHON="${PYTHON:-.venv/bin/python}"
WORK="$(mktemp -d)"
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT

CHARTE_DATABASE_URL="sqlite:///$WORK/fuzz.db" CHARTE_COOKIE_SECURE=false CHARTE_LOG_LEVEL=ERROR \
  "$PYTHON" -m charte.cli.main serve --demo --host 127.0.0.1 --port "$PORT" >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER=$!
for _ in $(seq 1 120); do
  grep -q "Admin API token" "$WORK/server.out" 2>/dev/null && curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 1
done
TOKEN="$(sed -n 's/.*Admin API token[^:]*: *//p' "$WORK/server.out")"
[ -n "$TOKEN" ] || { echo "the demo server did not start:" >&2; cat "$WORK/server.err" >&2; exit 1; }

printf '[cache]\nenabled = false\n' >"$WORK/schemathesis.toml"  # no .schemathesis/ left in the working directory
"$PYTHON" -m schemathesis.cli --config-file "$WORK/schemathesis.toml" run "http://127.0.0.1:$PORT/openapi.json" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance \
  -H "Authorization: Bearer $TOKEN" --seed 10 --workers 1 --no-color --request-timeout 120 \
  --exclude-operation-id revoke_token_v1_tokens__token_id__delete \
  --exclude-operation-id update_user_v1_users__user_id__patch \
  --exclude-operation-id logout_v1_auth_logout_post \
  --exclude-operation-id change_password_v1_me_password_post "$@"
