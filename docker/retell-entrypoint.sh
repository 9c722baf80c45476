#!/bin/sh
# Installs the n8n-nodes-retell copy baked into the image (/opt/n8n-nodes-retell) into the n8n user folder, then
# hands over to the official entrypoint. Runs on every container start, so an image upgrade also upgrades the
# package inside an existing /home/node/.n8n volume.
set -eu

src=/opt/n8n-nodes-retell/n8n-nodes-retell
nodes_dir="${N8N_USER_FOLDER:-/home/node}/.n8n/nodes"

mkdir -p "$nodes_dir/node_modules"
rm -rf "$nodes_dir/node_modules/n8n-nodes-retell.tmp"
cp -R "$src" "$nodes_dir/node_modules/n8n-nodes-retell.tmp"
rm -rf "$nodes_dir/node_modules/n8n-nodes-retell"
mv "$nodes_dir/node_modules/n8n-nodes-retell.tmp" "$nodes_dir/node_modules/n8n-nodes-retell"

# Record it in .n8n/nodes/package.json as n8n's own installer does, keeping packages installed from the UI.
NODES_DIR="$nodes_dir" node -e '
const fs = require("fs");
const file = process.env.NODES_DIR + "/package.json";
let manifest = { name: "installed-nodes", private: true, dependencies: {} };
try { manifest = JSON.parse(fs.readFileSync(file, "utf8")); } catch {}
const version = require("/opt/n8n-nodes-retell/n8n-nodes-retell/package.json").version;
manifest.dependencies = { ...(manifest.dependencies || {}), "n8n-nodes-retell": version };
fs.writeFileSync(file, JSON.stringify(manifest, null, 2));
'

exec /docker-entrypoint.sh "$@"
