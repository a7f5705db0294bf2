#!/usr/bin/env bash
# What the Docker image runs, tested without Docker: builds the server with Nx,
# assembles it in a clean folder with production dependencies only
# (docker/assemble-production.sh), then in that folder creates a tenant and a
# key with the CLI, starts `enterprise-mcp serve` on embedded PGlite with a
# Cloudflare fake as its platform, and checks /healthz, /readyz, tools/list,
# tools/call and a clean SIGTERM shutdown. Takes a minute or two; not part of
# `npm test`. Usage: docker/smoke-production.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/emcp-prod-XXXXXX)"
port="${SMOKE_PORT:-3987}"
server_pid=""
fake_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cd "$root"
NX_DAEMON=false npx nx run-many -t build -p @enterprise-mcp/server --output-style=static >/dev/null
docker/assemble-production.sh "$work/app"
app="$work/app"
# (typescript may be there: @prisma/client declares it as a peer dependency.)
test ! -e "$app/apps/server/src" && test ! -e "$app/node_modules/tsx" && test ! -e "$app/node_modules/jest" \
  || { echo "FAIL: the production folder holds sources or dev dependencies" >&2; exit 1; }

# A Cloudflare fake from the checkout plays the platform (the image would reach the real API).
node --conditions=@enterprise-mcp/source --import tsx -e "
  const { startCloudflareFake } = await import('@enterprise-mcp/cloudflare/testing');
  const fake = await startCloudflareFake();
  console.log(JSON.stringify({ url: fake.url, token: fake.apiToken }));
  setInterval(() => {}, 1 << 30);
" > "$work/fake.json" &
fake_pid=$!
for _ in $(seq 1 50); do [ -s "$work/fake.json" ] && break; sleep 0.2; done
fake_url="$(node -p "JSON.parse(require('fs').readFileSync('$work/fake.json','utf8')).url")"
fake_token="$(node -p "JSON.parse(require('fs').readFileSync('$work/fake.json','utf8')).token")"

cd "$app"
export NODE_ENV=production DATA_DIR="$work/data" PORT="$port" HOST=127.0.0.1 LOG_LEVEL=info
node apps/server/bin/enterprise-mcp tenants create --slug smoke --name "Smoke test" >/dev/null
key="$(node apps/server/bin/enterprise-mcp keys create --tenant smoke --name smoke --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).key))')"

CLOUDFLARE_API_TOKEN="$fake_token" CLOUDFLARE_BASE_URL="$fake_url" node apps/server/bin/enterprise-mcp serve > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

check() { echo "$2" | grep -q "$3" || { echo "FAIL: $1: $2" >&2; cat "$work/server.log" >&2; exit 1; }; }
check healthz "$(curl -fs "http://127.0.0.1:$port/healthz")" '"status":"ok"'
check readyz "$(curl -fs "http://127.0.0.1:$port/readyz")" '"status":"ready"'
mcp() {
  curl -s "http://127.0.0.1:$port/mcp" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -H 'Accept: application/json, text/event-stream' -d "$1"
}
check tools/list "$(mcp '{"jsonrpc":"2.0","id":1,"method":"tools/list"}')" 'cloudflare_list_dns_records'
check tools/call "$(mcp '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"cloudflare_list_zones","arguments":{}}}')" 'example.com'
check unauthorized "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/mcp" -d '{}')" '401'
check console "$(curl -s "http://127.0.0.1:$port/console/login")" 'name="password"'
check console-asset "$(curl -s "http://127.0.0.1:$port$(curl -s "http://127.0.0.1:$port/console/login" | grep -o '/console/assets/htmx[^"]*' | head -1)" | head -c 200)" 'htmx'

kill -TERM "$server_pid"
wait "$server_pid" && status=0 || status=$?
server_pid=""
[ "$status" -eq 0 ] || { echo "FAIL: serve exited with $status after SIGTERM" >&2; cat "$work/server.log" >&2; exit 1; }
grep -q '"shutdown complete"' "$work/server.log" || { echo "FAIL: no clean shutdown in the log" >&2; exit 1; }
if grep -q -- "$key" "$work/server.log" || grep -q -- "$fake_token" "$work/server.log"; then
  echo "FAIL: a secret reached the log" >&2; exit 1
fi
echo "production smoke test passed: build, production-only install, CLI, serve, MCP over HTTP, SIGTERM"
