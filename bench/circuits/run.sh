#!/bin/sh
# Memory per circuit: builds and starts the app in Release on a fresh SQLite database with the demo data and the
# circuit diagnostic switched on, then opens 50 and 200 circuits on the page given (default: a school's yearly data).
#   bench/circuits/run.sh [path] [user]        e.g. bench/circuits/run.sh items leader (its assessment's items page)
set -e
cd "$(dirname "$0")/../.."
PATH_UNDER_TEST=${1:-/schools/2/data}
USER_NAME=${2:-staff}
PORT=${PORT:-5102}
WORK=$(mktemp -d)
dotnet build App -c Release -v q -o "$WORK/app"
dotnet "$WORK/app/SchoolAssessment.dll" --urls "http://127.0.0.1:$PORT" --ConnectionStrings:Default "Data Source=$WORK/app.db" \
    --Demo:Enabled true --Diagnostics:CircuitHeap true --Admin:InitialPassword Keeper2026pass > "$WORK/app.log" 2>&1 &
APP=$!
trap 'kill $APP' EXIT
until curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null; do sleep 1; done
node --experimental-websocket bench/circuits/circuits.mjs --app "http://127.0.0.1:$PORT" --path "$PATH_UNDER_TEST" --user "$USER_NAME" --counts "${COUNTS:-50,200}"
