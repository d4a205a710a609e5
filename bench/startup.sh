#!/usr/bin/env bash
# CPU seconds (user + sys of the app's process) from its start to the first 200 of /healthz, the median of
# several runs, for the published app and for a bare Kestrel app (the floor), measured in turn in the same run
# so the ratio holds on a loaded machine.
#   bench/startup.sh [runs] [port]        (defaults: 5 runs, port 5171; work files under $STARTUP_DIR)
# Both are published self-contained with a composite ReadyToRun image, as App.csproj publishes the app; STARTUP_PUBLISH
# replaces that mode: "--self-contained false" for framework-dependent ReadyToRun, and with "-p:PublishReadyToRun=false"
# added, without ReadyToRun.
# STARTUP_BEFORE=<folder of an earlier publish> measures that build too, in the same runs (before and after a change).
set -euo pipefail
runs=${1:-5}
port=${2:-5171}
root=$(cd "$(dirname "$0")/.." && pwd)
work=${STARTUP_DIR:-${TMPDIR:-/tmp}/startup-bench}
mkdir -p "$work"
tick=$(getconf CLK_TCK)

if [[ -z "${STARTUP_NO_PUBLISH:-}" ]]; then
  mode=${STARTUP_PUBLISH:---self-contained true -p:PublishReadyToRunComposite=true}
  dotnet publish "$root/App" -c Release -r linux-x64 -o "$work/app" -v q -nologo $mode >/dev/null
  dotnet publish "$root/bench/startup/BareKestrel" -c Release -r linux-x64 -o "$work/bare" -v q -nologo $mode >/dev/null
fi

# measure <label> <folder> <command...>: prints "cpu wall" of one start.
measure() {
  local folder=$1; shift
  local started=$(date +%s.%N)
  (cd "$folder" && exec "$@" >"$work/last.log" 2>&1) &
  local pid=$!
  local cpu=""
  for _ in $(seq 1 6000); do
    if ! kill -0 "$pid" 2>/dev/null; then echo "exited early: $(tail -5 "$work/last.log")" >&2; return 1; fi
    if [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz" || true) == 200 ]]; then
      # Fields 14 and 15 of /proc/<pid>/stat: user and system time in clock ticks, every thread of the process.
      # The process name (field 2) has no spaces here (the app host's file name).
      read -r -a stat <"/proc/$pid/stat"
      cpu=$(echo "scale=2; (${stat[13]} + ${stat[14]}) / $tick" | bc)
      break
    fi
    sleep 0.02
  done
  local wall=$(echo "$(date +%s.%N) - $started" | bc)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  [[ -n $cpu ]] || { echo "no 200 from /healthz" >&2; return 1; }
  printf '%s %.2f\n' "$cpu" "$wall"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

declare -A cpu wall
cases=("bare Kestrel (floor)")
# add <case> <line>: records one start's "cpu wall" under its case.
add() { cpu[$1]+="${2% *}"$'\n'; wall[$1]+="${2#* }"$'\n'; }
# starts <first case> <folder> <label>: the three starts of one build (new database, new with the demo, restart on it).
starts() {
  local i=$1 folder=$2 label=$3
  local app=("$folder/SchoolAssessment" --urls "http://127.0.0.1:$port" --Environment Production --Admin:InitialPassword Keeper2026pass)
  cases[$i]="$label, new database"; cases[$((i + 1))]="$label, new database, demo"; cases[$((i + 2))]="$label, existing database with the demo"
  rm -f "$work"/new.db* "$work"/demo.db*
  add "$i" "$(measure "$folder" "${app[@]}" --ConnectionStrings:Default "Data Source=$work/new.db" --Demo:Enabled false)"
  add $((i + 1)) "$(measure "$folder" "${app[@]}" --ConnectionStrings:Default "Data Source=$work/demo.db" --Demo:Enabled true)"
  add $((i + 2)) "$(measure "$folder" "${app[@]}" --ConnectionStrings:Default "Data Source=$work/demo.db" --Demo:Enabled true)"
}
for run in $(seq 1 "$runs"); do
  add 0 "$(measure "$work/bare" "$work/bare/BareKestrel" --urls "http://127.0.0.1:$port")"
  starts 1 "$work/app" "app"
  if [[ -n ${STARTUP_BEFORE:-} ]]; then starts 4 "$STARTUP_BEFORE" "before"; fi
  echo "run $run done" >&2
done

floor=$(printf '%s' "${cpu[0]}" | median)
printf '| start to /healthz (median of %s) | CPU-s | wall s | × floor (CPU) |\n|---|---|---|---|\n' "$runs"
for i in "${!cases[@]}"; do
  c=$(printf '%s' "${cpu[$i]}" | median); w=$(printf '%s' "${wall[$i]}" | median)
  printf '| %s | %.2f | %.2f | %.1f× |\n' "${cases[$i]}" "$c" "$w" "$(echo "scale=2; $c / $floor" | bc)"
done
