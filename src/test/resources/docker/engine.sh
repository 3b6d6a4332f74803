#!/usr/bin/env bash
# A private Docker engine for logpulse's real-engine tests, and the small local images they run.
#
#   engine.sh start    start dockerd (or reuse the one already running); prints DOCKER_HOST=...
#   engine.sh images   build the test images if the engine does not have them yet
#   engine.sh stop     stop the dockerd that `start` started
#   engine.sh host     print the DOCKER_HOST of the private engine
#
# No image can be pulled here, so the images are built from scratch: a Debian rootfs made with
# debootstrap (nginx, apache2 and PHP installed through chroot), imported, then two small images on
# top: `nginx:1.19` (logs like the official image: access.log -> /dev/stdout, `main` format) and
# `phpserver:1.0` (the field guide's PHP/Apache backend, listening on $SERVER_PORT). They are local
# stand-ins that carry the field guide's names; the label `logpulse.test-image` says so.
#
# dockerd runs with its own data root, exec root and socket, and with no bridge, no iptables rules,
# no IP forwarding and no masquerading: it must not touch the host's network. Containers use
# `--network host` and every request goes to 127.0.0.1.
#
# Environment: LOGPULSE_ENGINE_DIR (socket, pid, exec root, log; default /tmp/logpulse-engine) and
# LOGPULSE_ENGINE_CACHE (data root with the built images, and the rootfs tarball; default
# ~/.cache/logpulse/docker), so the images are built once per machine.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
run_dir="${LOGPULSE_ENGINE_DIR:-/tmp/logpulse-engine}"
cache="${LOGPULSE_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/logpulse/docker}"
sock="$run_dir/docker.sock"
pidfile="$run_dir/dockerd.pid"
export DOCKER_HOST="unix://$sock"
# Debian's client, not whatever newer one is first on PATH: it speaks this dockerd's API.
docker_cli() { if [ -x /usr/bin/docker ]; then /usr/bin/docker "$@"; else docker "$@"; fi; }

say() { echo "engine.sh: $*" >&2; }

alive() {
  [ -S "$sock" ] && [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null \
    && docker_cli version --format '{{.Server.Version}}' >/dev/null 2>&1
}

start() {
  mkdir -p "$run_dir" "$cache/root"
  exec 9>"$run_dir/lock"
  flock -w 300 9 || { say "another engine.sh holds $run_dir/lock"; exit 3; }
  if alive; then
    say "reusing dockerd $(cat "$pidfile") on $sock"
    echo "DOCKER_HOST=$DOCKER_HOST"
    return
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    say "dockerd is not installed (apt-get install docker.io)"
    exit 3
  fi
  if [ "$(id -u)" != 0 ]; then
    say "dockerd needs root here (uid $(id -u))"
    exit 3
  fi
  rm -f "$sock" "$pidfile"
  # Detached from this shell's session, so that it outlives the process that asked for it; `stop`
  # (a trap in .ci/run, or the test JVM's shutdown hook) ends it.
  setsid dockerd --data-root "$cache/root" --exec-root "$run_dir/exec" -H "$DOCKER_HOST" \
    --pidfile "$pidfile" --bridge=none --iptables=false --ip-forward=false --ip-masq=false \
    >"$run_dir/dockerd.log" 2>&1 </dev/null 9>&- &
  for _ in $(seq 1 150); do
    if alive; then
      say "dockerd $(cat "$pidfile") ready on $sock"
      echo "DOCKER_HOST=$DOCKER_HOST"
      return
    fi
    sleep 0.2
  done
  say "dockerd did not start; the end of its log ($run_dir/dockerd.log):"
  tail -n 15 "$run_dir/dockerd.log" >&2 || true
  exit 3
}

stop() {
  if [ -f "$pidfile" ]; then
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      docker_cli ps -q | xargs -r docker_cli kill >/dev/null 2>&1 || true
      kill "$pid"
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      say "stopped dockerd $pid"
    fi
    rm -f "$pidfile"
  fi
}

has_image() { docker_cli image inspect "$1" >/dev/null 2>&1; }

base_image() {
  has_image logpulse/debian-base:bookworm && return
  local tarball="$cache/debian-base.tar"
  if [ ! -s "$tarball" ]; then
    command -v debootstrap >/dev/null 2>&1 || { say "debootstrap is not installed (apt-get install debootstrap)"; exit 3; }
    local mirror rootfs
    # The mirror apt already uses on this machine.
    mirror="$( { cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null || true; } \
      | awk '/^URIs:/ {print $2} /^deb / {print $2}' | grep -v security | head -n 1 || true)"
    mirror="${mirror:-http://deb.debian.org/debian}"
    rootfs="$(mktemp -d "$cache/rootfs.XXXX")"
    say "debootstrap bookworm from $mirror (about 30 s)"
    debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$cache/debootstrap.log" 2>&1 \
      || { tail -n 20 "$cache/debootstrap.log" >&2; rm -rf "$rootfs"; exit 3; }
    printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
    chmod +x "$rootfs/usr/sbin/policy-rc.d"
    mount -t proc proc "$rootfs/proc"
    trap 'umount "'"$rootfs"'/proc" 2>/dev/null || true' RETURN
    say "installing nginx, apache2 and PHP in the rootfs"
    chroot "$rootfs" /usr/bin/env DEBIAN_FRONTEND=noninteractive sh -c \
      'apt-get install -y -qq --no-install-recommends nginx apache2 libapache2-mod-php >/dev/null && apt-get clean && rm -rf /var/lib/apt/lists/*' \
      >"$cache/chroot-install.log" 2>&1 || { tail -n 20 "$cache/chroot-install.log" >&2; exit 3; }
    umount "$rootfs/proc"
    trap - RETURN
    tar -C "$rootfs" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$rootfs"
  fi
  docker_cli import "$tarball" logpulse/debian-base:bookworm >/dev/null
}

images() {
  alive || { say "no engine on $sock (engine.sh start first)"; exit 3; }
  exec 8>"$run_dir/images.lock"
  flock -w 1800 8 || { say "another engine.sh holds $run_dir/images.lock"; exit 3; }
  local want=0
  for image in nginx:1.19 phpserver:1.0; do has_image "$image" || want=1; done
  [ "$want" = 0 ] && { say "images are ready"; return; }
  base_image
  DOCKER_BUILDKIT=0 docker_cli build -q --network none -t nginx:1.19 "$here/images/nginx" >/dev/null
  DOCKER_BUILDKIT=0 docker_cli build -q --network none -t phpserver:1.0 "$here/images/phpserver" >/dev/null
  say "built nginx:1.19 and phpserver:1.0"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  images) images ;;
  host) echo "$DOCKER_HOST" ;;
  *) echo "usage: engine.sh start|images|stop|host" >&2; exit 2 ;;
esac
