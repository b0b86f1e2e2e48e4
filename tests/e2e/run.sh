#!/usr/bin/env bash
# End-to-end tests: the user journeys in Microsoft's Agents Playground (headless Chromium), every
# Adaptive Card the bot sent (here and during pytest) through Microsoft's renderer, and the filled
# Teams manifest against the official schema.
#
#   bash tests/e2e/run.sh [JOURNEY ...]     e.g. bash tests/e2e/run.sh j1 j3   (default: all)
#
# `make e2e` runs this; `make test` runs it after pytest. What it does:
#   1. a temporary folder with a SQLite database, an outbox and the seed files (tests/e2e/seed.py);
#      `dfbot db upgrade`, then the seed imported with `dfbot plan import` / `dfbot updates import`;
#   2. `dfbot serve` on that database, scheduler off, local mode (LOCAL_MODE=true, no app id), outbox digests, with
#      ADMIN_EMAILS=pattif@example.com; waits for /readyz. The Playground's own user, Alex Wilber, is a
#      member or a lead (the journeys import plan-member.csv / plan-lead.csv); the admin journey runs a
#      Playground whose current user is Patti Fernandez, who becomes an admin on first contact;
#   3. the journeys (tests/e2e/journeys/run.mjs), each with its own Playground and browser;
#   4. tests/e2e/validate_cards.mjs on every card captured (artifacts/cards/pg-*.json from the
#      journeys, artifacts/cards/pytest-*.json from the last pytest run), PNGs in artifacts/cards-png;
#   5. the Teams app package built with `python -m dfbot.package`, its manifest validated.
# Everything it started is stopped on exit. Exit 0 only when every part passed.
#
# Environment: E2E_KEEP=1 keeps the temporary folder; E2E_ALLOW_PENDING=1 passes while a journey
# waits for its feature; E2E_JOURNEY_TIMEOUT seconds per journey (default 150);
# E2E_REQUIRE_PYTEST_CARDS=1 fails when no pytest capture exists.

set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
STARTED=$(date +%s)
ART="$ROOT/tests/e2e/artifacts"
DFBOT="$ROOT/.venv/bin/dfbot"
PY="$ROOT/.venv/bin/python"
PIDS=()
TMP=""

say() { printf '%s\n' "$*"; }
die() { say "e2e: $*" >&2; exit 1; }

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [ -n "$TMP" ] && [ -d "$TMP" ]; then
    if [ "${E2E_KEEP:-}" = 1 ]; then say "e2e: kept $TMP"; else rm -rf "$TMP"; fi
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------- what it needs
missing=()
[ -x "$DFBOT" ] || missing+=(".venv with the project installed (make py-deps)")
command -v node >/dev/null || missing+=("Node.js >= 20 (apt-get install nodejs)")
[ -f node_modules/@microsoft/m365agentsplayground/cli.js ] || missing+=("npm packages (npm ci)")
[ -f node_modules/playwright-core/package.json ] || missing+=("playwright-core (npm ci)")
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=("Chromium at ${CHROMIUM_PATH:-/usr/bin/chromium} (apt-get install chromium)")
if [ "${#missing[@]}" -gt 0 ]; then
  say "e2e: cannot run; missing:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  say "  (make e2e installs these where it can)" >&2
  exit 1
fi

# Below the kernel's ephemeral range, so no outgoing connection takes it before the bot binds (tests/ports.py).
free_port() { "$PY" -c 'from tests.ports import free_port; print(free_port())'; }

