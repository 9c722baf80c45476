#!/usr/bin/env bash
# Builds, on the engine at DOCKER_HOST, a local stand-in for every image docker/ names (no registry is reachable
# here) and tags each with the exact name docker/ uses, so `docker build -f docker/Dockerfile` and the compose file
# run unchanged:
#   node:24-alpine                    Node 24 + npm on Debian bookworm            scripts/docker/standins/node
#   docker.n8n.io/n8nio/n8n:<pinned>  n8n laid out as n8n's own image             scripts/docker/standins/n8n
#   postgres:16-alpine                PostgreSQL (Debian's 15) with its interface scripts/docker/standins/postgres
#   redis:7-alpine                    Redis (Debian's 7.0) with its interface     scripts/docker/standins/redis
# All start from a Debian bookworm minbase root made by debootstrap. That root is cached as a tarball with its
# checksum (N8N_RETELL_DOCKER_CACHE, default ~/.cache/n8n-nodes-retell/docker) and made again when the tarball is
# missing or does not match. Node 24 and n8n come from scripts/ensure-n8n.sh, which installs and checks them.
# Prints one line per image with its build time; fails when docker/ names an image it has no stand-in for.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$REPO/scripts/docker/standins"
DOCKER="${DOCKER:-docker}"
CACHE="${N8N_RETELL_DOCKER_CACHE:-$HOME/.cache/n8n-nodes-retell/docker}"
NPM_VERSION=11.6.2
BASE=n8n-nodes-retell-standin/debian:bookworm
: "${DOCKER_HOST:?DOCKER_HOST must point at the engine (scripts/docker/engine.sh start)}"
export DOCKER_BUILDKIT=1

say() { printf 'stand-ins: %s\n' "$*" >&2; }
timed() { # label, command...
	local started=$SECONDS
	"${@:2}"
	printf '%-36s %4ss\n' "$1" "$((SECONDS - started))"
}

# The image names docker/ uses, with the Dockerfile's ARG default and compose's ${VAR:-default} filled in.
n8n_version=$(sed -n 's/^ARG N8N_VERSION=//p' "$REPO/docker/Dockerfile")
names=$(
	{
		sed -n 's/^FROM \([^ ]*\).*/\1/p' "$REPO/docker/Dockerfile"
		sed -n 's/^ *image: *//p' "$REPO/docker/docker-compose.yml"
	} | sed -e "s/\${N8N_VERSION}/$n8n_version/" -e 's/\${[A-Z_]*:-\([^}]*\)}/\1/g' | sort -u |
		awk '{ print (/^node:/ ? 0 : 1), $0 }' | sort | cut -d' ' -f2 # node first: the n8n stand-in builds on it
)

work=$(mktemp -d)
trap 'rm -rf --one-file-system "$work"' EXIT

debian_root() {
	local tarball="$CACHE/debian-bookworm-minbase.tar"
	mkdir -p "$CACHE"
	if [ -f "$tarball" ] && (cd "$CACHE" && sha256sum --quiet -c "$(basename "$tarball").sha256" 2>/dev/null); then
		say "Debian bookworm root from the cache ($tarball, checksum verified)"
	else
		say "debootstrap --variant=minbase bookworm (no verified root in $CACHE)"
		rm -f "$tarball" "$tarball.sha256"
		local root="$work/rootfs"
		debootstrap --variant=minbase bookworm "$root" "$(debian_mirror)" >"$work/debootstrap.log" 2>&1 ||
			{ tail -n 30 "$work/debootstrap.log" >&2; exit 1; }
		rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
		tar --numeric-owner -C "$root" -cf "$tarball.tmp" .
		rm -rf "$root"
		mv "$tarball.tmp" "$tarball"
		(cd "$CACHE" && sha256sum "$(basename "$tarball")" >"$(basename "$tarball").sha256")
	fi
	"$DOCKER" import --change 'CMD ["bash"]' "$tarball" "$BASE" >/dev/null
}

# The machine's Debian mirror (deb822 sources or sources.list), so images install from where the host does.
debian_mirror() {
	local uri
	uri=$(sed -n 's/^URIs: *\([^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)
	[ -n "$uri" ] || uri=$(sed -n 's/^deb \(http[^ ]*debian\) bookworm.*/\1/p' /etc/apt/sources.list 2>/dev/null | head -n1)
	echo "${uri:-http://deb.debian.org/debian}"
}

build() { # stand-in folder, tag, context
	"$DOCKER" build --quiet --network host -f "$HERE/$1/Dockerfile" -t "$2" "$3" >/dev/null
}

installed=$(bash "$REPO/scripts/ensure-n8n.sh") # NODE24_BIN=… and N8N_DIR=…; fails the script when it fails
NODE24_BIN=$(sed -n 's/^NODE24_BIN=//p' <<<"$installed")
N8N_DIR=$(sed -n 's/^N8N_DIR=//p' <<<"$installed")
[ -n "$NODE24_BIN" ] && [ -n "$N8N_DIR" ] || { say "scripts/ensure-n8n.sh printed no NODE24_BIN/N8N_DIR"; exit 1; }
timed "$BASE" debian_root

built=()
for name in $names; do
	case "$name" in
		node:24-alpine)
			ctx="$work/node"
			mkdir -p "$ctx/npm"
			cp "$NODE24_BIN/node" "$ctx/node"
			cp /etc/ssl/certs/ca-certificates.crt "$ctx/"
			(cd "$work" && npm pack --silent "npm@$NPM_VERSION" >/dev/null && tar -xzf "npm-$NPM_VERSION.tgz" -C "$ctx/npm" --strip-components=1)
			timed "$name" build node "$name" "$ctx"
			;;
		*/n8nio/n8n:*)
			[ "${name##*:}" = "$(basename "$N8N_DIR" | sed 's/^n8n-//')" ] ||
				{ say "docker/ uses $name but scripts/ensure-n8n.sh installed $(basename "$N8N_DIR")"; exit 1; }
			ctx="$work/n8n"
			mkdir -p "$ctx"
			# Hard links: the 2.3–2.9 GB tree is handed to the build, not copied (a copy where the cache is on another
			# file system).
			cp -al "$N8N_DIR/node_modules" "$ctx/node_modules" 2>/dev/null ||
				{ rm -rf "$ctx/node_modules"; cp -a "$N8N_DIR/node_modules" "$ctx/node_modules"; }
			cp "$HERE/n8n/docker-entrypoint.sh" "$ctx/"
			timed "$name" build n8n "$name" "$ctx"
			;;
		postgres:*) timed "$name" build postgres "$name" "$HERE/postgres" ;;
		redis:*) timed "$name" build redis "$name" "$HERE/redis" ;;
		n8n-nodes-retell/*) continue ;; # this project's own image, built from docker/Dockerfile
		*) say "docker/ uses $name, which has no stand-in here"; exit 1 ;;
	esac
	built+=("$name")
done
say "built ${built[*]}"
