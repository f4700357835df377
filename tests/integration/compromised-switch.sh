#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# compromised-switch.sh hooks|nohooks - what an attacker who has taken
# over a switch process could and could not do.  The test-only console
# command "debug/violate ACTION [PATH]" (a build with -Dtest_hooks=true,
# switchd/violate.c) makes one raw system call per ACTION and prints one
# line, "ACTION: allowed (...)" or "ACTION: refused: ERRNAME (errno N)".
#
#  1. a standalone switch started by root (it runs as nobody): every
#     "soft" and "can" action in one switch, each outcome checked, then
#     every "fatal" action in a fresh switch of its own, which must die of
#     SIGSYS (status 159) with nothing done (no file made, modes
#     unchanged, no mount, pid 1 and this shell untouched);
#  2. a switch child of vde-privd: the same soft actions, O_PATH probes
#     of paths inside and outside its mount namespace, AF_UNIX datagram
#     sockets inside and outside its view, then execve, which must kill
#     it with SIGSYS, logged by vde-privd, which restarts it (only once:
#     every crash raises privd's restart backoff).
#
# Every action the switch lists must have an expectation here, and the
# outcomes are printed as a table.  Without the hooks the command must
# not exist, and the test is skipped.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/privd-lib.sh"

HOOKS=${1:-nohooks}
if [ "$HOOKS" != hooks ]; then
	start_sw "$T/sw" -M "$T/mgmt"
	mg "$T/mgmt" "debug/violate list"
	mg_has "1038 Function not implemented" ||
		bail "debug/violate exists in a build without test hooks: $MG"
	skip "built without -Dtest_hooks=true (debug/violate does not exist)"
fi
need_root "the switch drops from root to nobody; vde-privd runs as root"

# The expected kind of every action (switchd/violate.c)
SOFT="open-read open-create stat statx access"
CAN="opath stat-empty-path bind-unix connect-unix unlink"
FATAL="socket-inet socket-inet6 socket-packet socket-netlink
socket-unix-stream execve fork ptrace kill setuid mmap-exec mprotect-exec
ioctl chmod unshare mount chroot setns bpf add-key perf-event-open
io-uring-setup"

: >"$T/table"
# row ACTION WHERE OUTCOME: one line of the printed table
row() { printf '%-20s %-40s %s\n' "$1" "$2" "$3" >>"$T/table"; }

# outcome ACTION: the result line of ACTION in the last transcript,
# without "ACTION: " (results follow the prompt on the same line)
outcome() {
	grep -oE "(^|\\$ )$1: (allowed|refused).*" "$T/mg.out" |
		sed "s/^.*$1: //" | head -n 1
}

# act SOCK WHERE WANT ACTION [PATH]: run ACTION, check that its outcome
# starts with WANT, add a table row
act() {
	_sock=$1
	_where=$2
	_want=$3
	shift 3
	mg "$_sock" "debug/violate $*"
	_out=$(outcome "$1")
	row "$1" "$_where" "${_out:-(no result line) $(mg_results)}"
	case $_out in
	"$_want"*) return 0 ;;
	esac
	fail "$1${2:+ $2}: got '${_out:-$MG}', want '$_want...'"
	return 1
}

# --- 0. the switch's list and ours agree --------------------------------

start_sw "$T/sw" -M "$T/mgmt"
mg "$T/mgmt" "debug/violate list"
for k in soft can fatal; do
	case $k in
	soft) want=$SOFT ;;
	can) want=$CAN ;;
	fatal) want=$FATAL ;;
	esac
	got=$(awk -v k="$k" '{ sub(/^vde\$ /, "") } $2 == k { print $1 }' \
		"$T/mg.out" | sort | tr '\n' ' ')
	# shellcheck disable=SC2086 # a list of words, split on purpose
	want=$(printf '%s\n' $want | sort | tr '\n' ' ')
	[ "$got" = "$want" ] ||
		fail "the switch's $k actions are '$got', this test expects '$want'"
