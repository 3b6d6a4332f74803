#!/bin/sh
# Like the php:apache images' apache2-foreground: apache2 itself is PID 1, so `docker stop` reaches it.
set -e
. /etc/apache2/envvars
mkdir -p "$APACHE_RUN_DIR" "$APACHE_LOCK_DIR"
rm -f "$APACHE_PID_FILE"
exec apache2 -DFOREGROUND "$@"
