#!/usr/bin/env bash
# The project's front door.
#   ./run.sh demo   a whole migration on this machine: Azurite, both simulators, the local host,
#                   an operator driving the HTTP API; reports land in out/demo/<runId>/.
#   ./run.sh test   build, run every test, end with "N passed, N failed, N skipped".
#   ./run.sh bench [pipedrive]  the Pipedrive governor against the simulator, per plan: rate, 429s, tokens.
#   ./run.sh bench extract      Netmera extraction into Azurite at 50k and 200k users: users/s, memory.
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

demo() {
  need dotnet ".NET 10 SDK"
  need curl "curl"
  ensure_azurite
  local users="${DEMO_USERS:-2000}" seed="${DEMO_SEED:-42}"
  local work="$ROOT/.run/demo"
  rm -rf "$work" && mkdir -p "$work"

  echo "==> Building the local host and the simulators (Release)"
  dotnet build src/Migration.Host -c Release --nologo -v quiet -clp:ErrorsOnly >"$work/build.log" 2>&1 \
    && dotnet build src/Migration.Sandbox -c Release --nologo -v quiet -clp:ErrorsOnly >>"$work/build.log" 2>&1 \
    || { cat "$work/build.log"; exit 1; }

  trap stop_all EXIT INT TERM

  local blob queue table
  blob=$(free_port); queue=$(free_port); table=$(free_port)
  echo "==> Starting Azurite on 127.0.0.1:$blob/$queue/$table (data in .run/demo/azurite)"
  tools/azurite/node_modules/.bin/azurite --location "$work/azurite" --skipApiVersionCheck --disableTelemetry --loose \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" --tableHost 127.0.0.1 --tablePort "$table" \
    >"$work/azurite.log" 2>&1 &
  PIDS+=($!)
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==" # Azurite's published dev key
  local storage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"

  local plan="${DEMO_PLAN:-ultimate}"
  echo "==> Starting the Netmera and Pipedrive simulators ($users users, seed $seed; Pipedrive $plan plan, limits enforced)"
  # Demo-only credentials for the simulators; a real run reads them from configuration or Key Vault.
  local netmera_key="demo-netmera-key-$RANDOM$RANDOM" pipedrive_token="demo-pipedrive-token-$RANDOM$RANDOM"
  dotnet src/Migration.Sandbox/bin/Release/net10.0/Migration.Sandbox.dll --netmera-port 0 --pipedrive-port 0 \
    --users "$users" --seed "$seed" --netmera-api-key "$netmera_key" --pipedrive-api-token "$pipedrive_token" \
    --pipedrive-plan "$plan" --pipedrive-rate-limits on \
    >"$work/sandbox.log" 2>&1 &
  PIDS+=($!)
  local deadline=$((SECONDS + 60)) ready=""
  until ready=$(grep -m1 '^sandbox ready' "$work/sandbox.log" 2>/dev/null); do
    if [ $SECONDS -ge $deadline ]; then echo "run.sh: simulators did not start:" >&2; cat "$work/sandbox.log" >&2; exit 1; fi
    sleep 0.3
  done
  local netmera_url pipedrive_url
  netmera_url=$(sed -E 's/.*netmera=([^ ]+).*/\1/' <<<"$ready")
  pipedrive_url=$(sed -E 's/.*pipedrive=([^ ]+).*/\1/' <<<"$ready")
  echo "    Netmera   $netmera_url"
  echo "    Pipedrive $pipedrive_url"

  local host_port; host_port=$(free_port)
  echo "==> Starting the local host (durable engine on Azurite) on http://127.0.0.1:$host_port"
  ConnectionStrings__MigrationStorage="$storage" \
  Netmera__Connections__demo__BaseUrl="$netmera_url" Netmera__Connections__demo__ApiKey="$netmera_key" \
  Pipedrive__Connections__demo__BaseUrl="$pipedrive_url" Pipedrive__Connections__demo__ApiToken="$pipedrive_token" \
  Pipedrive__Connections__demo__Plan="$plan" \
    dotnet src/Migration.Host/bin/Release/net10.0/Migration.Host.dll --urls "http://127.0.0.1:$host_port" \
    >"$work/host.log" 2>&1 &
  PIDS+=($!)
  wait_for "http://127.0.0.1:$host_port/healthz" 60 "the local host" || { cat "$work/host.log" >&2; exit 1; }

  local status=0
  node tools/demo/operator.mjs --host "http://127.0.0.1:$host_port" --connection demo --segment 1001 \
    --out "$ROOT/out/demo" --pipedrive "$pipedrive_url" --netmera "$netmera_url" || status=$?
  echo "    Logs: $work/{host,sandbox,azurite}.log"
  return $status
}

run_tests() {
  need dotnet ".NET 10 SDK"
  ensure_azurite
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
  MIGRATION_REQUIRE_AZURITE=1 dotnet test Migration.sln --no-build --nologo \
    --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=$?

  local projects; projects=$(ls tests/*/*.csproj | wc -l)
  node tools/test-summary.mjs "$results" "$projects" || status=$?
  return $status
}

bench() {
  need dotnet ".NET 10 SDK"
  local name=Pipedrive
  case "${1:-}" in
    pipedrive) shift ;;
    extract) name=Extract; shift; ensure_azurite ;;
  esac
  dotnet build "bench/Migration.$name.Bench" -c Release --nologo -v quiet -clp:ErrorsOnly
  dotnet "bench/Migration.$name.Bench/bin/Release/net10.0/Migration.$name.Bench.dll" "$@"
}

case "${1:-}" in
  demo) demo ;;
  test) run_tests ;;
  bench) shift; bench "$@" ;;
  *) echo "usage: ./run.sh demo | ./run.sh test | ./run.sh bench [pipedrive] [--seconds N] [--lanes N] | ./run.sh bench extract [--users 50000,200000]" >&2; exit 2 ;;
esac
