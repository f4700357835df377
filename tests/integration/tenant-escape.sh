#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# tenant-escape.sh - one tenant tries every way out of its VLAN and port
# that integ-policy-isolation does not already try (SECURITY.md, "Tenant
# escape routes", lists them all with their tests).  A switch of
# vde-privd; alice may use VLAN 20 (3 ports), bob VLAN 10.  alice:
#  1. sends BPDUs (802.1D config with priority 0, TCN, RST): nobody gets
#     them, rx_drop_bpdu of her port counts 3, the switch stays out of any
#     spanning tree;
#  2. sends link-local frames (LACP, 802.1X EAPOL, LLDP): nobody gets them,
#     rx_drop_linklocal counts 3;
#  3. spoofs bob's MAC addresses as source, broadcast and unicast: the
#     frames stay in VLAN 20 (her other port gets them), bob's unicast
#     between his two ports still reaches him and only him;
#  4. names as her return socket: a socket of bob's, a symlink to it, a
#     path through a directory symlink, a socket in bob's private
#     directory, a root-owned world-writable socket (a stand-in system
#     service), an abstract address: each refused with the reason logged,
#     and nothing is ever written into the sockets she named;
#  5. sends datagrams straight into bob's data socket in the switch
#     directory: refused by the kernel, bob's port counts nothing;
#  6. asks for bob's port, a port beyond the switch, a fourth port beyond
#     her maxports: refused;
#  7. opens the management console (mode 0666, but no mgmt rule for
#     her): refused and
#     logged, and she changes nothing.
# After all of it bob's ports still carry his traffic.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/privd-lib.sh"
. "$(dirname "$0")/plug-lib.sh"
. "$(dirname "$0")/policy-lib.sh"

need_privd
need_vdeclient
alice_and_bob 3 0666

A1=0200000000a1
B1=0200000000b1
B2=0200000000b2
BC=ffffffffffff
MARK=a11cea11cea11ce0	# in every frame alice makes: never in bob's

