# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# cable-lib.sh - helpers for the vde-cable tests (cable-*.sh), sourced
# after lib.sh.
#
# Topology (every name carries the test's PID; addresses exist only
# inside the namespaces made here):
#
#   netns hA                netns cA          netns cB          netns hB
#   tap ta 192.168.66.1     vde-cable A       vde-cable B       tap tb 192.168.66.2
#     |                     veth va 10.66.0.1 ==== veth vb 10.66.0.2 |
#   vde-switchd A -t ta  ----(unix sockets)    (unix sockets)---- vde-switchd B -t tb
#
# The switches run inside hA/hB (started by root, running as nobody) and
# create their taps there; the cable ends run inside cA/cB and reach the
# switch directories by path (unix sockets work across namespaces).  A is
# the listener (responder), B the initiator (--connect).  Each cable end
# has a console (-M), read with mgmt.py: "cable/peers" gives one line of
# key=value words per peer, "cable/stats" the global counters.
#
# Environment: VDECABLE (vde-cable), SWITCHD, DPIPE (vde-dpipe, for the
# stdio stream case).  CABLE_EXTRA: extra options for both cable ends
# (word-split), e.g. "-v".

# shellcheck disable=SC2034,SC2154 # names for the tests; set through eval
VDECABLE=${VDECABLE:-}
DPIPE=${DPIPE:-}
N=cb$$
NS_CA=${N}cA
NS_CB=${N}cB
NS_HA=${N}hA
NS_HB=${N}hB
VETH_A=${N}va
VETH_B=${N}vb
TAP_A=${N}ta
TAP_B=${N}tb
CNET=10.66.0
IP_CA=$CNET.1
IP_CB=$CNET.2
HNET=192.168.66
IP_HA=$HNET.1
IP_HB=$HNET.2
CPORT=51820
CM_A=$T/cmA		# consoles of the cable ends
CM_B=$T/cmB
SW_A=$T/swA
SW_B=$T/swB
CABLE_EXTRA=${CABLE_EXTRA:-}

# need_cable: root, the tools, a built vde-cable
need_cable() {
	need_root "network namespaces, taps and veth"
	need_cmd ip ping tcpdump
	[ -c /dev/net/tun ] || skip "no /dev/net/tun"
	need_switchd
	[ -n "$VDECABLE" ] && [ -x "$VDECABLE" ] || bail "VDECABLE not set"
}

# --- topology -------------------------------------------------------------

# quiet_ns NS: no IPv6 (no neighbour discovery or router solicitations on
# the links we capture)
quiet_ns() {
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 >/dev/null 2>&1
}

# cable_sites [NOVETH]: namespaces cA and cB joined by a veth pair with
# 10.66.0.1/24 and 10.66.0.2/24 (no veth with NOVETH=1: sites without
# any network but loopback)
cable_sites() {
	add_netns "$NS_CA"
	add_netns "$NS_CB"
	quiet_ns "$NS_CA"
	quiet_ns "$NS_CB"
	[ "${1:-0}" = 1 ] && return 0
	ip link add "$VETH_A" netns "$NS_CA" type veth peer name "$VETH_B" \
		netns "$NS_CB" || bail "cannot make a veth pair"
	ip -n "$NS_CA" addr add "$IP_CA/24" dev "$VETH_A"
	ip -n "$NS_CB" addr add "$IP_CB/24" dev "$VETH_B"
	ip -n "$NS_CA" link set "$VETH_A" up
	ip -n "$NS_CB" link set "$VETH_B" up
}

# cable_switch A|B [OPTS]: switch A (or B) in namespace hA (hB), started
# by root, running as nobody, with a tap there given 192.168.66.1 (.2)
cable_switch() {
	_s=$1
	shift
	eval "_ns=\$NS_H$_s _tap=\$TAP_$_s _ip=\$IP_H$_s _dir=\$SW_$_s"
	add_netns "$_ns"
	quiet_ns "$_ns"
	SW_PREFIX="ip netns exec $_ns" start_sw "$_dir" -u nobody -m 0666 \
		-M "$T/m$_s" -t "$_tap" "$@"
	eval "SWPID_$_s=\$SWPID SWLOG_$_s=\$SWLOG"
	wait_tap "$_ns" "$_tap" "$SWLOG"
	ip -n "$_ns" addr add "$_ip/24" dev "$_tap"
	ip -n "$_ns" link set "$_tap" up
}

