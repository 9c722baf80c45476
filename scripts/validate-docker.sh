#!/usr/bin/env bash
# Static checks of docker/ for machines without a Docker engine (CI): the compose file in both modes (regular and
# the "queue" profile) with Debian's docker-compose 1.29.2 (`config -q`), that required variables are enforced,
# that no always-on service depends on a profile-only one, that the image pins the n8n version the tests use, and
# that the entrypoint wrapper installs the package into an n8n user folder (run against a fake image layout).
# Needs: docker-compose (apt-get install -y docker-compose), python3 with its compose module (same package), node.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "validate-docker: $*" >&2; exit 1; }
step() { printf '· %s\n' "$*"; }

command -v docker-compose >/dev/null || fail "docker-compose not found (apt-get install -y docker-compose)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A complete environment, as a user's docker/.env would be.
sed -e 's/^N8N_ENCRYPTION_KEY=$/N8N_ENCRYPTION_KEY=0123456789abcdef0123456789abcdef/' \
	-e 's/^POSTGRES_PASSWORD=$/POSTGRES_PASSWORD=validate-only/' docker/.env.example >"$work/full.env"

compose() { docker-compose --project-directory docker -f docker/docker-compose.yml "$@"; }

step "docker-compose $(docker-compose version --short 2>/dev/null || echo '?'): regular mode"
compose --env-file "$work/full.env" config -q

step "queue profile (--profile queue, and COMPOSE_PROFILES=queue from the env file)"
compose --env-file "$work/full.env" --profile queue config -q
printf 'EXECUTIONS_MODE=queue\nCOMPOSE_PROFILES=queue\n' >>"$work/full.env"
compose --env-file "$work/full.env" config -q
[ "$(compose --env-file "$work/full.env" config --profiles)" = "queue" ] || fail "expected exactly one profile: queue"

step "required variables are enforced"
for var in N8N_ENCRYPTION_KEY POSTGRES_PASSWORD WEBHOOK_URL; do
	grep -v "^$var=" "$work/full.env" >"$work/missing.env"
	if out=$(compose --env-file "$work/missing.env" config -q 2>&1); then
		fail "compose accepted a configuration without $var"
	fi
	grep -q "$var" <<<"$out" || fail "the error for a missing $var does not name it: $out"
done

step "services, profiles and dependencies"
/usr/bin/python3 - "$work/full.env" <<'PY'
import sys
from compose.config import config
from compose.config.environment import Environment

env = Environment.from_env_file('docker', sys.argv[1])
details = config.find('docker', ['docker-compose.yml'], env)
services = {s['name']: s for s in config.load(details).services}

def profiles(name):
    return services[name].get('profiles') or []

expected = {'postgres': [], 'n8n': [], 'redis': ['queue'], 'n8n-worker': ['queue'], 'n8n-webhook': ['queue']}
for name, wanted in expected.items():
    assert name in services, f'missing service {name}'
    assert profiles(name) == wanted, f'{name}: profiles {profiles(name)} != {wanted}'
for name, service in services.items():
    for dep in (service.get('depends_on') or {}):
        assert dep in services, f'{name} depends on unknown {dep}'
        assert not (profiles(dep) and not profiles(name)), f'{name} (always on) depends on profile-only {dep}'

images = {services[n]['image'] for n in ('n8n', 'n8n-worker', 'n8n-webhook')}
assert len(images) == 1, f'n8n services must share one image, got {images}'
commands = {n: services[n].get('command') for n in ('n8n', 'n8n-worker', 'n8n-webhook')}
assert commands['n8n'] is None and commands['n8n-webhook'] == ['webhook'], commands
assert commands['n8n-worker'][0] == 'worker', commands
env_of = lambda n: services[n]['environment']
for n in ('n8n', 'n8n-worker', 'n8n-webhook'):
    e = env_of(n)
    assert e['EXECUTIONS_MODE'] == 'queue', f'{n}: EXECUTIONS_MODE {e["EXECUTIONS_MODE"]}'
    assert e['N8N_ENCRYPTION_KEY'] == env_of('n8n')['N8N_ENCRYPTION_KEY'], 'encryption keys differ'
    assert e['DB_TYPE'] == 'postgresdb'
