#!/usr/bin/env bash
# A Docker engine of our own, for the container tests: Debian's dockerd with its data, exec root, pid file and
# socket in one folder, no iptables rules, no bridge (containers use the host network only), so it touches nothing
# else on the machine and a second one can run beside a system engine.
#   bash scripts/docker/engine.sh start <folder>   starts it; prints DOCKER_HOST=unix://<folder>/docker.sock
#   bash scripts/docker/engine.sh stop <folder>    stops it by its PID (containers first), unmounts, removes the folder
# Needs root and the docker.io package (scripts/install-system-deps.sh installs it).
set -euo pipefail

say() { printf 'docker engine: %s\n' "$*" >&2; }

start() {
	local dir=$1
	command -v dockerd >/dev/null || { say "dockerd not found (apt-get install docker.io)"; exit 1; }
	[ "$(id -u)" -eq 0 ] || { say "dockerd needs root"; exit 1; }
	mkdir -p "$dir/data" "$dir/exec"
	# setsid: the engine is its own process group, away from the terminal or CI step that started it; it is stopped
	# by PID (stop below), never by a group signal.
	setsid dockerd \
		--data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" \
		-H "unix://$dir/docker.sock" --storage-driver overlay2 \
		--iptables=false --ip6tables=false --bridge=none --ip-masq=false \
		--log-level warn >"$dir/dockerd.log" 2>&1 </dev/null &
	echo $! >"$dir/dockerd.launcher.pid"
	local deadline=$((SECONDS + 60))
	until DOCKER_HOST="unix://$dir/docker.sock" docker version >/dev/null 2>&1; do
		if ! kill -0 "$(cat "$dir/dockerd.launcher.pid")" 2>/dev/null || ((SECONDS > deadline)); then
			say "dockerd did not come up:"; tail -n 30 "$dir/dockerd.log" >&2
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
		# Containers still running get docker's own stop (SIGTERM, then SIGKILL after 10 s) before the engine ends.
		DOCKER_HOST="unix://$dir/docker.sock" docker ps -q 2>/dev/null | xargs -r env DOCKER_HOST="unix://$dir/docker.sock" docker stop -t 10 >/dev/null 2>&1 || true
		kill -TERM "$pid"
		local deadline=$((SECONDS + 30))
		while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
		kill -0 "$pid" 2>/dev/null && { say "dockerd $pid ignored SIGTERM for 30 s; killing it"; kill -KILL "$pid"; }
	fi
	# The containerd dockerd started (a child it normally stops), and anything a container left, by their folders.
	local leftover
	for leftover in $(pgrep -f -- "$dir/" || true); do
		[ "$leftover" = "$$" ] || kill -KILL "$leftover" 2>/dev/null || true
	done
	# Overlay and shm mounts under the data root outlive a killed engine; unmount deepest first, then remove.
	awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts | sort -r | xargs -r -n1 umount -l
	rm -rf "$dir"
}

case "${1:-}" in
	start) start "${2:?usage: $0 start <folder>}" ;;
	stop) stop "${2:?usage: $0 stop <folder>}" ;;
	*) echo "usage: $0 start|stop <folder>" >&2; exit 2 ;;
esac
