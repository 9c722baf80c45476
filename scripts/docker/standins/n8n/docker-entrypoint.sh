#!/bin/sh
# What n8n's own /docker-entrypoint.sh does (n8n-io/n8n docker/images/n8n/docker-entrypoint.sh, 1.x and 2.x):
# trust the certificates mounted at /opt/custom-certificates, then run `n8n` with the container's arguments
# (none: `n8n` itself, which starts the main instance).
if [ -d /opt/custom-certificates ]; then
  echo "Trusting custom certificates from /opt/custom-certificates."
  export NODE_OPTIONS="--use-openssl-ca $NODE_OPTIONS"
  export SSL_CERT_DIR=/opt/custom-certificates
  c_rehash /opt/custom-certificates
fi

if [ "$#" -gt 0 ]; then
  exec n8n "$@"
else
  exec n8n
fi
