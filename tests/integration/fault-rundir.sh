#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# fault-rundir.sh - a switch directory or pidfile that cannot be made, at
# start (SECURITY.md, "Faults").  Each case must end within 5 s with exit
# status 1 and one clear line on stderr naming the path and the reason,
# and leave no switch directory behind:
#   missing   -s under a directory that does not exist
#   readonly  -s on a read-only file system
#   noinodes  -s on a file system without a free inode (full)
#   pidinode  -p on a file system without a free inode
#   pidspace  -p on a file system without a free block (the pidfile is
#             created, writing it fails)
# The file systems are small tmpfs mounts in a private mount namespace
# (unshare -m), gone with it.
. "$(dirname "$0")/lib.sh"

need_root "mounts tmpfs in a private mount namespace"
need_switchd
need_cmd unshare mount

# run_case NAME WANT_REGEX MOUNT_OPTS FILL SWITCH_ARGS...
# MOUNT_OPTS "" = no mount; FILL: blocks|inodes|none
run_case() {
	_name=$1 _want=$2 _opts=$3 _fill=$4
	shift 4
	mkdir -p "$T/$_name/mnt"
	# shellcheck disable=SC2016 # expanded by the inner shell
	timeout 5 unshare -m --propagation private sh -c '
		m=$1 opts=$2 fill=$3
		shift 3
		if [ -n "$opts" ]; then
			mount -t tmpfs -o "$opts" tmpfs "$m" || exit 99
		fi
		case $fill in
		blocks) dd if=/dev/zero of="$m/fill" bs=4k 2>/dev/null ;;
		inodes) i=0; while touch "$m/f$i" 2>/dev/null; do i=$((i + 1)); done ;;
		esac
		exec "$@" --nostdin </dev/null' sh "$T/$_name/mnt" "$_opts" \
		"$_fill" "$SWITCHD" "$@" >"$T/$_name.out" 2>&1
	_rc=$?
	note "$_name: exit $_rc: $(grep -v listening "$T/$_name.out" | head -2)"
	[ "$_rc" -eq 1 ] || fail "$_name: exit status $_rc, want 1"
	grep -qE "$_want" "$T/$_name.out" ||
		fail "$_name: no message matching '$_want'"
}

run_case missing "cannot create $T/missing/mnt/no/sw: No such file" "" none \
	-s "$T/missing/mnt/no/sw"
run_case readonly "cannot create $T/readonly/mnt/sw: Read-only file system" \
	"ro,size=64k" none -s "$T/readonly/mnt/sw"
run_case noinodes "cannot create $T/noinodes/mnt/sw: No space left" \
	"size=64k,nr_inodes=8" inodes -s "$T/noinodes/mnt/sw"
run_case pidinode "cannot create pidfile $T/pidinode/mnt/sw.pid: No space left" \
	"size=64k,nr_inodes=8" inodes -s "$T/pidinode/sw" \
	-p "$T/pidinode/mnt/sw.pid"
run_case pidspace "cannot write pidfile $T/pidspace/mnt/sw.pid: No space left" \
	"size=4k" blocks -s "$T/pidspace/sw" -p "$T/pidspace/mnt/sw.pid"
for d in pidinode pidspace; do
	[ -e "$T/$d/sw" ] && fail "$d: switch directory $T/$d/sw left behind"
done
finish
