#!/usr/bin/env bash
# A burst of concurrent field saves against a running app, beside /healthz under the same burst (the floor).
#   bench/save-burst.sh http://127.0.0.1:5161 [saves=140] [concurrency=50] [year=2032]
# Signs in as the demo supervisor, saves distinct fields of the first schools of its list for an empty year (no
# conflicts), and prints p50/p95/max, errors and wall time; then, if the app has a rescoring queue, how long it took to drain.
set -euo pipefail
BASE="$1"; SAVES="${2:-140}"; CONCURRENCY="${3:-50}"; YEAR="${4:-2032}"
WORK="$(mktemp -d)"; JAR="$WORK/jar"
trap 'rm -rf "$WORK"' EXIT
token_of() { grep -o 'name="__RequestVerificationToken"[^>]*value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }

TOKEN=$(curl -sS -c "$JAR" -b "$JAR" "$BASE/account/login" | token_of)
curl -sS -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "_handler=login" --data-urlencode "__RequestVerificationToken=$TOKEN" \
  --data-urlencode "Input.UserName=supervisor" --data-urlencode "Input.Password=Demo2026pass" "$BASE/account/login"
PAGE=$(curl -sS -c "$JAR" -b "$JAR" "$BASE/schools")
TOKEN=$(token_of <<<"$PAGE")
mapfile -t SCHOOLS < <(grep -o 'schools/[0-9]\+' <<<"$PAGE" | grep -o '[0-9]\+' | sort -un)
KEYS=(fulltimeTeachers traineeBeds diningSeats lectureHallSeats multimediaClassrooms discussionRooms libraryVolumes)
# Each field once: a second save of a field without its stamp is a conflict (409), not a measure of speed.
(( SAVES > ${#SCHOOLS[@]} * ${#KEYS[@]} )) && SAVES=$(( ${#SCHOOLS[@]} * ${#KEYS[@]} ))
: >"$WORK/saves"
for ((i = 0; i < SAVES; i++)); do
  echo "${SCHOOLS[$((i / ${#KEYS[@]} % ${#SCHOOLS[@]}))]} ${KEYS[$((i % ${#KEYS[@]}))]}" >>"$WORK/saves"
done

summary() { # label file(code seconds)
  sort -k2 -n "$2" | awk -v label="$1" '{ t[NR] = $2; if ($1 != 200) e++ } END {
    printf "%-8s n=%d errors=%d p50=%.0fms p95=%.0fms max=%.0fms\n", label, NR, e, t[int(NR*0.5)+(NR%2)]*1000, t[int(NR*0.95)]*1000, t[NR]*1000 }'
}

export BASE JAR TOKEN YEAR
start=$(date +%s.%N)
xargs -P "$CONCURRENCY" -L 1 bash -c 'curl -sS -o /dev/null -b "$JAR" -w "%{http_code} %{time_total}\n" \
  --data-urlencode "value=$((RANDOM % 50 + 1))" --data-urlencode "__RequestVerificationToken=$TOKEN" "$BASE/schools/$0/data/$YEAR/$1"' \
  <"$WORK/saves" >"$WORK/save-times"
end=$(date +%s.%N)
seq "$SAVES" | xargs -P "$CONCURRENCY" -I{} curl -sS -o /dev/null -w "%{http_code} %{time_total}\n" "$BASE/healthz" >"$WORK/floor-times"

summary saves "$WORK/save-times"
echo "   status codes: $(cut -d' ' -f1 "$WORK/save-times" | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')"
summary healthz "$WORK/floor-times"
awk -v s="$start" -v e="$end" -v n="$SAVES" 'BEGIN { printf "burst wall %.2fs, %.0f saves/s\n", e - s, n / (e - s) }'
if curl -fsS "$BASE/healthz/ready" -o /dev/null 2>/dev/null; then
  while ! curl -fsS "$BASE/healthz/ready" | grep -q '"depth":0'; do sleep 0.1; done
  drained=$(date +%s.%N)
  awk -v s="$start" -v d="$drained" -v n="$SAVES" 'BEGIN { printf "queue drained %.2fs after the burst began (%.0f saves/s end to end)\n", d - s, n / (d - s) }'
fi