done

# --- 1. standalone, soft and can actions in one switch -------------------

D=$T/sw
W="standalone (nobody)"
act "$T/mgmt" "$W" "refused: EACCES (errno 13)" open-read
act "$T/mgmt" "$W" "refused: EACCES (errno 13)" open-create
[ -e "$D/violate-created" ] && fail "open-create made $D/violate-created"
act "$T/mgmt" "$W" "refused: EACCES (errno 13)" stat
act "$T/mgmt" "$W" "refused: ENOSYS (errno 38)" statx
act "$T/mgmt" "$W" "refused: EACCES (errno 13)" access
# O_PATH: metadata of anything the uid can look up, never the contents
act "$T/mgmt" "$W: /etc/shadow" "allowed (file uid 0" opath /etc/shadow &&
	case $_out in
	*"read through it: EBADF)") ;;
	*) fail "opath /etc/shadow: read through the O_PATH descriptor: $_out" ;;
	esac
act "$T/mgmt" "$W: its ctl" "allowed (socket uid 65534" opath "$D/ctl"
act "$T/mgmt" "$W: /root/.bashrc" "refused: EACCES (errno 13)" \
	opath /root/.bashrc
act "$T/mgmt" "$W: /etc/shadow" "allowed (file uid 0" \
	stat-empty-path /etc/shadow
# AF_UNIX datagram sockets: bind where its uid may write, connect to what
# its uid may write to
act "$T/mgmt" "$W: its dir" \
	"allowed (bound $D/violate.sock, then unlinked it)" bind-unix
[ -e "$D/violate.sock" ] && fail "bind-unix left $D/violate.sock"
act "$T/mgmt" "$W: root's 0755 dir" "refused: EACCES (errno 13)" \
	bind-unix "$T/violate.sock"
start_svc "$T/svc.sock" "$T/svc.out"
act "$T/mgmt" "$W: a 0666 service" \
	"allowed (connected to $T/svc.sock, sent 11 bytes)" \
	connect-unix "$T/svc.sock"
hex=$(printf vde-violate | od -An -tx1 | tr -d ' \n')
wait_count 1 3 grep -c "^11 $hex\$" "$T/svc.out" ||
	fail "the 0666 service did not get the switch's datagram"
start_svc "$T/svc600.sock" "$T/svc600.out"
chmod 0600 "$T/svc600.sock"
act "$T/mgmt" "$W: a 0600 root service" "refused: EACCES (errno 13)" \
	connect-unix "$T/svc600.sock"
[ -s "$T/svc600.out" ] && fail "the 0600 service got a datagram"
# unlink: whatever is in a directory its uid may write to
: >"$D/victim"
act "$T/mgmt" "$W: a file in its dir" "allowed (removed $D/victim)" \
	unlink "$D/victim"
[ -e "$D/victim" ] && fail "unlink allowed but $D/victim is still there"
: >"$T/victim"
act "$T/mgmt" "$W: root's 0755 dir" "refused: EACCES (errno 13)" \
	unlink "$T/victim"
[ -e "$T/victim" ] || fail "$T/victim is gone"
# another standalone switch under the same account (nobody): its
# directory is writable by that uid, but Landlock keeps every switch to
# its own directory
SAVE_PID=$SWPID SAVE_DIR=$SWDIR SAVE_LOG=$SWLOG
start_sw "$T/other"
OTHER=$SWDIR
SWPID=$SAVE_PID SWDIR=$SAVE_DIR SWLOG=$SAVE_LOG
[ "$(stat -c %U "$OTHER")" = "$(stat -c %U "$D")" ] ||
	bail "the two switch directories have different owners"
mkdir -m 0777 "$T/open"
if grep -q "no Landlock in this kernel" "$SWLOG"; then
	note "this kernel has no Landlock: a switch can unlink the sockets of another switch of its account"
	act "$T/mgmt" "$W: another nobody switch's dir (no Landlock)" \
		"allowed (bound $OTHER/violate.sock, then unlinked it)" \
		bind-unix "$OTHER/violate.sock"
