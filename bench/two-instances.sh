#!/usr/bin/env bash
# Two instances of the app behind nginx (TLS, forwarded headers, sticky WebSockets), and a journey across them:
# sign in through one and save a value through it (API, a personal access token); on the other, with the same cookie,
# see the page, read the value, save with its version and be refused a stale one, post a form with the first one's
# antiforgery token (the data-protection keys are in the database); open a Blazor WebSocket through the proxy.
#
#   bench/two-instances.sh                      # SQLite: both instances share one file (WAL)
#   bench/two-instances.sh --db postgres        # PostgreSQL (Database:Provider=Postgres), server at $PGHOST:$PGPORT
#
# Ports: APP_PORTS (two, default "5161 5162"), NGINX_PORT (default 5260). Scratch folder: WORK (default /tmp/two-instances).
# Everything started here is stopped on exit. Needs: dotnet, nginx (Debian's), openssl, curl.
set -euo pipefail

DB=sqlite
while [[ $# -gt 0 ]]; do
  case "$1" in
    --db) DB="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${WORK:-/tmp/two-instances}"
read -r PORT_A PORT_B <<<"${APP_PORTS:-5161 5162}"
NGINX_PORT="${NGINX_PORT:-5260}"
PASSWORD=Demo2026pass
rm -rf "$WORK" && mkdir -p "$WORK/home-a" "$WORK/home-b" "$WORK/nginx"

case "$DB" in
  sqlite)
    DB_ARGS=(--ConnectionStrings:Default "Data Source=$WORK/app.db")
    DB_ENV=("ConnectionStrings__Default=Data Source=$WORK/app.db") ;;
  postgres)
    PGHOST="${PGHOST:-127.0.0.1}"; PGPORT="${PGPORT:-5432}"; PGUSER="${PGUSER:-postgres}"; PGDATABASE="${PGDATABASE:-sa_two_instances}"
    # A fresh database each run; the app migrates it (one instance at a time, under EF's migration lock).
    psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -qc "DROP DATABASE IF EXISTS $PGDATABASE" -c "CREATE DATABASE $PGDATABASE"
    CONNECTION="Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Database=$PGDATABASE${PGPASSWORD:+;Password=$PGPASSWORD}"
    DB_ARGS=(--Database:Provider Postgres --ConnectionStrings:Default "$CONNECTION")
    DB_ENV=(Database__Provider=Postgres "ConnectionStrings__Default=$CONNECTION") ;;
  *) echo "--db sqlite|postgres" >&2; exit 2 ;;
esac