# cable_topo: sites, both switches and their taps
cable_topo() {
	cable_sites "${1:-0}"
	cable_switch A
	cable_switch B
}

# --- keys and peers -------------------------------------------------------

# cable_key NAME: $T/NAME.key (0600) and $T/NAME.pub
cable_key() {
	( umask 077 && "$VDECABLE" genkey >"$T/$1.key" ) ||
		bail "vde-cable genkey failed"
	chmod 0600 "$T/$1.key"
	"$VDECABLE" pubkey <"$T/$1.key" >"$T/$1.pub" ||
		bail "vde-cable pubkey failed"
	[ "$(wc -c <"$T/$1.pub")" -ge 44 ] || bail "pubkey: '$(cat "$T/$1.pub")'"
}

# pub NAME: the public key text of NAME
pub() { head -n 1 "$T/$1.pub"; }

# cable_keys: keys a and b; A's peers file names b, B's names a
cable_keys() {
	cable_key a
	cable_key b
	echo "$(pub b) name=b" >"$T/a.peers"
	echo "$(pub a) name=a" >"$T/b.peers"
}

# --- cable ends -----------------------------------------------------------

# cable_start A|B|C NETNS|- ARGS...: a cable end for switch A (B, C) in the
# namespace (- for ours), with its key, its peers file and a console;
# PID in CPID_A (CPID_B), log $T/cableA.log (B).  Waits for the console.
cable_start() {
	_s=$1
	_ns=$2
	shift 2
	_l=$(echo "$_s" | tr '[:upper:]' '[:lower:]')
	eval "_dir=\$SW_$_s _cm=\$CM_$_s"
	rm -f "$_cm"
	_pre=""
	[ "$_ns" != - ] && _pre="ip netns exec $_ns"
	# shellcheck disable=SC2086 # prefix and extra options split on purpose
	$_pre "$VDECABLE" -s "$_dir" --key "$T/$_l.key" \
		--peers "$T/$_l.peers" -M "$_cm" -f $CABLE_EXTRA "$@" \
		</dev/null >>"$T/cable$_s.log" 2>&1 &
	eval "CPID_$_s=\$!"
	rec_pid $!
	_p=$!
	_i=0
	until [ -S "$_cm" ]; do
		if ! alive "$_p" || [ $_i -ge 200 ]; then
			sed 's/^/#   /' "$T/cable$_s.log"
			bail "cable end $_s did not start (no console $_cm)"
		fi
		sleep 0.05
		_i=$((_i + 1))
	done
}

# cable_udp: the usual UDP cable, A listening on 10.66.0.1, B connecting
cable_udp() {
	cable_start A "$NS_CA" --listen "$IP_CA:$CPORT" "$@"
	cable_start B "$NS_CB" --connect "$IP_CA:$CPORT" "$@"
}

# cable_up [OPTS]: the usual test set-up: topology, keys, the UDP cable
# (OPTS for both ends), and a ping from hA to hB through it
cable_up() {
	need_cable
	cable_topo
	cable_keys
	cable_udp "$@"
	cable_wait_up 20 || bail "no ping from hA to hB through the cable"
}

# cable_stop A|B
cable_stop() {
	eval "_p=\$CPID_$1"
	stop_pid "$_p"
}

# cable_logs: both cable logs as diagnostics
cable_logs() {
	for _s in A B; do
		[ -f "$T/cable$_s.log" ] || continue
		note "cable $_s log (last lines):"
		tail -n 15 "$T/cable$_s.log" | sed 's/^/#   /'
	done
}

# --- console --------------------------------------------------------------

# cable_mg A|B CMD...: a console session on cable end A (B), in MG
cable_mg() {
	eval "_cm=\$CM_$1"
	shift
	mg "$_cm" "$@"
}