else
	act "$T/mgmt" "$W: another nobody switch's ctl" \
		"refused: EACCES (errno 13)" unlink "$OTHER/ctl"
	[ -S "$OTHER/ctl" ] || fail "the other switch's ctl is gone"
	act "$T/mgmt" "$W: another nobody switch's dir" \
		"refused: EACCES (errno 13)" bind-unix "$OTHER/violate.sock"
	[ -e "$OTHER/violate.sock" ] && fail "a socket was made in $OTHER"
	act "$T/mgmt" "$W: a 0777 directory" "refused: EACCES (errno 13)" \
		bind-unix "$T/open/violate.sock"
fi
sw_alive || fail "the switch died of a soft or allowed action"
# a wrong ACTION or PATH is an error, not a system call
mg "$T/mgmt" "debug/violate no-such-action" "debug/violate opath" \
	"debug/violate ptrace /etc/passwd"
[ "$(mg_count "1022 Invalid argument")" -eq 3 ] ||
	fail "bad debug/violate arguments: $(mg_results)"
sw_alive || fail "the switch died of a bad debug/violate argument"
stop_pid "$SWPID"

# --- 1b. standalone, each fatal action in a fresh switch -----------------

for a in $FATAL; do
	D=$T/f-$a
	start_sw "$D" -M "$T/f-$a.mgmt"
	ctlmode=$(stat -c %a "$D/ctl")
	mg "$T/f-$a.mgmt" "debug/violate $a"
	mg_has "$a: calling " || fail "$a: no announcement: $MG"
	_out=$(outcome "$a")
	[ -z "$_out" ] || fail "$a: survived the call: $_out"
	wait_exit "$SWPID" 5 || stop_pid "$SWPID" KILL
	if [ "$RC" -eq 159 ]; then
		row "$a" "standalone (nobody)" "killed by SIGSYS (status 159)"
	else
		row "$a" "standalone (nobody)" "status $RC"
		fail "$a: switch exit status $RC, want 159 (SIGSYS)"
	fi
	# nothing happened
	[ -e "$D/violate-execve" ] && fail "$a: $D/violate-execve exists"
	[ "$(stat -c %a "$D/ctl")" = "$ctlmode" ] ||
		fail "$a: ctl mode changed to $(stat -c %a "$D/ctl")"
	mountpoint -q "$D" && { umount "$D"; fail "$a: $D was mounted on"; }
	{ kill -0 1 && kill -0 $$; } || fail "$a: pid 1 or this shell disturbed"
done

# --- 2. a switch child of vde-privd ---------------------------------------

sw_account
RUN=/run/vdeit-cs-$$
rm -rf "$RUN"
mkdir -m 0755 "$RUN"
rec_path "$RUN"
L=$RUN/lan
printf '%s\n' "user $SWUSER
switch lan {
	dir $L
	mgmt $T/lan.mgmt
}
switch other {
	dir $RUN/other
}
permit uid 0" >"$RUN/policy.conf"
chmod 0644 "$RUN/policy.conf"
PRIVDLOG=$T/privd.log
"$PRIVD" -f -c "$RUN/policy.conf" --switchd "$SWITCHD" </dev/null \
	>>"$PRIVDLOG" 2>&1 &
PRIVDPID=$!
rec_pid "$PRIVDPID"
wait_ready lan
wait_ready other
M=$T/lan.mgmt