PIDS=()
cleanup() {
  [[ -f "$WORK/nginx/nginx.pid" ]] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

echo "== build"
dotnet build "$ROOT/App" -v q -nologo >/dev/null
DLL="$ROOT/App/bin/Debug/net10.0/SchoolAssessment.dll"

start() { # name port
  # Each instance its own HOME: no key ring shared through the file system, only through the database.
  HOME="$WORK/home-$1" ASPNETCORE_ENVIRONMENT=Production dotnet "$DLL" --urls "http://127.0.0.1:$2" "${DB_ARGS[@]}" \
    --Demo:Enabled true --Admin:InitialPassword Keeper2026pass --Pdf:WarmAtStart false \
    --ForwardedHeaders:KnownProxies:0 127.0.0.1 >"$WORK/app-$1.log" 2>&1 &
  PIDS+=($!)
}
wait_ready() { # port
  for _ in $(seq 1 240); do
    curl -fsS "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "instance on $1 did not start; see $WORK/app-*.log" >&2; exit 1
}

echo "== two instances on $DB (ports $PORT_A, $PORT_B), started together"
start a "$PORT_A"; start b "$PORT_B"
wait_ready "$PORT_A"; wait_ready "$PORT_B"

echo "== nginx on https://127.0.0.1:$NGINX_PORT"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=localhost" \
  -keyout "$WORK/nginx/key.pem" -out "$WORK/nginx/cert.pem" 2>/dev/null
sed -e "s#@WORK@#$WORK/nginx#g" -e "s#@PORT@#$NGINX_PORT#g" -e "s#@A@#127.0.0.1:$PORT_A#g" -e "s#@B@#127.0.0.1:$PORT_B#g" \
  "$ROOT/bench/nginx-two-instances.conf" >"$WORK/nginx/nginx.conf"
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"

BASE="https://localhost:$NGINX_PORT"
JAR="$WORK/cookies.txt"
# -k: the certificate is this run's own.
req() { curl -ksS -b "$JAR" -c "$JAR" "$@"; }
upstream_of() { req -o /dev/null -D - "$@" | tr -d '\r' | awk 'tolower($1)=="x-upstream:" {print $2}'; }
token_of() { grep -o 'name="__RequestVerificationToken"[^>]*value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }

echo "== sign in through the proxy"
FIRST=$(upstream_of "$BASE/account/login")
TOKEN=$(req "$BASE/account/login" | token_of)
STATUS=$(req -o /dev/null -w '%{http_code}' --data-urlencode "_handler=login" --data-urlencode "__RequestVerificationToken=$TOKEN" \
  --data-urlencode "Input.UserName=supervisor" --data-urlencode "Input.Password=$PASSWORD" "$BASE/account/login")
[[ "$STATUS" == 302 ]] || { echo "sign-in answered $STATUS" >&2; exit 1; }
echo "   signed in on $FIRST (sticky: the routing cookie keeps this browser there)"

SCHOOL=$(req "$BASE/schools" | grep -o 'schools/[0-9]\+' | head -1 | grep -o '[0-9]\+')
[[ -n "$SCHOOL" ]] || { echo "no school in the supervisor's list" >&2; exit 1; }
YEAR=2031
# A form's antiforgery token, issued by the first instance (the password form: a static page that posts).
TOKEN=$(req "$BASE/account/password" | token_of)
[[ -n "$TOKEN" ]] || { echo "no antiforgery token on $FIRST's password page" >&2; exit 1; }

echo "== a personal access token for the same user (the command line, on the shared database)"
PAT=$(env "${DB_ENV[@]}" ASPNETCORE_ENVIRONMENT=Production HOME="$WORK/home-a" dotnet "$DLL" tokens create --user supervisor --name 两个实例 --days 1 | tail -1)
[[ -n "$PAT" ]] || { echo "tokens create printed no token" >&2; exit 1; }
api() { req -H "Authorization: Bearer $PAT" -H "Content-Type: application/json" "$@"; }
value_of() { # key: the value and version of one indicator in GET …/values
  python3 -c 'import json,sys; v=[x for x in json.load(sys.stdin)["values"] if x["key"]==sys.argv[1]][0]; print("%g" % v["value"], v["version"])' "$1"
}
STATUS=$(api -o /dev/null -w '%{http_code}' -X PUT --data '{"value": 17}' "$BASE/api/v1/schools/$SCHOOL/years/$YEAR/values/fulltimeTeachers")
[[ "$STATUS" == 200 ]] || { echo "a save through $FIRST answered $STATUS" >&2; exit 1; }
echo "   saved fulltimeTeachers=17 for school $SCHOOL, $YEAR, through $FIRST"

echo "== the same browser, routed to the other instance"
# Another routing cookie value: the first one (of a few) that nginx sends to the other instance.
OTHER_ROUTE=""
for r in $(seq 1 40); do
  if [[ "$(curl -ksS -o /dev/null -D - -b "sa_route=r$r" "$BASE/healthz" | tr -d '\r' | awk 'tolower($1)=="x-upstream:" {print $2}')" != "$FIRST" ]]; then
    OTHER_ROUTE="r$r"; break
  fi
done
[[ -n "$OTHER_ROUTE" ]] || { echo "nginx sent every route to $FIRST" >&2; exit 1; }
sed -i "s/\tsa_route\t[^\t]*$/\tsa_route\t$OTHER_ROUTE/" "$JAR"
SECOND=$(upstream_of "$BASE/schools/$SCHOOL/data?year=$YEAR")
[[ "$SECOND" != "$FIRST" ]] || { echo "still on $FIRST" >&2; exit 1; }
STATUS=$(req -o "$WORK/page.html" -w '%{http_code}' "$BASE/schools/$SCHOOL/data?year=$YEAR")
[[ "$STATUS" == 200 ]] && grep -q 'data-role="user-name"' "$WORK/page.html" \
  || { echo "$SECOND refused the cookie $FIRST issued ($STATUS)" >&2; exit 1; }
echo "   $SECOND shows the yearly data page to the cookie $FIRST issued"
read -r VALUE VERSION < <(api "$BASE/api/v1/schools/$SCHOOL/years/$YEAR/values" | value_of fulltimeTeachers)
[[ "$VALUE" == 17 ]] || { echo "$SECOND reads fulltimeTeachers=$VALUE, not the 17 saved on $FIRST" >&2; exit 1; }
STATUS=$(api -o /dev/null -w '%{http_code}' -X PUT --data "{\"value\": 18, \"version\": \"$VERSION\"}" "$BASE/api/v1/schools/$SCHOOL/years/$YEAR/values/fulltimeTeachers")
[[ "$STATUS" == 200 ]] || { echo "a save with the version read on $SECOND answered $STATUS" >&2; exit 1; }
STATUS=$(api -o /dev/null -w '%{http_code}' -X PUT --data "{\"value\": 19, \"version\": \"$VERSION\"}" "$BASE/api/v1/schools/$SCHOOL/years/$YEAR/values/fulltimeTeachers")
[[ "$STATUS" == 409 ]] || { echo "a save with a stale version answered $STATUS, not 409" >&2; exit 1; }
echo "   $SECOND reads 17, saves 18 with its version, refuses a stale version (409)"
# The antiforgery token from the first instance, posted to the second with a wrong current password: 400 would mean the
# token was refused (keys not shared); the page answering with its own error means it was accepted.
STATUS=$(req -o "$WORK/password.html" -w '%{http_code}' --data-urlencode "_handler=change-password" --data-urlencode "__RequestVerificationToken=$TOKEN" \
  --data-urlencode "Input.Current=not-the-password" --data-urlencode "Input.New=Another2026pass" --data-urlencode "Input.Confirm=Another2026pass" \
  "$BASE/account/password")
[[ "$STATUS" == 200 ]] && grep -q 'data-role="password-errors"' "$WORK/password.html" \
  || { echo "a form post on $SECOND with $FIRST's antiforgery token answered $STATUS" >&2; exit 1; }
echo "   $SECOND accepts a form post with the antiforgery token $FIRST issued"

echo "== Blazor WebSocket through the proxy (negotiate and upgrade on one instance)"
NEG=$(req -X POST -H "Content-Length: 0" "$BASE/_blazor/negotiate?negotiateVersion=1")
CONN=$(grep -o '"connectionToken":"[^"]*"' <<<"$NEG" | sed 's/.*:"//; s/"$//')
[[ -n "$CONN" ]] || { echo "negotiate failed: $NEG" >&2; exit 1; }
UPGRADE=$(req --http1.1 -m 3 -o /dev/null -D - -H "Connection: Upgrade" -H "Upgrade: websocket" -H "Sec-WebSocket-Version: 13" \
  -H "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==" "$BASE/_blazor?id=$CONN" 2>/dev/null | head -1 | tr -d '\r' || true)
[[ "$UPGRADE" == *" 101"* ]] || { echo "WebSocket upgrade answered: $UPGRADE" >&2; exit 1; }
echo "   $UPGRADE"

echo "== the background work runs on one instance; the results arrive"
for _ in $(seq 1 60); do
  READY=$(curl -fsS "http://127.0.0.1:$PORT_A/healthz/ready")
  grep -q '"depth":0' <<<"$READY" && break
  sleep 0.5
done
echo "   $READY"
grep -q '"depth":0' <<<"$READY" || { echo "the queue did not drain" >&2; exit 1; }
for port in "$PORT_A" "$PORT_B"; do
  grep -q "runs the background work" "$WORK/app-$( [[ $port == "$PORT_A" ]] && echo a || echo b ).log" && echo "   the instance on $port holds the background lease"
done
echo "OK: one journey across two instances ($DB)"
