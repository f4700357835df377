#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bad-request.sh CASE - one hand-made control request (rawreq.py, spec 9
# item 11) sent by an unprivileged user to a switch started by root with
# -m 0666 (--handshake-timeout 1 for the cases that only the timeout
# can end, "short" and "idle").  Every malformed request must get a
# closed stream promptly (within 1 s; within 3 s for the cases that are
# only detectable by the timeout) and a log line naming the reason; the
# switch stays alive and two new ports still exchange frames.  The cases
# "valid" and "split" (a request in two writes) must be accepted: they
# show that the raw client itself is right; so must "len256" (a request of
# exactly 256 bytes, description cut to 127 characters) and, with --v1,
# "v1" (a legacy request).  Extra arguments are switch options.
. "$(dirname "$0")/lib.sh"

CASE=${1:?case}
shift			# the rest: extra switch options, e.g. --v1
need_vdeclient
# a short handshake timeout only where the timeout is what is tested
case $CASE in short|idle) HT=1 ;; *) HT=5 ;; esac
start_sw "$T/sw" -m 0666 --handshake-timeout $HT "$@"

if [ "$(id -u)" -eq 0 ]; then
	add_user
	RUSER=$NEWUSER
	mkdir "$T/u"
	chown "$RUSER" "$T/u"
	export RAWREQ_DIR="$T/u"
else
	RUSER=""
	export RAWREQ_DIR="$T"
fi

max=1000
case $CASE:$* in
valid:|split:|len256:|v1:--v1) why="" ;;
v1:) why="unsupported protocol version (0)" ;;
v1port:--v1) why="unsupported protocol version (1280)" ;;
len257:) why="request longer than 256 bytes" ;;
short:) why="no complete request within 1 s"; max=3000 ;;
idle:) why="no complete request within 1 s"; max=3000 ;;
shorteof:) why="request shorter than its header" ;;
long:) why="request longer than 256 bytes" ;;
garbage:|badmagic:) why="bad magic" ;;
v2:) why="unsupported protocol version (2)" ;;
kind7:) why="unknown request kind" ;;
portneg:) why="port number out of range" ;;
family:) why="return address is not AF_UNIX" ;;
relative:) why="return address is not an absolute path" ;;
empty:) why="empty return address" ;;
unterminated:) why="return address not NUL-terminated" ;;
abstract:) why="abstract return addresses are not accepted" ;;
*) bail "unknown case $CASE${1:+ with $*}" ;;
esac

export RAWREQ_TIMEOUT=5
rawreq "$SWDIR" 5 "$CASE" $RUSER
if [ -z "$why" ]; then
	# a v1 request cannot name a port: it gets the first free one
	p=5
	[ "$CASE" != v1 ] || p=1
	case $RAW in
	"$CASE -> ACCEPTED $SWDIR/$(printf %03d $p)."*) ;;
	*) fail "valid request not accepted on port $p: $RAW" ;;
	esac
	wait_log "port $p: endpoint" 2 || fail "attach not logged"
	if [ "$CASE" = len256 ]; then
		d=$(sed -n 's/.*attached (.*) "\(D*\).*/\1/p' "$SWLOG")
		[ ${#d} -eq 127 ] ||
			fail "134-byte description logged as ${#d} characters, want 127"
	fi
	wait_log "detached" 2 || fail "detach (client closed) not logged"
else
	case $RAW in
	"$CASE -> closed (0 bytes) in "*|"$CASE -> closed (reset) in "*)
		ms=${RAW##* in }
		ms=${ms% ms}
		[ "$ms" -le $max ] || fail "$CASE: closed only after $ms ms (limit $max)"
		;;
	*) fail "$CASE: want a closed stream, got: $RAW" ;;
	esac
	if wait_log "$why" 2; then
		note "log: $(grep -F -- "$why" "$SWLOG" | head -1)"
		if [ -n "$RUSER" ]; then
			grep -F -- "$why" "$SWLOG" | grep -q "refused uid $(id -u "$RUSER") pid" ||
				fail "refusal line does not name the client's uid"
		fi
	else
		fail "no log line '$why'"
	fi
	[ "$(port_socks "$SWDIR" 5)" -eq 0 ] || fail "a data socket for port 5 exists"
fi
sw_alive || bail "switch died"
check_forwarding "$SWDIR" "after the $CASE request"
finish