# pad60 HEX: HEX, then alice's marker, then zeros up to 60 bytes (at least)
pad60() {
	_h=$1$MARK
	_n=$((120 - ${#_h}))
	if [ $_n -gt 0 ]; then printf "%s%0${_n}d" "$_h" 0; else printf %s "$_h"; fi
}

# marked NAME: frames client NAME got that alice made
marked() { grep -c "$MARK" "$T/$1.out"; }

ROOTID=0000${A1}
# 802.1D config BPDU (priority 0: it would be the root), TCN, 802.1w RST
BPDU_CFG=$(pad60 "0180c2000000${A1}0026424203000000000000${ROOTID}00000000${ROOTID}80010000140002000f00")
BPDU_TCN=$(pad60 "0180c2000000${A1}000742420300000080")
BPDU_RST=$(pad60 "0180c2000000${A1}0027424203000002023c${ROOTID}00000000${ROOTID}80010000140002000f0000")
LACP=$(pad60 "0180c2000002${A1}88090101")
EAPOL=$(pad60 "0180c2000003${A1}888e01010000")
LLDP=$(pad60 "0180c200000e${A1}88cc0207")
SPOOF_BC=$(pad60 "${BC}${B1}0800")
SPOOF_UC=$(pad60 "${B2}${B1}0800")
for f in "$BPDU_CFG" "$BPDU_TCN" "$BPDU_RST" "$LACP" "$EAPOL" "$LLDP" \
	"$SPOOF_BC" "$SPOOF_UC"; do
	[ ${#f} -ge 120 ] && [ $((${#f} % 2)) -eq 0 ] || bail "test frame of ${#f} hex digits: $f"
done

# bob: B1 on port 3 announces itself, B2 on port 4 then sends it 3
# unicast frames (after alice's spoofing)
vc_as "$B" VB1 "vde://${D}[3]" -t 60 -w "$T/VB1.go" -g "$BC,$B1,60,1" ||
	bail "bob's client could not attach to port 3"
vc_as "$B" VB2 "vde://${D}[4]" -t 60 -w "$T/VB2.go" -g "$B1,$B2,60,3" ||
	bail "bob's client could not attach to port 4"
# alice: port 1 sends the attack frames, port 2 listens
vc_as "$A" VA1 "vde://${D}[1]" -t 60 -w "$T/VA1.go" \
	-s "$BPDU_CFG" -s "$BPDU_TCN" -s "$BPDU_RST" \
	-s "$LACP" -s "$EAPOL" -s "$LLDP" -s "$SPOOF_BC" -s "$SPOOF_UC" ||
	bail "alice's client could not attach to port 1"
vc_as "$A" VA2 "vde://${D}[2]" -t 60 || bail "alice's client could not attach to port 2"
go VB1
wait_frames VB2 1 3 || bail "bob's port 4 did not get his broadcast from port 3"

# --- 1-3: BPDUs, link-local frames, spoofed source MACs --------------------
bpdu0=$(counter 1 rx_drop_bpdu)
ll0=$(counter 1 rx_drop_linklocal)
mg "$M" stp/showinfo
grep -v '^vde\$' "$T/mg.out" | grep -v '^[0-9]\{4\} ' >"$T/stp.before"
go VA1
wait_count 2 3 marked VA2 || fail "alice's spoofed frames did not reach her own port 2 (VLAN 20)"
sleep 0.5
bpdu1=$(counter 1 rx_drop_bpdu)
ll1=$(counter 1 rx_drop_linklocal)
note "1. BPDUs: rx_drop_bpdu of alice's port $bpdu0 -> $bpdu1"
note "2. link-local: rx_drop_linklocal of alice's port $ll0 -> $ll1"
[ $((bpdu1 - bpdu0)) -eq 3 ] || fail "rx_drop_bpdu counted $((bpdu1 - bpdu0)) of 3 BPDUs"
[ $((ll1 - ll0)) -eq 3 ] || fail "rx_drop_linklocal counted $((ll1 - ll0)) of 3 link-local frames"
n=$(awk 'NF == 2 && substr($2, 1, 10) == "0180c20000" { n++ } END { print n + 0 }' \
	"$T/VA2.out" "$T/VB1.out" "$T/VB2.out")
[ "$n" -eq 0 ] || fail "$n BPDU or link-local frame(s) reached a port"
mg "$M" stp/showinfo
grep -v '^vde\$' "$T/mg.out" | grep -v '^[0-9]\{4\} ' >"$T/stp.after"
diff "$T/stp.before" "$T/stp.after" >/dev/null ||
	fail "alice's BPDUs changed the spanning tree: $(diff "$T/stp.before" "$T/stp.after" | tr '\n' ' ')"
[ "$(marked VA2)" -eq 2 ] || fail "alice's port 2 got $(marked VA2) of her 2 spoofed frames (want exactly those)"
go VB2
wait_count 3 3 frames VB1 "$B1" "$B2" ||
	fail "3. bob's unicast to $B1 after alice spoofed it: $(frames VB1 "$B1" "$B2") of 3 reached him"
sleep 0.3
note "3. MAC spoofing: bob's port 3 got $(frames VB1 "$B1" "$B2") of bob's 3 frames to $B1; alice's ports got $(($(frames VA1 "$B1" "$B2") + $(frames VA2 "$B1" "$B2"))) of them"
[ "$(marked VB1)" -eq 0 ] && [ "$(marked VB2)" -eq 0 ] ||
	fail "bob got alice's frames: port 3 $(marked VB1), port 4 $(marked VB2)"
[ "$(frames VA1 "$B1" "$B2")" -eq 0 ] || fail "alice's port 1 got bob's unicast"
[ "$(frames VA2 "$B1" "$B2")" -eq 0 ] || fail "alice's port 2 got bob's unicast"

# --- 4: return sockets ----------------------------------------------------
mkdir -m 0755 "$T/bob" "$T/alice"
mkdir -m 0700 "$T/bobpriv"
chown "$B" "$T/bob" "$T/bobpriv"
chown "$A" "$T/alice"
start_svc "$T/bob/svc" "$T/bobsvc.out" "$B"
BOBSVC=$SVCPID
start_svc "$T/bobpriv/svc" "$T/bobpriv.out" "$B"
start_svc "$T/rootsvc" "$T/rootsvc.out"
as_user "$A" ln -s "$T/bob/svc" "$T/alice/link"
as_user "$A" ln -s "$T/bob" "$T/alice/dirlink"
for s in "$T/bob/svc" "$T/bobpriv/svc" "$T/rootsvc"; do svc_probe "$s"; done
# case PATH WHY: alice's request naming PATH is refused, WHY logged
retsock() {
	rawreq "$D" 0 "$2" "$A"
	case $RAW in
	*ACCEPTED*) fail "4. return socket $1: $RAW" ;;
	esac
	_i=0
	until grep "refused uid $AUID pid [0-9]* port" "$PRIVDLOG" | grep -qF -- "$3"; do
		[ $_i -ge 40 ] && { fail "4. $1: no refusal naming '$3' logged"; return; }
		sleep 0.05
		_i=$((_i + 1))
	done
	note "4. $1: $(grep "refused uid $AUID pid [0-9]* port" "$PRIVDLOG" | grep -F -- "$3" | tail -n 1 | sed 's/.*port [0-9]*: //')"
}
retsock "bob's socket" "path:$T/bob/svc" "belongs to uid $(id -u "$B")"
retsock "a symlink to bob's socket" "path:$T/alice/link" "return address $T/alice/link is not a socket"
retsock "bob's socket through a directory symlink" "path:$T/alice/dirlink/svc" "$T/alice/dirlink/svc belongs to uid"
retsock "a socket in bob's private directory" "path:$T/bobpriv/svc" "$T/bobpriv/svc"
retsock "a root-owned world-writable service" "path:$T/rootsvc" "belongs to uid 0"
retsock "an abstract address" abstract "abstract"
alive "$BOBSVC" || fail "bob's service died"
for o in bobsvc bobpriv rootsvc; do
	[ "$(grep -cv '^5 70726f6265$' "$T/$o.out")" -eq 0 ] ||
		fail "4. the switch wrote into $o: $(grep -v '^5 70726f6265$' "$T/$o.out" | head -c 200)"
	[ "$(grep -c '^5 70726f6265$' "$T/$o.out")" -eq 1 ] ||
		fail "4. $o did not get our probe (the check would see nothing)"
done

# --- 5: bob's data socket -------------------------------------------------
rx0=$(counter 3 rx_frames)
for ds in "$D"/003.*; do
	[ -S "$ds" ] || fail "5. no data socket of port 3 in $D"
	r=$(as_user "$A" "$PY" -c 'import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
f = bytes.fromhex(sys.argv[2])
try:
    s.sendto(f, sys.argv[1]); print("sent")
except OSError as e:
    print("refused:", e.strerror)' "$ds" "$(pad60 "${B1}${A1}0800")")
	note "5. alice sends into bob's data socket $(basename "$ds"): $r"
	case $r in refused:*) ;; *) fail "5. alice could send into $ds: $r" ;; esac
done
rx1=$(counter 3 rx_frames)
[ "$rx1" = "$rx0" ] || fail "5. bob's port 3 received $((rx1 - rx0)) frame(s)"

# --- 6: ports -------------------------------------------------------------
for p in 3 99; do
	try "$A" "vde://${D}[$p]"
	case $TRY in FAILED*) ;; *) fail "6. alice's request for port $p: $TRY" ;; esac
done
refusal "$AUID" 3 "port in use by another user" || fail "6. no refusal of port 3 logged"
vc_as "$A" VA3 "vde://${D}" || fail "6. alice cannot use her third port"
try "$A" "vde://${D}"
case $TRY in FAILED*) ;; *) fail "6. alice got a fourth port (maxports 3): $TRY" ;; esac
refusal "$AUID" 0 "its maximum" || fail "6. no refusal at maxports logged"
note "6. $(grep "refused uid $AUID pid [0-9]* port" "$PRIVDLOG" | grep -v return | sed 's/.*: refused/refused/' | sort -u | tr '\n' ';')"

