#!/bin/sh
# First render of the dashboard, the items page and the yearly data, and a save's round trip, in Chromium: builds and
# starts the app in Release on a fresh SQLite database with the demo data, then runs timings.mjs against it.
#   bench/ui/run.sh [runs]
set -e
cd "$(dirname "$0")/../.."
PORT=${PORT:-5103}
WORK=$(mktemp -d)
dotnet build App -c Release -v q -o "$WORK/app"
dotnet "$WORK/app/SchoolAssessment.dll" --urls "http://127.0.0.1:$PORT" --ConnectionStrings:Default "Data Source=$WORK/app.db" \
    --Demo:Enabled true --Admin:InitialPassword Keeper2026pass > "$WORK/app.log" 2>&1 &
APP=$!
trap 'kill $APP' EXIT
until curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null; do sleep 1; done
node --experimental-websocket bench/ui/timings.mjs --app "http://127.0.0.1:$PORT" --runs "${1:-30}"
