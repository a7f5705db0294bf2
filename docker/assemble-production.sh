#!/usr/bin/env bash
# Lays out the production server in DEST from a built checkout: every workspace
# manifest, the lockfile, each package's dist/, the server's bin/ and the SQL
# migrations, then installs production dependencies only. The Dockerfile runs
# this in its build stage; docker/smoke-production.sh runs it on this machine.
# Usage: docker/assemble-production.sh DEST   (after: npx nx run-many -t build -p @enterprise-mcp/server)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${1:?usage: assemble-production.sh DEST}"
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
cd "$root"

if [ ! -f apps/server/dist/cli/main.js ]; then
  echo "apps/server/dist is missing: run 'npx nx run-many -t build -p @enterprise-mcp/server' first" >&2
  exit 1
fi

cp package.json package-lock.json "$dest/"
# npm ci needs every workspace the lockfile names; only the manifests are copied for tools.
for manifest in packages/*/package.json apps/*/package.json tools/*/package.json; do
  dir="$(dirname "$manifest")"
  mkdir -p "$dest/$dir"
  cp "$manifest" "$dest/$dir/"
  if [ -d "$dir/dist" ] && [[ "$dir" != tools/* ]]; then cp -R "$dir/dist" "$dest/$dir/"; fi
done
cp -R apps/server/bin "$dest/apps/server/"
cp -R prisma "$dest/"
[ -f .env.example ] && cp .env.example "$dest/"

cd "$dest"
# No install scripts: nothing the server needs at run time builds anything on install.
npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error --workspace @enterprise-mcp/server
echo "production server assembled in $dest"