# cable_peer A|B NAME FIELD: a field of NAME's line in cable/peers
# (empty if there is none)
cable_peer() {
	cable_mg "$1" cable/peers >/dev/null 2>&1
	tr -d '\r' <"$T/mg.out" | awk -v n="$2" -v f="$3" '
		{ for (i = 1; i <= NF; i++) if ($i == "name=" n) hit = 1 }
		hit { for (i = 1; i <= NF; i++) if (index($i, f "=") == 1) {
			print substr($i, length(f) + 2); exit } }'
}

# cable_stat A|B FIELD: a global counter from cable/stats
cable_stat() {
	cable_mg "$1" cable/stats >/dev/null 2>&1
	tr -d '\r' <"$T/mg.out" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -n 1
}

# num VALUE: VALUE if a number, else 0
num() { case $1 in '' | *[!0-9]*) echo 0 ;; *) echo "$1" ;; esac; }

# peer_num A|B NAME FIELD: cable_peer as a number (0 if missing)
peer_num() { num "$(cable_peer "$@")"; }
stat_num() { num "$(cable_stat "$@")"; }

# show_peers: both ends' cable/peers and cable/stats as diagnostics
show_peers() {
	for _s in A B; do
		eval "_cm=\$CM_$_s"
		[ -S "$_cm" ] || continue
		cable_mg "$_s" cable/peers cable/stats >/dev/null 2>&1
		tr -d '\r' <"$T/mg.out" | grep '=' | sed "s/^/#   $_s: /"
	done
}

# --- traffic --------------------------------------------------------------

# wait_ping FROM_NS ADDR SECS: until one ping gets through
wait_ping() {
	_t0=$(date +%s)
	until ip netns exec "$1" ping -c 1 -W 1 -q "$2" >/dev/null 2>&1; do
		[ $(($(date +%s) - _t0)) -ge "$3" ] && return 1
		sleep 0.2
	done
	return 0
}

# cable_wait_up [SECS]: hA reaches hB through the cable
cable_wait_up() {
	wait_ping "$NS_HA" "$IP_HB" "${1:-20}" && return 0
	cable_logs
	show_peers
	return 1
}

# The transfer helper: "recv PORT OUT" accepts one TCP connection and
# writes "BYTES SHA256" of what it read to OUT (then exits); "send HOST
# PORT BYTES [BYTES_PER_S]" sends BYTES of random data (paced if asked)
# and prints "BYTES SHA256" of what it sent.
XFER_PY='import hashlib, os, socket, sys, time
if sys.argv[1] == "recv":
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", int(sys.argv[2])))
    s.listen(1)
    open(sys.argv[3] + ".ready", "w").close()
    s.settimeout(120)
    c, _ = s.accept()
    c.settimeout(60)
    h = hashlib.sha256()
    n = 0
    while True:
        d = c.recv(1 << 16)
        if not d:
            break
        h.update(d)
        n += len(d)
    with open(sys.argv[3], "w") as f:
        f.write("%d %s\n" % (n, h.hexdigest()))
else:
    total = int(sys.argv[4])
    rate = float(sys.argv[5]) if len(sys.argv) > 5 else 0
    c = socket.create_connection((sys.argv[2], int(sys.argv[3])), 10)
    c.settimeout(60)
    h = hashlib.sha256()
    n = 0
    t0 = time.monotonic()
    while n < total:
        d = os.urandom(min(1 << 16, total - n))
        c.sendall(d)
        h.update(d)
        n += len(d)
        if rate > 0:
            ahead = n / rate - (time.monotonic() - t0)
            if ahead > 0:
                time.sleep(ahead)
    c.shutdown(socket.SHUT_WR)
    c.settimeout(60)
    while c.recv(1 << 16):
        pass
    print("%d %s" % (n, h.hexdigest()))'

