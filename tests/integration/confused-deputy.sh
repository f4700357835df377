#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# confused-deputy.sh - spec 2.6: a root-owned, world-writable datagram
# socket stands in for a system service (/dev/log).  An unprivileged
# client (a test user, then nobody - the account the switch itself runs
# as) names it as its return socket, directly and through a symlink of
# its own.  vde_switch accepts and later sends
# switched frames into the service; our switch must refuse, log why, and
# the service must receive nothing but our own probe.  With "debian" the
# case runs against vde_switch 2.3.2, where it must fail.
. "$(dirname "$0")/lib.sh"

IMPL=${1:-ours}
need_root "a root-owned service socket and other users"
need_vdeclient
start_impl "$IMPL" "$T/sw" -m 0666
add_user
U=$NEWUSER
mkdir "$T/u"
chown "$U" "$T/u"
chmod 0777 "$T/u"
start_svc "$T/rootsvc" "$T/svc.out"
svc_probe "$T/rootsvc"

vc B "vde://${SWDIR}[1]" -w "$T/B.go" -g ffffffffffff,0200000000b1,60,3 ||
	bail "broadcasting client did not attach"
for who in "$U" nobody; do
	RAWREQ_DIR="$T/u" rawreq "$SWDIR" 5 "path:$T/rootsvc" "$who"
	case $RAW in
	*"-> closed (0 bytes) in "*) ;;
	*) fail "$who naming a root-owned service socket: $RAW" ;;
	esac
	[ "$IMPL" = ours ] || continue
	wait_log "refused uid $(id -u "$who") pid" 2 ||
		fail "refusal of $who not logged"
done
if [ "$IMPL" = ours ]; then
	[ "$(grep -c "belongs to uid 0, not to the client" "$SWLOG")" -eq 2 ] ||
		fail "want two refusals 'belongs to uid 0, not to the client' in the log"
fi
# the same through a symlink the user owns
as_user "$U" ln -s "$T/rootsvc" "$T/u/link" || fail "user could not create the symlink"
RAWREQ_DIR="$T/u" rawreq "$SWDIR" 5 "path:$T/u/link" "$U"
case $RAW in
*"-> closed (0 bytes) in "*) ;;
*) fail "$U naming a symlink to the service socket: $RAW" ;;
esac
if [ "$IMPL" = ours ]; then
	wait_log "return address $T/u/link is not a socket" 2 ||
		fail "refusal of the symlink not logged"
fi
go B
sleep 0.5
n=$(wc -l <"$T/svc.out")
[ "$n" -eq 1 ] || fail "the root service received $((n - 1)) frame(s) besides the probe"
grep -q "^5 70726f6265$" "$T/svc.out" ||
	fail "stand-in service did not record the probe (test broken?)"
sw_alive || bail "switch died"
check_forwarding "$SWDIR" "after the refusals"
finish
