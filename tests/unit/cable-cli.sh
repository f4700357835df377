#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cable-cli.sh VDECABLE SWITCHD CASE - vde-cable's start-up, without a
# network namespace:
#  stdio-stderr  with --stdio and stderr the same file as stdout, no log
#                line may be written there (it would corrupt the stream)
#  udp-fd        with --udp-fd the start-up line names the socket's bound
#                address, not "ephemeral port"
#  root-nouser   as root without --user: a warning recommends --user, and
#                a symbolic link at SWITCHDIR/ctl does not choose the uid
set -u
cable=$1
switchd=$2
case=$3
T=$(mktemp -d) && chmod 755 "$T" || exit 1
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $case: $*"; exit 1; }

(umask 077; "$cable" genkey >"$T/a.key"; "$cable" genkey >"$T/b.key")
echo "$("$cable" pubkey <"$T/b.key") name=b" >"$T/a.peers"

switch() {
	"$switchd" -s "$T/sw" --nostdin -m 0666 </dev/null >"$T/sw.log" 2>&1 &
	pid=$!
	i=0
	while [ ! -S "$T/sw/ctl" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	[ -S "$T/sw/ctl" ] || fail "the switch did not start"
}

case $case in
stdio-stderr)
	# no switch there: the cable dies, and says so... but not on fd 1
	"$cable" -s "$T/none" --key "$T/a.key" --peers "$T/a.peers" --stdio \
		--log stderr </dev/null >"$T/out" 2>&1
	[ -s "$T/out" ] && fail "wrote into the stream: '$(cat "$T/out")'"
	# stderr elsewhere: the message is there
	"$cable" -s "$T/none" --key "$T/a.key" --peers "$T/a.peers" --stdio \
		--log stderr </dev/null >"$T/out" 2>"$T/err"
	grep -q "cannot attach" "$T/err" || fail "no message on a separate stderr"
	;;
udp-fd)
	switch
	python3 - "$cable" "$T" <<'PY' || fail "$(cat "$T/c.log")"
import socket, subprocess, sys, time
cable, T = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]
p = subprocess.Popen([cable, "-s", T + "/sw", "--key", T + "/a.key",
		      "--peers", T + "/a.peers", "--udp-fd", str(s.fileno()),
		      "-f"], pass_fds=[s.fileno()], stdin=subprocess.DEVNULL,
		     stdout=subprocess.DEVNULL,
		     stderr=open(T + "/c.log", "w"))
time.sleep(1)
p.terminate(); p.wait()
log = open(T + "/c.log").read()
sys.exit(0 if ("127.0.0.1:%d" % port) in log and "ephemeral" not in log
	 else 1)
PY
	;;
root-nouser)
	[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
	id daemon >/dev/null 2>&1 || { echo "SKIP: no user daemon"; exit 77; }
	# the switch runs as daemon; the cable is given a directory whose
	# ctl is a symbolic link to it: lstat sees no socket of daemon's
	"$switchd" -s "$T/sw" --nostdin -m 0666 -u daemon </dev/null \
		>"$T/sw.log" 2>&1 &
	pid=$!
	i=0
	while [ ! -S "$T/sw/ctl" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	mkdir "$T/fake"
	ln -s "$T/sw/ctl" "$T/fake/ctl"
	"$cable" -s "$T/fake" --key "$T/a.key" --peers "$T/a.peers" -f \
		</dev/null >"$T/c.log" 2>&1 &
	cpid=$!
	sleep 1
	kill "$cpid" 2>/dev/null; wait "$cpid" 2>/dev/null
	grep -q "without --user" "$T/c.log" || fail "no warning: $(cat "$T/c.log")"
	grep -q "running as uid 65534 " "$T/c.log" ||
		fail "a symbolic link chose the uid: $(cat "$T/c.log")"
	;;
*)
	fail "unknown case"
	;;
esac
echo "ok: $case"
