#!/usr/bin/env bash
# A Docker engine of our own, for the container tests: Debian's dockerd with its data, exec root, pid file, socket
# and configuration in one folder, no iptables rules and no bridge (containers use the host network only), its
# containers in a cgroup of their own. It runs beside a system engine, if there is one, without sharing anything
# with it; of the machine it only writes /etc/docker/key.json (dockerd 20.10's identity key, created once).
#   bash scripts/docker/engine.sh start <folder>   starts it; prints DOCKER_HOST=unix://<folder>/docker.sock
#   bash scripts/docker/engine.sh stop <folder>    stops it by its PID (containers first), unmounts, removes the folder
# Needs root and the docker.io package (scripts/install-system-deps.sh installs it).
set -euo pipefail

DOCKER="${DOCKER:-docker}"
say() { printf 'docker engine: %s\n' "$*" >&2; }
# Every container's cgroup lives under this one, so that stop can kill what a dead engine left running.
cgroup_of() { printf 'retell-%s' "$(basename "$1")"; }

start() {
	local dir=$1
	command -v dockerd >/dev/null || { say "dockerd not found (apt-get install docker.io)"; exit 1; }
	[ "$(id -u)" -eq 0 ] || { say "dockerd needs root"; exit 1; }
	mkdir -p "$dir/data" "$dir/exec"
	echo '{}' >"$dir/daemon.json" # not /etc/docker/daemon.json, whose settings could clash with the flags below
	# setsid: the engine is its own process group, away from the terminal or CI step that started it; it is stopped
	# by PID (stop below), never by a group signal.
	setsid dockerd --config-file "$dir/daemon.json" \
		--data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" \
		-H "unix://$dir/docker.sock" --storage-driver overlay2 --cgroup-parent "/$(cgroup_of "$dir")" \
		--iptables=false --ip6tables=false --bridge=none --ip-masq=false \
		--log-level warn >"$dir/dockerd.log" 2>&1 </dev/null &
	echo $! >"$dir/dockerd.launcher.pid"
	local deadline=$((SECONDS + 60))
	until DOCKER_HOST="unix://$dir/docker.sock" "$DOCKER" version >/dev/null 2>&1; do
		if ! kill -0 "$(cat "$dir/dockerd.launcher.pid")" 2>/dev/null || ((SECONDS > deadline)); then
			say "dockerd did not come up:"
			tail -n 30 "$dir/dockerd.log" >&2
			stop "$dir"
			exit 1
		fi
		sleep 0.2
	done
	echo "DOCKER_HOST=unix://$dir/docker.sock"
}

stop() {
	local dir=$1 pid=""
	[ -d "$dir" ] || return 0
	[ -f "$dir/dockerd.pid" ] && pid=$(cat "$dir/dockerd.pid")
	[ -n "$pid" ] || { [ -f "$dir/dockerd.launcher.pid" ] && pid=$(cat "$dir/dockerd.launcher.pid"); }
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		# Running containers get docker's own stop (SIGTERM, SIGKILL after 10 s) before the engine ends; bounded, in
		# case the engine no longer answers.
		local host="unix://$dir/docker.sock" ids
		ids=$(DOCKER_HOST=$host timeout 30 "$DOCKER" ps -q 2>/dev/null || true)
		[ -z "$ids" ] || DOCKER_HOST=$host timeout 60 "$DOCKER" stop -t 10 $ids >/dev/null 2>&1 || true
		kill -TERM "$pid" 2>/dev/null || true
		local deadline=$((SECONDS + 30))
		while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
		if kill -0 "$pid" 2>/dev/null; then
			say "dockerd $pid ignored SIGTERM for 30 s; killing it"
			kill -KILL "$pid" 2>/dev/null || true
		fi
	fi
	# What a dead or killed engine left: container processes (by their cgroup), then its containerd and shims (by
	# their command lines, which name this folder).
	local procs leftover
	for procs in /sys/fs/cgroup/*/"$(cgroup_of "$dir")" /sys/fs/cgroup/"$(cgroup_of "$dir")"; do
		[ -d "$procs" ] || continue
		find "$procs" -name cgroup.procs -exec cat {} + 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
	done
	for leftover in $(pgrep -f -- "$dir/" || true); do
		[ "$leftover" = "$$" ] || kill -KILL "$leftover" 2>/dev/null || true
	done
	sleep 0.2
	for procs in /sys/fs/cgroup/*/"$(cgroup_of "$dir")" /sys/fs/cgroup/"$(cgroup_of "$dir")"; do
		[ -d "$procs" ] && find "$procs" -depth -type d -exec rmdir {} + 2>/dev/null || true
	done
	# Overlay and shm mounts under the data root outlive a killed engine; unmount deepest first, then remove.
	awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
	rm -rf --one-file-system "$dir"
}

case "${1:-}" in
	start) start "${2:?usage: $0 start <folder>}" ;;
	stop) stop "${2:?usage: $0 stop <folder>}" ;;
	*) echo "usage: $0 start|stop <folder>" >&2; exit 2 ;;
esac
