#!/usr/bin/env bash
# The project's front door.
#   ./run.sh demo   a whole migration on this machine: Azurite, both simulators, the local host,
#                   an operator driving the HTTP API; reports land in out/demo/<runId>/.
#   ./run.sh test   build, run every test, end with "N passed, N failed, N skipped".
#   ./run.sh bench [pipedrive]  the Pipedrive governor against the simulator, per plan: rate, 429s, tokens.
#   ./run.sh bench extract      Netmera extraction into Azurite at 50k and 200k users: users/s, memory.
#   ./run.sh bench pipeline     the whole migration (as the demo runs it) at 10k and 50k users, unthrottled:
#                               persons/s, phase times, tokens per record, peak memory; out/bench/pipeline-*.json.
#                               Azurite keeps its data in memory unless --azurite disk (as the demo does).
#   ./run.sh cli ARGS...         the operator CLI (docs/cli.md), built once, e.g. ./run.sh cli status RUN --watch.
# Needs the .NET 10 SDK and Node 20; installs everything else it uses under the repository.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

need() { command -v "$1" >/dev/null 2>&1 || { echo "run.sh: '$1' is required ($2)" >&2; exit 2; }; }

ensure_azurite() {
  need node "Node 20"
  need npm "npm, shipped with Node 20"
  local bin=tools/azurite/node_modules/.bin/azurite
  if [ ! -x "$bin" ] || [ tools/azurite/package-lock.json -nt tools/azurite/node_modules/.package-lock.json ]; then
    echo "==> Installing Azurite (pinned by tools/azurite/package-lock.json)"
    npm ci --prefix tools/azurite --no-audit --no-fund --loglevel=error >/dev/null
  fi
}

# Debian's Chromium for the status page's browser check (tests/Migration.Host.Tests/StatusPageTests.cs),
# driven by playwright-core from tools/status-page (which never downloads a browser of its own).
ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
      echo "run.sh: /usr/bin/chromium is missing and apt-get is unavailable; install Debian's chromium package to run the status page test" >&2
      exit 2
    fi
    echo "==> Installing Chromium (apt-get; the status page's browser check)"
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null \
      || { echo "run.sh: apt-get could not install chromium" >&2; exit 2; }
  fi
  local lock=tools/status-page/package-lock.json
  if [ ! -d tools/status-page/node_modules/playwright-core ] || [ "$lock" -nt tools/status-page/node_modules/.package-lock.json ]; then
    echo "==> Installing playwright-core (pinned by $lock)"
    npm ci --prefix tools/status-page --no-audit --no-fund --loglevel=error >/dev/null
  fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

wait_for() { # url seconds what
  local deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null "$1" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then echo "run.sh: $3 did not answer at $1 within $2 s" >&2; return 1; fi
    sleep 0.3
  done
}

PIDS=()
stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}

