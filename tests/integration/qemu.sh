#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# qemu.sh - spec 9 item 6: QEMU's own VDE backend attaches to the switch
# without a guest (-M none); a QEMU net hub bridges it to a UDP socket
# netdev.  A frame sent from a UDP socket reaches a client on the switch,
# and the client's reply to that source MAC comes back as a UDP datagram.
# QEMU is killed by its PID; its data socket then disappears.
. "$(dirname "$0")/lib.sh"

need_cmd qemu-system-x86_64
need_vdeclient
start_sw "$T/sw"

# two loopback UDP ports derived from our PID (QEMU listens on QP, our
# UDP side on UP)
UP=$((20000 + ($$ % 20000) * 2))
QP=$((UP + 1))
qemu-system-x86_64 -M none -nodefaults -display none -monitor none \
	-serial none -netdev "vde,id=v0,sock=$SWDIR,port=9" \
	-netdev "socket,id=s0,udp=127.0.0.1:$UP,localaddr=127.0.0.1:$QP" \
	-netdev hubport,id=h0,hubid=0,netdev=v0 \
	-netdev hubport,id=h1,hubid=0,netdev=s0 \
	</dev/null >"$T/qemu.log" 2>&1 &
QPID=$!
rec_pid $QPID
if ! wait_socks "$SWDIR" 9 1 10; then
	sed 's/^/#   /' "$T/qemu.log"
	bail "QEMU did not attach to port 9"
fi
wait_log "attached (uid $(id -u) pid $QPID) \"QEMU" 2 ||
	fail "no attach log line for QEMU (pid $QPID, description QEMU)"

MQ=0200000000e1 MC=0200000000c3
vc C "vde://${SWDIR}[3]" -w "$T/C.go" -g $MQ,$MC,60 -n 1 ||
	bail "client on port 3 did not attach"

# UDP side: send one broadcast from MQ when told, then print what arrives
"$PY" - "$UP" "$QP" "$T/udp.go" "$MQ" >"$T/udp.out" 2>&1 <<'PYEOF' &
import os, socket, sys, time
up, qp, gofile, mq = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('127.0.0.1', up))
print('bound', flush=True)
while not os.path.exists(gofile):
    time.sleep(0.02)
f = bytes.fromhex('ffffffffffff' + mq + '0800') + bytes(range(46))
s.sendto(f, ('127.0.0.1', qp))
s.settimeout(5)
try:
    while True:
        d, a = s.recvfrom(65536)
        print(len(d), d.hex(), flush=True)
except socket.timeout:
    pass
PYEOF
UPID=$!
rec_pid $UPID
wait_file "$T/udp.out" 2
i=0
until grep -q bound "$T/udp.out" || [ $i -ge 40 ]; do sleep 0.05; i=$((i + 1)); done
touch "$T/udp.go"
wait_frames C 1 5 || fail "the frame from the UDP side did not reach port 3"
expect_frames C 1 ffffffffffff $MQ "client on port 3 (from QEMU)"
go C
i=0
until [ "$(grep -c "^60 $MQ$MC" "$T/udp.out")" -ge 1 ] || [ $i -ge 60 ]; do
	sleep 0.05
	i=$((i + 1))
done
[ "$(grep -c "^60 $MQ$MC" "$T/udp.out")" -eq 1 ] ||
	fail "reply to $MQ did not come back over QEMU as one 60-byte UDP datagram: $(cut -c1-40 "$T/udp.out" | tr '\n' ' ')"
stop_pid "$UPID"

stop_pid "$QPID"
wait_socks "$SWDIR" 9 0 2 || fail "$SWDIR/009.* still there after QEMU was killed"
wait_log "port 9: endpoint" 1 && wait_log "detached" 1 ||
	fail "QEMU's detach not logged"
sw_alive || fail "switch died"
finish
