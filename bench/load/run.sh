#!/usr/bin/env bash
# Load test of the API, in one command (README, "Load"):
#   bench/load/run.sh                     # 500 clients, 30 s per phase, 2,000 generated schools, port 5159
#   CLIENTS=200 DURATION=20 SCHOOLS=500 PORT=5200 bench/load/run.sh
#   RATE=500 bench/load/run.sh            # the same clients on a timetable: 500 requests/s in all (1 a second each)
# Without RATE every client sends its next request as soon as the last is answered (the most the app can take); with it,
# each sends on its own timetable and a request's time counts from when it was due.
# Builds the app and the driver in Release, generates the schools into a fresh SQLite database, makes tokens with
# `tokens create` (no sign-in, so the sign-in rate limiter never sees the driver), starts the app, runs the floor
# (/healthz) and the writes with the same clients, checks every acknowledged write in the database, stops the app.
set -euo pipefail
cd "$(dirname "$0")/../.."
CLIENTS=${CLIENTS:-500}
SECONDS_PER_PHASE=${DURATION:-30}
SCHOOLS=${SCHOOLS:-2000}
PORT=${PORT:-5159}
RATE=${RATE:-0}
WORK=${WORK:-$(mktemp -d /tmp/load-XXXXXX)}
mkdir -p "$WORK"

echo "building (Release) …" >&2
dotnet build App -c Release -v q -nologo >/dev/null
dotnet build bench/load/LoadDriver.csproj -c Release -v q -nologo >/dev/null
APP=App/bin/Release/net10.0/SchoolAssessment.dll

export ConnectionStrings__Default="Data Source=$WORK/app.db"
export Admin__InitialPassword="Keeper2026pass"
export Demo__Enabled=false
export Pdf__WarmAtStart=false
export Evidence__Directory="$WORK/evidence"
export ASPNETCORE_ENVIRONMENT=Production
rm -f "$WORK"/app.db*

echo "generating $SCHOOLS schools into $WORK/app.db …" >&2
dotnet "$APP" demo generate --schools "$SCHOOLS" --years 1 >&2
dotnet "$APP" tokens create --user gen-supervisor --name 负载测试 --days 1 --count 10 > "$WORK/value-tokens.txt"
dotnet "$APP" tokens create --user admin --name 负载测试 --days 1 --count 10 > "$WORK/score-tokens.txt"

echo "starting the app on port $PORT …" >&2
dotnet "$APP" --urls "http://127.0.0.1:$PORT" > "$WORK/app.log" 2>&1 &
APP_PID=$!
trap 'kill $APP_PID 2>/dev/null || true; wait $APP_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null

dotnet bench/load/bin/Release/net10.0/LoadDriver.dll --base "http://127.0.0.1:$PORT" --db "$WORK/app.db" \
  --value-tokens "$WORK/value-tokens.txt" --score-tokens "$WORK/score-tokens.txt" --clients "$CLIENTS" --seconds "$SECONDS_PER_PHASE" --rate "$RATE"