# Starts Azurite, both simulators and the local host under $work; sets HOST_URL, NETMERA_URL, PIPEDRIVE_URL,
# HOST_PID and SANDBOX_PID. Args: work-dir users seed plan rate-limits(on|off).
start_stack() {
  local work="$1" users="$2" seed="$3" plan="$4" limits="$5"
  rm -rf "$work" && mkdir -p "$work"

  echo "==> Building the local host and the simulators (Release)"
  dotnet build src/Migration.Host -c Release --nologo -v quiet -clp:ErrorsOnly >"$work/build.log" 2>&1 \
    && dotnet build src/Migration.Sandbox -c Release --nologo -v quiet -clp:ErrorsOnly >>"$work/build.log" 2>&1 \
    || { cat "$work/build.log"; exit 1; }

  local blob queue table
  blob=$(free_port); queue=$(free_port); table=$(free_port)
  # AZURITE_STORE=memory keeps Azurite's data in memory: on disk, Azurite writes every table, queue and blob
  # index out as one JSON document every 5 s, on the same single thread that answers requests.
  local store=(--location "$work/azurite") where="data in ${work#"$ROOT/"}/azurite"
  [ "${AZURITE_STORE:-disk}" = memory ] && store=(--inMemoryPersistence) where="data in memory"
  echo "==> Starting Azurite on 127.0.0.1:$blob/$queue/$table ($where)"
  # AZURITE_DEBUG=file logs every storage request with its time (how the bench's storage traffic was measured).
  local debug=()
  [ -n "${AZURITE_DEBUG:-}" ] && debug=(--debug "$AZURITE_DEBUG")
  # AZURITE_CPU_PROFILE=dir writes a V8 CPU profile of Azurite there when it stops (where its time goes at scale).
  local azurite=(tools/azurite/node_modules/.bin/azurite)
  [ -n "${AZURITE_CPU_PROFILE:-}" ] && azurite=(node --cpu-prof --cpu-prof-dir "$AZURITE_CPU_PROFILE" tools/azurite/node_modules/azurite/dist/src/azurite.js)
  "${azurite[@]}" "${store[@]}" "${debug[@]}" --skipApiVersionCheck --disableTelemetry --loose \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" --tableHost 127.0.0.1 --tablePort "$table" \
    >"$work/azurite.log" 2>&1 &
  PIDS+=($!)
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==" # Azurite's published dev key
  local storage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"

  echo "==> Starting the Netmera and Pipedrive simulators ($users users, seed $seed; Pipedrive $plan plan, limits $limits)"
  # Demo-only credentials for the simulators; a real run reads them from configuration or Key Vault.
  local netmera_key="demo-netmera-key-$RANDOM$RANDOM" pipedrive_token="demo-pipedrive-token-$RANDOM$RANDOM"
  dotnet src/Migration.Sandbox/bin/Release/net10.0/Migration.Sandbox.dll --netmera-port 0 --pipedrive-port 0 \
    --users "$users" --seed "$seed" --netmera-api-key "$netmera_key" --pipedrive-api-token "$pipedrive_token" \
    --pipedrive-plan "$plan" --pipedrive-rate-limits "$limits" \
    >"$work/sandbox.log" 2>&1 &
  SANDBOX_PID=$!
  PIDS+=($SANDBOX_PID)
  local deadline=$((SECONDS + 120)) ready=""
  until ready=$(grep -m1 '^sandbox ready' "$work/sandbox.log" 2>/dev/null); do
    if [ $SECONDS -ge $deadline ]; then echo "run.sh: simulators did not start:" >&2; cat "$work/sandbox.log" >&2; exit 1; fi
    sleep 0.3
  done
  NETMERA_URL=$(sed -E 's/.*netmera=([^ ]+).*/\1/' <<<"$ready")
  PIPEDRIVE_URL=$(sed -E 's/.*pipedrive=([^ ]+).*/\1/' <<<"$ready")
  echo "    Netmera   $NETMERA_URL"
  echo "    Pipedrive $PIPEDRIVE_URL"

  local host_port; host_port=$(free_port)
  HOST_URL="http://127.0.0.1:$host_port"
  echo "==> Starting the local host (durable engine on Azurite) on $HOST_URL"
  ConnectionStrings__MigrationStorage="$storage" \
  Netmera__Connections__demo__BaseUrl="$NETMERA_URL" Netmera__Connections__demo__ApiKey="$netmera_key" \
  Pipedrive__Connections__demo__BaseUrl="$PIPEDRIVE_URL" Pipedrive__Connections__demo__ApiToken="$pipedrive_token" \
  Pipedrive__Connections__demo__Plan="$plan" \
  Pipedrive__Connections__demo__BurstPerWindow="${HOST_BURST_PER_WINDOW:-}" Pipedrive__Connections__demo__Seats="${HOST_SEATS:-1}" \
  Pipedrive__SingleProcess=true \
    dotnet src/Migration.Host/bin/Release/net10.0/Migration.Host.dll --urls "$HOST_URL" \
    >"$work/host.log" 2>&1 &
  HOST_PID=$!
  PIDS+=($HOST_PID)
  wait_for "$HOST_URL/healthz" 60 "the local host" || { cat "$work/host.log" >&2; exit 1; }
}

demo() {
  need dotnet ".NET 10 SDK"
  need curl "curl"
  ensure_azurite
  trap stop_all EXIT INT TERM
  local work="$ROOT/.run/demo"
  start_stack "$work" "${DEMO_USERS:-2000}" "${DEMO_SEED:-42}" "${DEMO_PLAN:-ultimate}" on

  local status=0
  node tools/demo/operator.mjs --host "$HOST_URL" --connection demo --segment 1001 \
    --out "$ROOT/out/demo" --pipedrive "$PIPEDRIVE_URL" --netmera "$NETMERA_URL" || status=$?
  echo "    Logs: ${work#"$ROOT/"}/{host,sandbox,azurite}.log"
  return $status
}