mounts = {n: [str(v) for v in services[n].get('volumes') or []] for n in services}
assert any('/home/node/.n8n' in v for v in mounts['n8n']), mounts['n8n']
for n in ('n8n-worker', 'n8n-webhook'):
    assert not any('/home/node/.n8n' in v for v in mounts[n]), f'{n} must not share the n8n_data volume'
print('  ok:', ', '.join(f'{n}{"[" + ",".join(profiles(n)) + "]" if profiles(n) else ""}' for n in services))
PY

step "the image pins the n8n version the tests run"
pinned=$(sed -n 's/^N8N_VERSION="${N8N_VERSION:-\(.*\)}"$/\1/p' scripts/ensure-n8n.sh)
[ -n "$pinned" ] || fail "could not read the n8n version from scripts/ensure-n8n.sh"
grep -q "^ARG N8N_VERSION=$pinned\$" docker/Dockerfile || fail "docker/Dockerfile does not default to n8n $pinned"
grep -q "^N8N_VERSION=$pinned\$" docker/.env.example || fail "docker/.env.example does not default to n8n $pinned"
grep -q "N8N_VERSION:-$pinned}" docker/docker-compose.yml || fail "docker-compose.yml does not default to n8n $pinned"
grep -q '^FROM docker.n8n.io/n8nio/n8n:${N8N_VERSION}$' docker/Dockerfile || fail "the final stage is not the official n8n image"

step "every file the Dockerfile copies exists and is let through the .dockerignore"
for f in package.json package-lock.json tsconfig.json gulpfile.js index.js credentials nodes docker/retell-entrypoint.sh; do
	[ -e "$f" ] || fail "COPY source $f missing"
	grep -q "^!$f/\?\$" docker/Dockerfile.dockerignore || fail "$f is not allowed by docker/Dockerfile.dockerignore"
done

step "entrypoint wrapper: installs the package into a user folder that already has other packages"
sh -n docker/retell-entrypoint.sh
fake="$work/fake"
mkdir -p "$fake/opt/n8n-nodes-retell/n8n-nodes-retell/dist" "$fake/home/.n8n/nodes/node_modules/n8n-nodes-retell/stale" "$fake/bin"
echo '{"name":"n8n-nodes-retell","version":"9.9.9"}' >"$fake/opt/n8n-nodes-retell/n8n-nodes-retell/package.json"
echo '{"name":"installed-nodes","private":true,"dependencies":{"n8n-nodes-other":"1.0.0"}}' >"$fake/home/.n8n/nodes/package.json"
printf '#!/bin/sh\necho "next entrypoint: $*"\n' >"$fake/bin/next" && chmod +x "$fake/bin/next"
sed -e "s#/opt/n8n-nodes-retell#$fake/opt/n8n-nodes-retell#g" -e "s#exec /docker-entrypoint.sh#exec $fake/bin/next#" \
	docker/retell-entrypoint.sh >"$fake/entrypoint.sh"
out=$(N8N_USER_FOLDER="$fake/home" sh "$fake/entrypoint.sh" worker --concurrency=2)
[ "$out" = "next entrypoint: worker --concurrency=2" ] || fail "arguments not passed on: $out"
[ -f "$fake/home/.n8n/nodes/node_modules/n8n-nodes-retell/package.json" ] || fail "package not copied"
[ ! -e "$fake/home/.n8n/nodes/node_modules/n8n-nodes-retell/stale" ] || fail "old package files left behind"
node -e '
const m = require(process.argv[1]);
if (m.dependencies["n8n-nodes-retell"] !== "9.9.9" || m.dependencies["n8n-nodes-other"] !== "1.0.0") {
  console.error("unexpected nodes/package.json", m); process.exit(1);
}' "$fake/home/.n8n/nodes/package.json"

echo "validate-docker: OK"
