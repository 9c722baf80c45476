#!/usr/bin/env bash
# Installs the Debian packages the two README commands need, only when they are missing: PostgreSQL server
# binaries (local Supabase stack), Redis (queue-mode e2e), docker-compose (static check of docker/), and the
# compiler, make and Python that node-gyp needs to build n8n's SQLite module for Node 24 (scripts/ensure-n8n.sh:
# its prebuilt binary is a download from outside the npm registry, so it is built from source), and Chromium for
# the editor test (test/e2e/editor.e2e.ts, driven by playwright-core, which downloads no browser), and Docker's engine
# (docker.io: dockerd 20.10, started by scripts/docker/engine.sh, never as a service) with debootstrap for the
# container tests (test/docker). Safe to run again.
set -euo pipefail

need=()
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)   # local Supabase stack
command -v redis-server >/dev/null || need+=(redis-server)                      # queue-mode e2e
command -v docker-compose >/dev/null || need+=(docker-compose)                  # scripts/validate-docker.sh
command -v g++ >/dev/null || need+=(g++)                                        # n8n's sqlite3 (node-gyp)
command -v make >/dev/null || need+=(make)
command -v python3 >/dev/null || need+=(python3)
command -v chromium >/dev/null || need+=(chromium)                              # editor test in a real browser
command -v dockerd >/dev/null || need+=(docker.io)                              # container tests (test/docker)
command -v debootstrap >/dev/null || need+=(debootstrap)                        # their Debian base image

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