# Peak resident memory of a process in MB (Linux VmHWM).
peak_mb() { awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# The whole pipeline, as the demo runs it, at each population: persons/s, phase times, tokens per
# record, peak memory of the host. Unthrottled by default; --limits on measures against the plan's limits.
bench_pipeline() {
  need dotnet ".NET 10 SDK"
  ensure_azurite
  local sizes="10000,50000" limits=off plan=ultimate parallel=4 batch=100 store=memory
  while [ $# -gt 0 ]; do
    case "$1" in
      --azurite) store="$2"; shift 2 ;;
      --users) sizes="$2"; shift 2 ;;
      --limits) limits="$2"; shift 2 ;;
      --plan) plan="$2"; shift 2 ;;
      --parallel) parallel="$2"; shift 2 ;;
      --batch-size) batch="$2"; shift 2 ;;
      *) echo "bench pipeline: unknown option $1" >&2; exit 2 ;;
    esac
  done
  mkdir -p out/bench
  trap stop_all EXIT INT TERM
  local users status=0
  for users in ${sizes//,/ }; do
    PIDS=()
    local work="$ROOT/.run/bench-$users" out="out/bench/pipeline-$users-$limits.json"
    # Unthrottled, the simulator answers as fast as it can, so the host is told so (the burst limit a
    # company's x-ratelimit-limit would report) and given seats enough that no run waits for a budget day.
    if [ "$limits" = off ]; then
      AZURITE_STORE=$store HOST_BURST_PER_WINDOW=100000 HOST_SEATS=$(( users / 4000 + 1 )) start_stack "$work" "$users" 42 "$plan" "$limits"
    else
      AZURITE_STORE=$store start_stack "$work" "$users" 42 "$plan" "$limits"
    fi
    node tools/demo/operator.mjs --host "$HOST_URL" --connection demo --segment 1001 --quiet 1 --parallel "$parallel" --batch-size "$batch" \
      --out "$work/reports" --pipedrive "$PIPEDRIVE_URL" --netmera "$NETMERA_URL" --bench "$out" || status=$?
    node -e 'const f=process.argv[1];const r=JSON.parse(require("fs").readFileSync(f));r.hostPeakMb=+process.argv[2];r.simulatorPeakMb=+process.argv[3];r.azurite=process.argv[4];require("fs").writeFileSync(f,JSON.stringify(r,null,2))' \
      "$out" "$(peak_mb "$HOST_PID")" "$(peak_mb "$SANDBOX_PID")" "$store" 2>/dev/null || true
    stop_all
  done
  node tools/demo/bench-table.mjs out/bench pipeline- "$limits"
  return $status
}

run_tests() {
  need dotnet ".NET 10 SDK"
  ensure_azurite
  ensure_chromium
  local results="$ROOT/out/test-results"
  rm -rf "$results" && mkdir -p "$results"

  echo "==> Building (Debug)"
  if ! dotnet build Migration.sln --nologo -v quiet -clp:ErrorsOnly >"$results/build.log" 2>&1; then
    cat "$results/build.log"
    echo "build failed: no test ran"
    echo "0 passed, 1 failed"
    return 1
  fi

  echo "==> Running every test (Azurite, simulators and hosts are started by the tests themselves)"
  local status=0
  MIGRATION_REQUIRE_AZURITE=1 MIGRATION_REQUIRE_BROWSER=1 dotnet test Migration.sln --no-build --nologo \
    --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=$?

  local projects; projects=$(ls tests/*/*.csproj | wc -l)
  node tools/test-summary.mjs "$results" "$projects" || status=$?
  return $status
}

bench() {
  need dotnet ".NET 10 SDK"
  local name=Pipedrive
  case "${1:-}" in
    pipeline) shift; bench_pipeline "$@"; return ;;
    pipedrive) shift ;;
    extract) name=Extract; shift; ensure_azurite ;;
  esac
  dotnet build "bench/Migration.$name.Bench" -c Release --nologo -v quiet -clp:ErrorsOnly
  dotnet "bench/Migration.$name.Bench/bin/Release/net10.0/Migration.$name.Bench.dll" "$@"
}

# The operator CLI from the repository (docs/cli.md); installing it as a tool is `dotnet pack src/Migration.Cli`.
cli() {
  need dotnet ".NET 10 SDK"
  local dll=src/Migration.Cli/bin/Release/net10.0/netmera-pipedrive.dll
  if [ ! -f "$dll" ] || [ -n "$(find src/Migration.Cli -name '*.cs' -newer "$dll" -print -quit)" ]; then
    dotnet build src/Migration.Cli -c Release --nologo -v quiet -clp:ErrorsOnly >&2
  fi
  exec dotnet "$dll" "$@"
}

case "${1:-}" in
  demo) demo ;;
  cli) shift; cli "$@" ;;
  test) run_tests ;;
  bench) shift; bench "$@" ;;
  *) echo "usage: ./run.sh demo | ./run.sh test | ./run.sh bench [pipedrive] [--seconds N] [--lanes N] | ./run.sh bench extract [--users 50000,200000] | ./run.sh bench pipeline [--users 10000,50000] [--limits off|on] [--azurite memory|disk] [--plan P] [--parallel N] [--batch-size N] | ./run.sh cli ARGS..." >&2; exit 2 ;;
esac
