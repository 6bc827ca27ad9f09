#!/usr/bin/env bash
# Re-fetch the web app's JavaScript and CSS from the npm registry at the pinned versions and
# copy them, with their licences, into tacitus/web/static/vendor/; write manifest.json.
# Nothing is fetched at run time: the app serves these files itself (no CDN).
#   usage: tools/vendor_assets.sh        (needs npm and node)
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=tacitus/web/static/vendor
PACKAGES=(
  "htmx.org@2.0.7"
  "vega@6.4.0"
  "vega-lite@6.5.0"
  "vega-embed@7.3.0"
  "leaflet@1.9.4"
  "leaflet.markercluster@1.5.3"
  "world-atlas@2.0.2"
  "topojson-client@3.1.0"
  "cytoscape@3.35.0"
  "swagger-ui-dist@5.36.0"
)
# package -> the files the app uses (paths inside the package)
declare -A FILES=(
  [htmx.org]="dist/htmx.min.js"
  [vega]="build/vega.min.js"
  [vega-lite]="build/vega-lite.min.js"
  [vega-embed]="build/vega-embed.min.js"
  [leaflet]="dist/leaflet.js dist/leaflet.css dist/images/marker-icon.png dist/images/marker-icon-2x.png dist/images/marker-shadow.png dist/images/layers.png"
  [leaflet.markercluster]="dist/leaflet.markercluster.js dist/MarkerCluster.css dist/MarkerCluster.Default.css"
  [world-atlas]="countries-110m.json"
  [topojson-client]="dist/topojson-client.min.js"
  [cytoscape]="dist/cytoscape.min.js"
  [swagger-ui-dist]="swagger-ui-bundle.js swagger-ui.css favicon-32x32.png"
)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm init -y >/dev/null && npm install --no-save --ignore-scripts --no-audit --no-fund "${PACKAGES[@]}" >/dev/null)
rm -rf "$DEST" && mkdir -p "$DEST"
echo "[" > "$DEST/manifest.json"
first=1
for spec in "${PACKAGES[@]}"; do
  name=${spec%@*}
  pkg="$WORK/node_modules/$name"
  version=$(node -p "require('$pkg/package.json').version")
  licence=$(node -p "require('$pkg/package.json').license")
  mkdir -p "$DEST/$name"
  for file in ${FILES[$name]}; do
    mkdir -p "$DEST/$name/$(dirname "$file")"
    cp "$pkg/$file" "$DEST/$name/$file"
  done
  licence_file=$(cd "$pkg" && ls | grep -iE '^(licen[cs]e|mit-licen[cs]e)' | head -n 1)
  cp "$pkg/$licence_file" "$DEST/$name/LICENSE"
  [ $first -eq 1 ] || echo "," >> "$DEST/manifest.json"
  first=0
  node -e "process.stdout.write(JSON.stringify({name: '$name', version: '$version', licence: '$licence', files: '${FILES[$name]}'.split(' ').map(f => '$name/' + f), licence_file: '$name/LICENSE'}))" >> "$DEST/manifest.json"
done
echo "]" >> "$DEST/manifest.json"
echo "vendored ${#PACKAGES[@]} packages into $DEST"
