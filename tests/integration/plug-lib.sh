# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# plug-lib.sh - sourced by the plug-*.sh tests after lib.sh: our vde-plug
# as a background client, byte-exact stream records, timed writes.
#
# Two programs share a name here: Debian's vde_plug (vdeplug4, on PATH,
# always called "vde_plug") and ours, always called "$VDEPLUG" (env, set
# by tests/integration/meson.build to the build's plugd/vde-plug).
#
# Frames are made by rframe: a chosen destination and source MAC,
# EtherType 88b5 (local experimental) and a pseudo-random payload that
# contains every byte value, so that a receiver's records can be compared
# byte for byte (recs prints one record per line, in hex).

VDEPLUG=${VDEPLUG:-}

need_vdeplug() {
	[ -n "$VDEPLUG" ] && [ -x "$VDEPLUG" ] || bail "VDEPLUG not set"
}

# oplug NAME URL [ARGS]: our vde-plug in the background, as plug() runs
# Debian's: stdin the fifo $T/NAME.in held open by a recorded sleep,
# stdout $T/NAME.out, stderr $T/NAME.err, PID in PID_NAME
oplug() {
	need_vdeplug
	_n=$1
	_url=$2
	shift 2
	mkfifo "$T/$_n.in"
	sleep 600 >"$T/$_n.in" &
	rec_pid $!
	"$VDEPLUG" "$@" "$_url" <"$T/$_n.in" >"$T/$_n.out" 2>"$T/$_n.err" &
	eval "PID_$_n=\$!"
	rec_pid $!
}

# anyplug ours|debian NAME URL [ARGS]: oplug or plug
anyplug() {
	_impl=$1
	shift
	case $_impl in
	ours) oplug "$@" ;;
	debian) plug "$@" ;;
	*) bail "unknown plug implementation '$_impl'" ;;
	esac
}

# attached DIR PORT WHAT: wait until PORT has a data socket, else bail
attached() {
	wait_socks "$1" "$2" 1 3 || bail "$3 did not attach to $1 port $2"
}

# rframe DST SRC LEN SEED: one stream record (2-byte big-endian length and
# a LEN-byte frame: DST SRC 88b5, payload seeded by SEED)
rframe() {
	"$PY" -c 'import random, struct, sys
d, s, n, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
f = bytes.fromhex(d + s + "88b5") + random.Random(seed).randbytes(max(n - 14, 0))
sys.stdout.buffer.write(struct.pack(">H", n) + f[:n])' "$@"
}

# recs FILE: the records of a stream capture, one per line in hex; bytes
# left over at the end are shown as "PARTIAL N"
recs() {
	"$PY" -c 'import sys
b = open(sys.argv[1], "rb").read(); i = 0
while i + 2 <= len(b):
    n = b[i] << 8 | b[i + 1]
    if i + 2 + n > len(b): break
    print(b[i + 2:i + 2 + n].hex()); i += 2 + n
if i < len(b): print("PARTIAL %d" % (len(b) - i))' "$1"
}

# nrecs FILE: how many complete records FILE holds
nrecs() { recs "$1" | grep -vc '^PARTIAL'; }

# wait_recs FILE COUNT [SECS]: until FILE holds at least COUNT records
wait_recs() { wait_count "$2" "${3:-3}" nrecs "$1"; }

# expect_recs WHAT GOT WANT: the stream capture GOT holds exactly the
# records of the stream file WANT, in order, byte for byte (waits up to
# 3 s for them, then 0.2 s more for extra ones)
expect_recs() {
	wait_recs "$2" "$(nrecs "$3")" 3
	sleep 0.2
	recs "$2" >"$T/got.hex"
	recs "$3" >"$T/want.hex"
	if ! cmp -s "$T/got.hex" "$T/want.hex"; then
		fail "$1: received records differ from those sent (lengths got '$(lens "$2" | cut -c1-80)', want '$(lens "$3" | cut -c1-80)')"
		diff "$T/want.hex" "$T/got.hex" | cut -c1-72 | head -8 |
			sed 's/^/#   /'
		return 1
	fi
	note "$1: $(nrecs "$3") record(s) byte-exact ($(lens "$3"))"
	return 0
}

# twrite FILE|@SECS...: write each FILE to stdout with a single write(2),
# sleeping SECS at each @SECS (pipe it into a plug)
twrite() {
	"$PY" -c 'import os, sys, time
for a in sys.argv[1:]:
    if a.startswith("@"):
        time.sleep(float(a[1:])); continue
    b = open(a, "rb").read()
    try:
        n = os.write(1, b)
    except BrokenPipeError:
        sys.exit(0)
    if n != len(b): sys.exit("short write to the pipe")' "$@"
}

# mkrecs OUT DST SRC SEEDPREFIX LEN...: stream file OUT with one record
# per LEN (seeds SEEDPREFIX-1, SEEDPREFIX-2, ...)
mkrecs() {
	_o=$1
	_d=$2
	_s=$3
	_sp=$4
	shift 4
	: >"$_o"
	_k=0
	for _l in "$@"; do
		_k=$((_k + 1))
		rframe "$_d" "$_s" "$_l" "$_sp-$_k" >>"$_o"
	done
}

# children PID: the PIDs of the direct children of PID
children() {
	cat "/proc/$1/task/"*/children 2>/dev/null
}

# rec_children PID: record the children of PID (started through it)
rec_children() {
	for _c in $(children "$1"); do rec_pid "$_c"; done
}

# trickle FILE [GAP]: write the records of the stream file FILE to stdout
# one write(2) each, GAP seconds apart (default 0.02), so that a reader
# never finds a record boundary inside a read (Debian's vde_plug loses a
# length prefix split between two reads)
trickle() {
	"$PY" -c 'import os, sys, time
b = open(sys.argv[1], "rb").read(); gap = float(sys.argv[2]); i = 0
while i + 2 <= len(b):
    n = 2 + (b[i] << 8 | b[i + 1])
    if os.write(1, b[i:i + n]) != n: sys.exit("short write to the pipe")
    i += n; time.sleep(gap)' "$1" "${2:-0.02}"
}

# rawrec LEN [NBYTES]: a length prefix LEN followed by NBYTES (default
# LEN) bytes 0x5a, whatever LEN is (runts, zero and oversized lengths)
rawrec() {
	"$PY" -c 'import struct, sys
n = int(sys.argv[1]); m = int(sys.argv[2]) if len(sys.argv) > 2 else n
sys.stdout.buffer.write(struct.pack(">H", n) + b"\x5a" * m)' "$@"
}

# padrec FILE: the records of the stream file FILE padded with zeros to 60
# bytes, as our switch delivers frames shorter than 60
padrec() {
	"$PY" -c 'import struct, sys
b = open(sys.argv[1], "rb").read(); i = 0
while i + 2 <= len(b):
    n = b[i] << 8 | b[i + 1]; f = b[i + 2:i + 2 + n].ljust(60, b"\0")
    sys.stdout.buffer.write(struct.pack(">H", len(f)) + f); i += 2 + n' "$1"
}
