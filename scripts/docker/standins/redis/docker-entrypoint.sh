#!/bin/sh
# As the official redis image: options alone run redis-server with them; redis-server runs as the redis user,
# owning /data.
set -eu
[ "${1#-}" != "$1" ] && set -- redis-server "$@"
if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
  chown -R redis:redis .
  exec setpriv --reuid=redis --regid=redis --init-groups "$@"
fi
exec "$@"