# --- 7: the console --------------------------------------------------------
mg "$M" vlan/allprint
grep -v '^vde\$' "$T/mg.out" >"$T/vlans.before"
mg_as "$A" "$M" "vlan/addport 10 1" "port/setvlan 2 10" "port/remove 3"
mg_has 'vde$' && fail "7. alice got a console prompt: $(mg_results)"
wait_log_n "mgmt: refused uid $AUID pid" 1 2 || fail "7. alice's console connection not logged as refused"
note "7. console: $(grep "mgmt: refused uid $AUID" "$PRIVDLOG" | tail -n 1 | sed 's/.*mgmt: //')"
mg "$M" vlan/allprint
grep -v '^vde\$' "$T/mg.out" >"$T/vlans.after"
diff "$T/vlans.before" "$T/vlans.after" >/dev/null || fail "7. the VLANs changed"

# --- bob is undisturbed ---------------------------------------------------
alive "$(pid_of VB1)" && alive "$(pid_of VB2)" || fail "a client of bob died"
vc_as "$B" VB3 "vde://${D}[6]" -w "$T/VB3.go" -g "$B1,0200000000b3,60,2" ||
	fail "bob cannot attach a new port"
go VB3
wait_count 2 3 frames VB1 "$B1" 0200000000b3 || fail "bob's new port cannot reach his port 3"
alive "$(kid_pid lan)" || fail "switch lan died"
finish
