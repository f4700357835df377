#!/usr/bin/env bash
# Fresh Debian 12 machine -> a running switch any local user can attach to.
#   bash quickstart.sh [DIR]        (default DIR: /tmp/vde.ctl)
# Installs the build dependencies (apt-get, via sudo when not root), builds
# into ./build, and runs vde-switchd in the foreground (Ctrl-C stops it and
# removes DIR).  Started as root, the switch drops to user nobody before it
# reads any client input.
set -eu
cd "$(dirname "$0")"
DIR=${1:-/tmp/vde.ctl}
bash .ci/deps
[ -d build ] || meson setup build
meson compile -C build
SUDO=
[ "$(id -u)" -eq 0 ] || ! command -v sudo >/dev/null || SUDO=sudo
cat <<MSG

vde-switchd on $DIR (mode 0666: every local user may attach).  Attach with:
  vde_plug vde://$DIR                      # frames on stdin/stdout
  vde_plug vde://$DIR tap://vde0           # a tap (as root)
  qemu-system-x86_64 ... -netdev vde,id=n0,sock=$DIR -device virtio-net-pci,netdev=n0
Ctrl-C stops the switch.
MSG
exec $SUDO build/switchd/vde-switchd -s "$DIR" -m 0666 --nostdin
