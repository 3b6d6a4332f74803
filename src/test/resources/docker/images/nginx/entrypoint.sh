#!/bin/sh
# The image's own configuration listens on $PORT; a configuration mounted over it is left alone.
set -e
if grep -q '__PORT__' /etc/nginx/nginx.conf 2>/dev/null; then
    sed -i "s/__PORT__/${PORT:-80}/" /etc/nginx/nginx.conf
fi
exec "$@"
