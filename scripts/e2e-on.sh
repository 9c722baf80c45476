#!/usr/bin/env bash
# Runs the end-to-end suite, or some of its files, on any n8n from 1.123 to 2.41: brings that version into the cache
# like the pinned one (scripts/ensure-n8n.sh: locked when scripts/n8n-install/<version>/ exists, smoke-checked before
# use) and runs the e2e tests against it. What the harness does differently per version: scripts/n8n/versions.ts.
#   bash scripts/e2e-on.sh 2.20.12                    every e2e file on n8n 2.20.12
#   bash scripts/e2e-on.sh 1.123.81 stories queue     test/e2e/stories.e2e.ts and test/e2e/queue.e2e.ts only
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 <n8n version> [e2e file name…]" >&2; exit 2; }
version=$1
shift
cd "$(dirname "$0")/.."
files=()
for name in "$@"; do
	file="test/e2e/$name.e2e.ts"
	[ -f "$file" ] || { echo "no $file" >&2; exit 2; }
	files+=("$file")
done
export N8N_VERSION=$version
npm run build
bash scripts/ensure-n8n.sh > /dev/null
npx jest -c jest.e2e.config.js --runInBand "${files[@]}"