# xfer_start BYTES [BYTES_PER_S]: a checksummed TCP transfer from hA to
# hB in the background (PID in XFER_PID); xfer_check WHAT then waits for
# it and compares
xfer_start() {
	rm -f "$T/xfer.recv" "$T/xfer.recv.ready"
	ip netns exec "$NS_HB" "$PY" -c "$XFER_PY" recv 5001 "$T/xfer.recv" \
		>"$T/xfer-recv.log" 2>&1 &
	XFER_RPID=$!
	rec_pid $XFER_RPID
	wait_file "$T/xfer.recv.ready" 5 || bail "transfer receiver did not start"
	ip netns exec "$NS_HA" "$PY" -c "$XFER_PY" send "$IP_HB" 5001 "$@" \
		>"$T/xfer.sent" 2>"$T/xfer-send.log" &
	XFER_PID=$!
	rec_pid $XFER_PID
}

# xfer_check WHAT [SECS]: the transfer completed, same bytes both ends
xfer_check() {
	if ! wait_exit "$XFER_PID" "${2:-40}"; then
		stop_pid "$XFER_PID"
		fail "$1: transfer did not complete in ${2:-40} s"
		return 1
	fi
	wait_exit "$XFER_RPID" 5 || stop_pid "$XFER_RPID"
	_s=$(cat "$T/xfer.sent" 2>/dev/null)
	_r=$(cat "$T/xfer.recv" 2>/dev/null)
	note "$1: sent '$_s', received '$_r'"
	if [ -z "$_s" ] || [ "$_s" != "$_r" ]; then
		sed 's/^/#   /' "$T/xfer-send.log" "$T/xfer-recv.log"
		fail "$1: transfer sent '$_s' but received '$_r'"
		return 1
	fi
	return 0
}

# --- captures -------------------------------------------------------------

# cap_start NAME NS IF [FILTER...]: tcpdump -w $T/NAME.pcap in NS on IF,
# waits until it listens; PID in CAP_NAME
cap_start() {
	_n=$1
	_ns=$2
	_if=$3
	shift 3
	ip netns exec "$_ns" tcpdump -i "$_if" -n -U --immediate-mode -B 8192 -s 0 -w "$T/$_n.pcap" \
		"$@" >"$T/$_n.tcpdump" 2>&1 &
	eval "CAP_$_n=\$!"
	rec_pid $!
	_i=0
	until grep -q 'listening on' "$T/$_n.tcpdump" 2>/dev/null; do
		[ $_i -ge 100 ] && bail "tcpdump on $_if did not start: $(cat "$T/$_n.tcpdump")"
		sleep 0.05
		_i=$((_i + 1))
	done
}

# cap_stop NAME: stop the capture (SIGINT: it flushes)
cap_stop() {
	eval "_p=\$CAP_$1"
	sleep 0.3
	stop_pid "$_p" INT
}

# PCAP_PY: reads a pcap file (Ethernet or Linux cooked link type)
#   count FILE           -> number of packets
#   grep FILE HEX...     -> packets containing any of the byte strings
#   udp FILE [SRC]       -> "src sport dst dport type len" per IPv4/UDP
#   udpdump FILE OUT SRC DPORT TYPE -> the Ethernet frames of the UDP
#                           packets from SRC to DPORT whose first payload
#                           byte is TYPE, as "hex" lines in OUT; prints
#                           how many
PCAP_PY='import struct, sys
def packets(path):
    b = open(path, "rb").read()
    if len(b) < 24:
        return
    magic = struct.unpack("<I", b[:4])[0]
    e = "<" if magic in (0xa1b2c3d4, 0xa1b23c4d) else ">"
    link = struct.unpack(e + "I", b[20:24])[0]
    i = 24
    while i + 16 <= len(b):
        caplen = struct.unpack(e + "I", b[i + 8:i + 12])[0]
        yield link, b[i + 16:i + 16 + caplen]
        i += 16 + caplen
def udp(link, p):
    off = 14 if link == 1 else 16
    if len(p) < off + 28 or p[off - 2:off] != b"\x08\x00":
        return None
    ip = p[off:]
    if ip[9] != 17:
        return None
    hl = (ip[0] & 15) * 4
    src = ".".join(str(x) for x in ip[12:16])
    dst = ".".join(str(x) for x in ip[16:20])
    sport, dport = struct.unpack(">HH", ip[hl:hl + 4])
    return src, sport, dst, dport, ip[hl + 8:]
cmd, path = sys.argv[1], sys.argv[2]
if cmd == "count":
    print(sum(1 for _ in packets(path)))
