#!/usr/bin/env bash
# The container tests (npm run test:docker): a Docker engine of our own, the stand-in base images, then
# test/docker (docker/Dockerfile built, docker/docker-compose.yml run in regular and queue mode). The engine is
# stopped and its folder removed however the tests end. Needs root, docker.io, docker-compose and debootstrap
# (scripts/install-system-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."

engine_dir=$(mktemp -d "${TMPDIR:-/tmp}/retell-dockerd.XXXXXX")
trap 'bash scripts/docker/engine.sh stop "$engine_dir"' EXIT
started=$SECONDS
# Debian's client: its BuildKit reads docker/Dockerfile.dockerignore.
if [ -x /usr/bin/docker ]; then export DOCKER=/usr/bin/docker; fi
host=$(bash scripts/docker/engine.sh start "$engine_dir") # fails the script when the engine does not start
export "${host:?}"
echo "docker engine up in $((SECONDS - started)) s ($DOCKER_HOST)"

echo "stand-in base images:"
bash scripts/docker/standins.sh
npx --no-install jest -c jest.docker.config.js --runInBand "$@"