act "$M" "privd child" "refused: EACCES (errno 13)" open-read
act "$M" "privd child" "refused: EACCES (errno 13)" open-create
[ -e "$L/violate-created" ] && fail "open-create made $L/violate-created"
act "$M" "privd child" "refused: EACCES (errno 13)" stat
act "$M" "privd child" "refused: ENOSYS (errno 38)" statx
act "$M" "privd child" "refused: EACCES (errno 13)" access
# its view: /usr /etc /tmp /var/tmp /proc /dev/log and its directory
act "$M" "privd child: its ctl" "allowed (socket uid $SWUID" opath "$L/ctl"
act "$M" "privd child: /etc/shadow (in view)" "allowed (file uid 0" \
	opath /etc/shadow
act "$M" "privd child: /root" "refused: ENOENT (errno 2)" opath /root
act "$M" "privd child: the policy file" "refused: ENOENT (errno 2)" \
	opath "$RUN/policy.conf"
act "$M" "privd child: other switch's dir" "refused: ENOENT (errno 2)" \
	opath "$RUN/other"
act "$M" "privd child: other switch's ctl" "refused: ENOENT (errno 2)" \
	opath "$RUN/other/ctl"
# through /proc: the other child runs as the same account but is not
# dumpable, so its root link does not resolve
act "$M" "privd child: other's /proc/PID/root" "refused: EACCES (errno 13)" \
	opath "/proc/$(kid_pid other)/root$RUN/other/ctl"
act "$M" "privd child: /proc/1/root" "refused: EACCES (errno 13)" \
	opath "/proc/1/root/etc/shadow"
act "$M" "privd child: its dir" \
	"allowed (bound $L/violate.sock, then unlinked it)" bind-unix
act "$M" "privd child: /tmp (read-only)" "refused: EROFS (errno 30)" \
	bind-unix "/tmp/vdeit-cs-$$.sock"
if [ -e "/tmp/vdeit-cs-$$.sock" ]; then
	rm -f "/tmp/vdeit-cs-$$.sock"
	fail "bind-unix made a socket in /tmp"
fi
: >"$T/svc.out"
act "$M" "privd child: 0666 service in /tmp" \
	"allowed (connected to $T/svc.sock, sent 11 bytes)" \
	connect-unix "$T/svc.sock"
wait_count 1 3 grep -c "^11 " "$T/svc.out" ||
	fail "the service in /tmp did not get the child's datagram"
start_svc "$RUN/svc.sock" "$T/svcrun.out"
act "$M" "privd child: 0666 service in /run" "refused: ENOENT (errno 2)" \
	connect-unix "$RUN/svc.sock"
: >"$L/victim"
act "$M" "privd child: a file in its dir" "allowed (removed $L/victim)" \
	unlink "$L/victim"
[ -e "$L/victim" ] && fail "unlink allowed but $L/victim is still there"
chmod 0666 "$T/victim"
act "$M" "privd child: a file in /tmp" "refused: EROFS (errno 30)" \
	unlink "$T/victim"
[ -e "$T/victim" ] || fail "$T/victim is gone"
# one fatal action: privd logs the SIGSYS and restarts the child
old=$(kid_pid lan)
mg "$M" "debug/violate execve"
_out=$(outcome execve)
[ -z "$_out" ] || fail "execve: the privd child survived: $_out"
if wait_log_n "killed by SIGSYS: seccomp violation" 1 5; then
	row execve "privd child" "killed by SIGSYS, logged by vde-privd"
else
	row execve "privd child" "no SIGSYS in privd's log"
	fail "execve: privd logged no SIGSYS: $(tail -3 "$PRIVDLOG")"
fi
[ -e "$L/violate-execve" ] && fail "execve: $L/violate-execve exists"
wait_ready lan 2 10
[ "$(kid_pid lan)" != "$old" ] || fail "execve: the child was not restarted"
mg "$M" "debug/violate open-read"
[ "$(outcome open-read)" = "refused: EACCES (errno 13)" ] ||
	fail "the restarted child: open-read: $(outcome open-read)"

note "what a compromised switch could do (debug/violate ACTION):"
note "$(printf '%-20s %-40s %s' ACTION WHERE OUTCOME)"
while IFS= read -r l; do note "$l"; done <"$T/table"
finish
