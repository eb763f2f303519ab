#!/usr/bin/env bash
# Builds the web UI's third-party assets from the npm registry (package-lock.json pins them) into
# src/ctcoop/web/static/vendor/. Nothing built here is committed; the UI works offline afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
out=src/ctcoop/web/static/vendor
stamp="$out/.lock-$(sha256sum web/package-lock.json | cut -c1-16)"
if [ -f "$stamp" ]; then exit 0; fi
command -v npm >/dev/null || { echo "npm is needed to build the web assets (apt-get install npm)" >&2; exit 1; }
# --ignore-scripts: nothing is run from the packages (swagger-ui-dist pulls in a telemetry hook)
(cd web && npm ci --no-audit --no-fund --silent --ignore-scripts)
rm -rf "$out" && mkdir -p "$out"
cp web/node_modules/d3/dist/d3.min.js "$out/"
cp web/node_modules/topojson-client/dist/topojson-client.min.js "$out/"
cp web/node_modules/world-atlas/countries-110m.json "$out/"
cp web/node_modules/d3/LICENSE "$out/LICENSE-d3"
cp web/node_modules/topojson-client/LICENSE "$out/LICENSE-topojson-client"
cp web/node_modules/world-atlas/LICENSE "$out/LICENSE-world-atlas"
cp web/node_modules/swagger-ui-dist/swagger-ui-bundle.js web/node_modules/swagger-ui-dist/swagger-ui.css "$out/"
cp web/node_modules/swagger-ui-dist/LICENSE "$out/LICENSE-swagger-ui"
touch "$stamp"
echo "web assets built in $out"