TMP="$(mktemp -d "${TMPDIR:-/tmp}/dfbot-e2e.XXXXXX")"
mkdir -p "$ART/logs" "$ART/cards"
rm -f "$ART"/logs/*.log "$ART"/logs/*.jsonl "$ART"/*.png "$ART/cards"/pg-*.json
rm -rf "$ART/cards-png"

# One environment for the bots and for every CLI call: a throwaway database, local mode, no scheduler.
# Everything that could come from a developer's .env is set explicitly.
export DATABASE_URL="sqlite+aiosqlite:///$TMP/e2e.sqlite3"
export OUTBOX_DIR="$TMP/outbox" EXPORT_DIR="$TMP/exports"
export SCHEDULER_ENABLED=false DIGEST_TRANSPORT=outbox TIMEZONE=Europe/London LOG_LEVEL=INFO
export MicrosoftAppId="" MicrosoftAppPassword="" MicrosoftAppTenantId="" ALLOWED_TENANT_IDS="" ADMIN_EMAILS=""
export LOCAL_MODE=true LOCAL_MODE_ALLOW_REMOTE=false
export SECRET_KEY="e2e-only-secret-key-not-for-production"
mkdir -p "$OUTBOX_DIR" "$EXPORT_DIR"

RESULTS=()
FAILED=0
record() { # name status detail
  RESULTS+=("$(printf '%-7s %s%s' "$2" "$1" "${3:+ — $3}")")
  [ "$2" = PASS ] || FAILED=1
}

# ---------------------------------------------------------------------------- database and seed
say "e2e: database and seed in $TMP"
"$DFBOT" db upgrade >"$ART/logs/setup.log" 2>&1 || { cat "$ART/logs/setup.log"; die "dfbot db upgrade failed"; }
"$PY" tests/e2e/seed.py "$TMP/seed" >>"$ART/logs/setup.log" 2>&1 || { cat "$ART/logs/setup.log"; die "tests/e2e/seed.py failed"; }
for f in plan-member.csv milestones.csv; do
  "$DFBOT" plan import "$TMP/seed/$f" >>"$ART/logs/setup.log" 2>&1 || { cat "$ART/logs/setup.log"; die "dfbot plan import $f failed"; }
done
"$DFBOT" updates import "$TMP/seed/history.csv" >>"$ART/logs/setup.log" 2>&1 || { cat "$ART/logs/setup.log"; die "dfbot updates import failed"; }
cp "$TMP/seed/seed.json" "$ART/seed.json"

# ---------------------------------------------------------------------------- the bots
start_bot() { # name port [VAR=value ...]
  local name="$1" port="$2"
  shift 2
  env PORT="$port" PUBLIC_BASE_URL="http://localhost:$port" "$@" "$DFBOT" serve --host 127.0.0.1 --port "$port" \
    >"$ART/logs/$name.log" 2>&1 &
  PIDS+=("$!")
}

wait_ready() { # name port pid
  local name="$1" port="$2" pid="$3" i
  for i in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break # it exited: no point waiting
    if "$PY" - "$port" <<'EOF' 2>/dev/null; then return 0; fi
import sys, urllib.request
with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/readyz", timeout=1) as r:
    sys.exit(0 if r.status == 200 else 1)
EOF
    sleep 0.2
  done
  say "e2e: the $name bot did not become ready on port $port; its log:" >&2
  tail -n 40 "$ART/logs/$name.log" >&2
  return 1
}

BOT_PORT="$(free_port)"
start_bot bot "$BOT_PORT" ADMIN_EMAILS="pattif@example.com"
wait_ready bot "$BOT_PORT" "${PIDS[-1]}" || die "bot not ready"
say "e2e: bot on http://127.0.0.1:$BOT_PORT/api/messages (log: $ART/logs/bot.log)"
# A second bot on the same database posts digests itself, to the Playground team's General channel
# (whose id is the team's): the DLG's decisions journey (j8).
DLG_BOT_PORT="$(free_port)"
start_bot bot-dlg "$DLG_BOT_PORT" ADMIN_EMAILS="pattif@example.com" DIGEST_TRANSPORT=bot DLG_TEAM_ID=team-id \
  DLG_CHANNEL_ID=team-id
wait_ready bot-dlg "$DLG_BOT_PORT" "${PIDS[-1]}" || die "the DLG bot not ready"
say "e2e: DLG bot (digests through the bot) on http://127.0.0.1:$DLG_BOT_PORT/api/messages (log: $ART/logs/bot-dlg.log)"

# ---------------------------------------------------------------------------- journeys
E2E_BOT_URL="http://127.0.0.1:$BOT_PORT/api/messages" \
E2E_PUBLIC_BASE_URL="http://localhost:$BOT_PORT" \
E2E_DLG_BOT_URL="http://127.0.0.1:$DLG_BOT_PORT/api/messages" \
E2E_SEED="$TMP/seed/seed.json" \
E2E_BOT_LOGS="$ART/logs/bot.log,$ART/logs/bot-dlg.log" \
E2E_ARTIFACTS="$ART" E2E_DFBOT="$DFBOT" E2E_PYTHON="$PY" \
  node tests/e2e/journeys/run.mjs "$@" | tee "$ART/logs/journeys.log"
JOURNEYS_RC="${PIPESTATUS[0]}"
SUMMARY="$(sed -n '/^Journeys:/,$p' "$ART/logs/journeys.log" | tail -n +2 | grep -E '^  (PASS|FAIL|PENDING)' | sed 's/^  //')"
case "$JOURNEYS_RC" in
  0) record "journeys in the Agents Playground" PASS ;;
  1) record "journeys in the Agents Playground" FAIL "see above and $ART/logs/journeys.log" ;;
  *) record "journeys in the Agents Playground" FAIL "the journey runner could not run (exit $JOURNEYS_RC)" ;;
esac

# Stop the bot before validating (nothing else talks to it); its log stays in artifacts/logs.
for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
PIDS=()

# ---------------------------------------------------------------------------- cards
say ""
say "e2e: Adaptive Cards through Microsoft's renderer (adaptivecards)"
shopt -s nullglob
PG_CARDS=("$ART"/cards/pg-*.json)
PYTEST_CARDS=("$ART"/cards/pytest-*.json)
shopt -u nullglob
if [ -f "$ART/cards/capture-pytest.json" ]; then
  CAPTURE="$("$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
print("{} distinct cards from {} activities in {} tests, written {}".format(
    d["distinct_cards"], d["activities_with_cards"], d["tests_with_cards"], d["written_at"]))' "$ART/cards/capture-pytest.json")"
  say "  pytest capture: $CAPTURE"
elif [ "${E2E_REQUIRE_PYTEST_CARDS:-}" = 1 ]; then
  record "cards seen by pytest" FAIL "no tests/e2e/artifacts/cards/capture-pytest.json: run pytest first"
else
  say "  no pytest capture yet (tests/e2e/artifacts/cards/pytest-*.json): make test runs pytest first; validating the journeys' cards only"
fi
if [ "${#PG_CARDS[@]}" -eq 0 ] && [ "$JOURNEYS_RC" = 0 ]; then
  record "cards the bot sent in the Playground" FAIL "the journeys passed but no card was captured from the log streams"
fi
ALL_CARDS=("${PG_CARDS[@]}" "${PYTEST_CARDS[@]}")
if [ "${#ALL_CARDS[@]}" -gt 0 ]; then
  node tests/e2e/validate_cards.mjs "$ART/cards-png" "${ALL_CARDS[@]}" >"$ART/cards-report.json" 2>"$ART/logs/cards.log"
  CARDS_RC=$?
  grep -E '^(FAIL|       (error|warning))' "$ART/logs/cards.log" | head -n 60
  ALLOWED="$(grep -c '^       allowed:' "$ART/logs/cards.log" || true)"
  TOTAL_LINE="$(tail -n 1 "$ART/logs/cards.log")"
  say "  ${#PG_CARDS[@]} from the journeys, ${#PYTEST_CARDS[@]} from pytest: $TOTAL_LINE; expected Chart.* fallback warnings: $ALLOWED"
  if [ "$CARDS_RC" = 0 ]; then
    record "cards (${#PG_CARDS[@]} journeys + ${#PYTEST_CARDS[@]} pytest) parse and render" PASS
  else
    record "cards parse and render" FAIL "$TOTAL_LINE; details in $ART/logs/cards.log"
  fi
fi

# ---------------------------------------------------------------------------- manifest
say ""
say "e2e: the Teams app package's manifest against the official schema"
if MicrosoftAppId="3f2b6c1e-8a4d-4e7b-9c1a-5d6e7f8a9b0c" PUBLIC_BASE_URL="https://digitalfirst.example.org" \
    "$PY" -m dfbot.package "$TMP/app.zip" >"$ART/logs/package.log" 2>&1 &&
  "$PY" -m zipfile -e "$TMP/app.zip" "$TMP/app" >>"$ART/logs/package.log" 2>&1; then
  if node tests/e2e/validate_manifest.mjs "$TMP/app/manifest.json" >>"$ART/logs/package.log" 2>&1; then
    record "Teams manifest (filled, from dfbot.package) validates" PASS
  else
    record "Teams manifest validates" FAIL "$(tail -n 5 "$ART/logs/package.log" | tr '\n' ' ')"
  fi
  sed 's/^/  /' "$ART/logs/package.log"
else
  sed 's/^/  /' "$ART/logs/package.log"
  record "Teams app package builds" FAIL "python -m dfbot.package failed"
fi

# ---------------------------------------------------------------------------- summary
ELAPSED=$(($(date +%s) - STARTED))
say ""
say "================ end-to-end summary (${ELAPSED} s) ================"
[ -n "$SUMMARY" ] && printf '%s\n' "$SUMMARY" | sed 's/^/  /'
printf '%s\n' "${RESULTS[@]}"
say "artifacts: $ART (screenshots, logs/, cards/, cards-png/, cards-report.json)"
if [ "$FAILED" = 0 ]; then say "e2e: PASSED"; else say "e2e: FAILED"; fi
exit "$FAILED"
