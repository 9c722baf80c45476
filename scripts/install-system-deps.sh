#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, only when they are missing: PostgreSQL server
# binaries (local Supabase stack), Redis (queue-mode e2e), docker-compose (static check of docker/). Safe to run again.
set -euo pipefail

need=()
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)   # local Supabase stack
command -v redis-server >/dev/null || need+=(redis-server)                      # queue-mode e2e
command -v docker-compose >/dev/null || need+=(docker-compose)                  # scripts/validate-docker.sh

if ((${#need[@]})); then
	if [ "$(id -u)" -ne 0 ]; then
		echo "Missing system packages: ${need[*]} (install them with apt-get as root)" >&2
		exit 1
	fi
	echo "Installing: ${need[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
echo "System packages present."
