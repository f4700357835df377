#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bad-other-user.sh - a client names as its return socket a socket owned
# by another (unprivileged) user, here a 0666 datagram socket of nobody.
# The switch must refuse (the socket is not the client's), say so in the
# log, and never send a frame into that socket.
. "$(dirname "$0")/lib.sh"

need_root "creating users and sockets of other users"
need_vdeclient
start_sw "$T/sw" -m 0666
add_user
U=$NEWUSER
mkdir "$T/nb" "$T/u"
chown nobody "$T/nb"
chown "$U" "$T/u"
start_svc "$T/nb/victim" "$T/victim.out" nobody
svc_probe "$T/nb/victim"

vc B "vde://${SWDIR}[1]" -w "$T/B.go" -g ffffffffffff,0200000000b1,60,3 ||
	bail "broadcasting client did not attach"
RAWREQ_DIR="$T/u" rawreq "$SWDIR" 5 "path:$T/nb/victim" "$U"
case $RAW in
*"-> closed (0 bytes) in "*) ;;
*) fail "request naming nobody's socket: $RAW" ;;
esac
wait_log "refused uid $(id -u "$U") pid" 2 &&
wait_log "belongs to uid $(id -u nobody), not to the client" 1 ||
	fail "refusal not logged with the reason"
go B
sleep 0.5
n=$(wc -l <"$T/victim.out")
[ "$n" -eq 1 ] || fail "the victim socket received $((n - 1)) frame(s) besides the probe"
grep -q "^5 $(printf probe | od -An -tx1 | tr -d ' \n')$" "$T/victim.out" ||
	fail "stand-in service did not record the probe (test broken?)"
sw_alive || bail "switch died"
check_forwarding "$SWDIR" "after the refusal"
finish