elif cmd == "grep":
    pats = [bytes.fromhex(h) for h in sys.argv[3:]]
    print(sum(1 for _, p in packets(path) if any(x in p for x in pats)))
elif cmd == "udp":
    for link, p in packets(path):
        u = udp(link, p)
        if u and (len(sys.argv) < 4 or u[0] == sys.argv[3]):
            print(u[0], u[1], u[2], u[3], u[4][0] if u[4] else -1, len(u[4]))
elif cmd == "udpdump":
    n = 0
    with open(sys.argv[3], "w") as f:
        for link, p in packets(path):
            u = udp(link, p)
            if (link == 1 and u and u[0] == sys.argv[4] and
                    u[3] == int(sys.argv[5]) and u[4][:1] == bytes([int(sys.argv[6])])):
                f.write(p.hex() + "\n")
                n += 1
    print(n)'

pcap() { "$PY" -c "$PCAP_PY" "$@"; }

# hexof TEXT: the bytes of TEXT in hex
hexof() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }

# IMPAIR_PY LISTEN_ADDR LISTEN_PORT TO_ADDR TO_PORT STATS LOSS DUP REORDER:
# a userspace stand-in for tc netem (for kernels without sch_netem): a
# UDP relay whose "front" socket takes the initiator's datagrams and
# sends them to TO from its "back" socket, and sends what comes back to
# the initiator's last address.  In each direction every datagram is
# dropped with probability LOSS, sent twice with DUP, and held back with
# REORDER until the next one has gone (or 20 ms passed).  SIGUSR1 makes
# it a NAT that rebinds: the back socket is replaced by one on a new
# port.  Ends on SIGTERM or after 120 s; writes its counters to STATS.
IMPAIR_PY='import random, select, signal, socket, sys, time
la, lp, ta, tp, stats = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
loss, dup, reo = (float(x) for x in sys.argv[6:9])
front = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
front.bind((la, lp))
back = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
back.connect((ta, tp))
peer = [None]
st = dict(rx=0, sent=0, dropped=0, duplicated=0, reordered=0)
held = {}
def out(d, what):
    try:
        if d == "fwd":
            back.send(what)
        elif peer[0]:
            front.sendto(what, peer[0])
        st["sent"] += 1
    except OSError:
        pass
def handle(d, pkt):
    st["rx"] += 1
    if random.random() < loss:
        st["dropped"] += 1
        return
    n = 2 if random.random() < dup else 1
    st["duplicated"] += n - 1
    if d not in held and random.random() < reo:
        held[d] = (pkt, n, time.monotonic())
        st["reordered"] += 1
        return
    for _ in range(n):
        out(d, pkt)
    if d in held:
        p, k, _ = held.pop(d)
        for _ in range(k):
            out(d, p)
def bye(*_):
    with open(stats, "w") as f:
        f.write(" ".join("%s=%d" % kv for kv in st.items()) + "\n")
    sys.exit(0)
rebind = [False]
def usr1(*_):
    rebind[0] = True
signal.signal(signal.SIGTERM, bye)
signal.signal(signal.SIGUSR1, usr1)
with open(stats + ".port", "w") as f:
    f.write("%d\n" % back.getsockname()[1])
open(stats + ".ready", "w").close()
end = time.monotonic() + 120
while time.monotonic() < end:
    if rebind[0]:
        rebind[0] = False
        old = back
        back = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        back.connect((ta, tp))
        old.close()
        st["rebinds"] = st.get("rebinds", 0) + 1
        with open(stats + ".port", "w") as f:
            f.write("%d\n" % back.getsockname()[1])
    try:
        r, _, _ = select.select([front, back], [], [], 0.005)
    except InterruptedError:
        continue
    for s in r:
        try:
            if s is front:
                pkt, src = front.recvfrom(65536)
                peer[0] = src
                handle("fwd", pkt)
            else:
                handle("rev", back.recv(65536))
        except OSError:
            pass
    now = time.monotonic()
    for d in list(held):
        if now - held[d][2] > 0.02:
            p, k, _ = held.pop(d)
            for _ in range(k):
                out(d, p)
bye()'
