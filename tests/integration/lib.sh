# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# lib.sh - sourced by every integration test (POSIX sh).
#
# Every test works in a fresh directory $T under /tmp, records the PID of
# each process it starts (rec_pid) and, on exit, kills only those PIDs,
# removes the users and groups it created (add_user, add_group) and the
# paths it registered (rec_path), then $T.  A test prints diagnostics as
# "# ..." lines and exactly one result line at the end: "ok - NAME" or
# "FAIL - NAME: ...".
# A test that cannot run here (not root, no QEMU) prints "SKIP - NAME:
# reason" and exits 77, which meson counts as skipped, never as passed.
#
# Environment (set by tests/integration/meson.build):
#   SWITCHD    path of vde-switchd
#   VDECLIENT  path of the vdeclient test client ("" if not built)
#   VDECTL     path of vde-ctl ("" if not built: no libedit)
#   TEST_NAME  the meson test name, used in the result line
#   HERE       this directory (rawreq.py, flood.py, mgmt.py, mgmtbad.py)

set -u

TNAME=${TEST_NAME:-$(basename "$0" .sh)}
SWITCHD=${SWITCHD:-}
VDECLIENT=${VDECLIENT:-}
VDECTL=${VDECTL:-}
HERE=${HERE:-$(cd "$(dirname "$0")" && pwd)}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)

_pids=""
_users=""
_groups=""
_netns=""
_paths=""
_nfail=0
_first_fail=""

T=$(mktemp -d /tmp/vdeit.XXXXXX) || { echo "FAIL - $TNAME: mktemp"; exit 99; }
chmod 0755 "$T"		# other test users must reach their files in $T
mkdir "$T/r"		# ready files of clients run as other users
chmod 01777 "$T/r"

# --- results --------------------------------------------------------------

note() { echo "# $*"; }

fail() {
	_nfail=$((_nfail + 1))
	[ -n "$_first_fail" ] || _first_fail="$*"
	echo "# FAIL: $*"
}

# skip REASON: the test cannot run here; exit 77 (meson: SKIP)
skip() {
	echo "SKIP - $TNAME: $*"
	exit 77
}

# finish: print the one result line and exit with 0 or 1
finish() {
	if [ "$_nfail" -eq 0 ]; then
		echo "ok - $TNAME"
		exit 0
	fi
	echo "FAIL - $TNAME: $_first_fail ($_nfail failed checks)"
	exit 1
}

# bail MSG: a failure after which the rest of the test makes no sense
bail() {
	fail "$*"
	finish
}

need_root() { [ "$(id -u)" -eq 0 ] || skip "needs root: $*"; }

need_cmd() {
	for _c in "$@"; do
		command -v "$_c" >/dev/null 2>&1 || skip "$_c not installed"
	done
}

need_switchd() {
	[ -n "$SWITCHD" ] && [ -x "$SWITCHD" ] || bail "SWITCHD not set"
}

need_vdeclient() {
	[ -n "$VDECLIENT" ] && [ -x "$VDECLIENT" ] ||
		skip "vdeclient not built (libvdeplug-dev missing)"
}

need_vdectl() {
	[ -n "$VDECTL" ] && [ -x "$VDECTL" ] ||
		skip "vde-ctl not built (libedit-dev missing)"
}

# --- processes ------------------------------------------------------------

rec_pid() { _pids="$_pids $1"; }

unrec_pid() {
	_new=""
	for _p in $_pids; do [ "$_p" = "$1" ] || _new="$_new $_p"; done
	_pids=$_new
}

rec_path() { _paths="$_paths $1"; }

# wait_tap NS TAP LOG - the plug logging to LOG made TAP in namespace NS
wait_tap() {
	_i=0
	until ip -n "$1" link show "$2" >/dev/null 2>&1; do
		[ $_i -ge 50 ] && bail "no tap $2 in $1: $(cat "$3")"
		sleep 0.1
		_i=$((_i + 1))
	done
}

# add_netns NAME - a network namespace removed by the cleanup trap
add_netns() {
	ip netns add "$1" || bail "cannot create network namespace $1"
	_netns="$_netns $1"
	ip -n "$1" link set lo up
}

# pid_dir NAME - a directory under /tmp for pidfiles that the switch can
# remove at exit: owned by the account a root-started switch drops to
# (a root-owned pidfile is never given to that account, see vde-switchd(8))
pid_dir() {
	_pd=/tmp/vdeit-$$-$1.d
	rm -rf "$_pd"
	mkdir -p "$_pd"
	[ "$(id -u)" -eq 0 ] && chown nobody "$_pd"
	rec_path "$_pd"
	echo "$_pd"
}

# alive PID: running (a zombie of ours is not alive)
alive() {
	_st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
	[ -n "$_st" ] && [ "$_st" != Z ]
}

# wait_exit PID SECS: wait for a child of ours to end; sets RC (124 on
# timeout, the process is then left running)
wait_exit() {
	_i=0
	while alive "$1"; do
		if [ "$_i" -ge $(($2 * 20)) ]; then
			RC=124
			return 1
		fi
		sleep 0.05
		_i=$((_i + 1))
	done
	wait "$1" 2>/dev/null
	# shellcheck disable=SC2034 # read by the tests
	RC=$?
	unrec_pid "$1"
	return 0
}

# stop_pid PID [SIG]: signal a process we started and reap it
stop_pid() {
	kill "-${2:-TERM}" "$1" 2>/dev/null
	wait_exit "$1" 3 || { kill -KILL "$1" 2>/dev/null; wait_exit "$1" 3; }
}

# what AddressSanitizer, LeakSanitizer and UBSan print on an error
_san_re='ERROR: (Address|Leak)Sanitizer|runtime error: |SUMMARY: UndefinedBehaviorSanitizer'

_cleanup() {
	_rc=$?
	trap - EXIT INT TERM HUP
	trap '' PIPE		# output may be gone (e.g. "| head"): clean up anyway
	for _p in $_pids; do kill -TERM "$_p" 2>/dev/null; done
	_i=0
	while [ $_i -lt 30 ]; do
		_any=0
		for _p in $_pids; do alive "$_p" && _any=1; done
		[ $_any -eq 0 ] && break
		sleep 0.1
		_i=$((_i + 1))
	done
	for _p in $_pids; do alive "$_p" && kill -KILL "$_p" 2>/dev/null; done
	for _p in $_pids; do wait "$_p" 2>/dev/null; done
	for _n in $_netns; do ip netns del "$_n" >/dev/null 2>&1; done
	for _u in $_users; do userdel -f "$_u" >/dev/null 2>&1; done
	for _g in $_groups; do groupdel "$_g" >/dev/null 2>&1; done
	for _d in $_paths; do rm -rf "$_d"; done
	# sanitizer builds: a report in any log of the test fails it
	if grep -rlaE "$_san_re" "$T" >/dev/null 2>&1; then
		grep -rahE -A12 "$_san_re" "$T" | sed 's/^/# /'
		echo "FAIL - $TNAME: sanitizer report in the logs above"
		_rc=1
	fi
	if [ -n "${KEEP_TMP:-}" ]; then
		echo "# kept $T"
	else
		rm -rf "$T"
	fi
	exit $_rc
}
trap _cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE

now_ms() { date +%s%3N; }

# ping_first FILE MS: the time (ms) of the first reply logged by "ping -D"
# in FILE after the time MS (ms); empty if none yet
ping_first() {
	awk -v t="$2" '/bytes from/ {
		ms = substr($1, 2, length($1) - 2) * 1000
		if (ms > t + 0) { printf "%.0f\n", ms; exit } }' "$1"
}

# ping_back FILE MS: the time (ms) of the first reply in FILE after MS
# that ends an outage: it follows a lost ping (icmp_seq skips) or 0.5 s
# without a reply (pings held in a tap's queue are answered late, not
# lost).  A reply already in flight at MS that came in just after it
# does not count.  The first reply after MS if there was no outage.
ping_back() {
	awk -v t="$2" '/bytes from/ {
		ms = substr($1, 2, length($1) - 2) * 1000
		split($0, a, "icmp_seq=")
		seq = a[2] + 0
		if (ms > t + 0) {
			if (!first) first = ms
			if (prev && (seq > prev + 1 || ms - pms > 500)) {
				printf "%.0f\n", ms; done = 1; exit }
		}
		prev = seq; pms = ms }
		END { if (!done && first) printf "%.0f\n", first }' "$1"
}

# --- users ----------------------------------------------------------------

# add_user [GROUP]: create an unprivileged user vdeit-PID-N (primary
# group GROUP, default the system's); name in NEWUSER
_nusers=0
add_user() {
	need_root "creating a test user"
	_nusers=$((_nusers + 1))
	NEWUSER="vdeit-$$-$_nusers"
	useradd -M -N ${1:+-g "$1"} -s /usr/sbin/nologin -d /nonexistent \
		"$NEWUSER" || bail "useradd $NEWUSER failed"
	_users="$_users $NEWUSER"
}

# add_group: create a group vdeit-PID-gN (removed at exit); name in
# NEWGROUP
_ngroups=0
add_group() {
	need_root "creating a test group"
	_ngroups=$((_ngroups + 1))
	NEWGROUP="vdeit-$$-g$_ngroups"
	groupadd "$NEWGROUP" || bail "groupadd $NEWGROUP failed"
	_groups="$_groups $NEWGROUP"
}

# as_user USER CMD...: run CMD as USER with its primary group only
as_user() {
	_u=$1
	shift
	setpriv --reuid="$_u" --regid="$(id -g "$_u")" --clear-groups -- "$@"
}

# exec_as USER CMD...: the same, replacing the shell; use it as
# "exec_as USER CMD... &" so that $! is the PID of CMD itself
exec_as() {
	_u=$1
	shift
	exec setpriv --reuid="$_u" --regid="$(id -g "$_u")" --clear-groups -- "$@"
}

# --- switches -------------------------------------------------------------

# start_sw DIR [OPTS]: start our switch on DIR in the background, wait
# until it is ready; sets SWPID, SWDIR, SWLOG.  Fails the test (bail) if it
# does not come up.
start_sw() {
	_start_sw "" "$@"
}

# start_sw_as USER DIR [OPTS]: the same, started by USER
start_sw_as() {
	_u=$1
	shift
	_start_sw "$_u" "$@"
}

_start_sw() {
	need_switchd
	SWDIR=$2
	_as=$1
	shift 2
	SWLOG="$T/$(basename "$SWDIR").log"
	# emptied here, not only by the background job's redirection: the
	# loop below must never find ': ready:' of a previous switch
	: >"$SWLOG"
	if [ -n "$_as" ]; then
		setpriv --reuid="$_as" --regid="$(id -g "$_as")" \
			--clear-groups -- "$SWITCHD" -s "$SWDIR" --nostdin \
			"$@" </dev/null >"$SWLOG" 2>&1 &
	else
		# SW_PREFIX: e.g. "$PY $HERE/phase.py 0.05" (word-split on purpose)
		# shellcheck disable=SC2086
		${SW_PREFIX:-} "$SWITCHD" -s "$SWDIR" --nostdin "$@" </dev/null \
			>"$SWLOG" 2>&1 &
	fi
	SWPID=$!
	rec_pid "$SWPID"
	_i=0
	until grep -q ': ready:' "$SWLOG" 2>/dev/null && [ -S "$SWDIR/ctl" ]; do
		if ! alive "$SWPID" || [ $_i -ge 100 ]; then
			sed 's/^/#   /' "$SWLOG"
			bail "switch on $SWDIR did not start"
		fi
		sleep 0.05
		_i=$((_i + 1))
	done
}

# start_vde2 DIR [OPTS]: Debian's vde_switch (baseline); its stdin is a
# fifo held open by a recorded sleep, since it exits on EOF of stdin
start_vde2() {
	need_cmd vde_switch
	SWDIR=$1
	shift
	SWLOG="$T/$(basename "$SWDIR").log"
	mkfifo "$T/$(basename "$SWDIR").stdin"
	sleep 600 >"$T/$(basename "$SWDIR").stdin" &
	rec_pid $!
	vde_switch -s "$SWDIR" "$@" <"$T/$(basename "$SWDIR").stdin" \
		>"$SWLOG" 2>&1 &
	SWPID=$!
	rec_pid "$SWPID"
	_i=0
	until [ -S "$SWDIR/ctl" ]; do
		if ! alive "$SWPID" || [ $_i -ge 100 ]; then
			sed 's/^/#   /' "$SWLOG"
			bail "vde_switch on $SWDIR did not start"
		fi
		sleep 0.05
		_i=$((_i + 1))
	done
}

# start_impl ours|debian DIR [OPTS]: the switch a baseline-capable test
# runs on (OPTS must mean the same to both, e.g. -m 0666)
start_impl() {
	_impl=$1
	shift
	case $_impl in
	ours) start_sw "$@" ;;
	debian) start_vde2 "$@" ;;
	*) bail "unknown switch implementation '$_impl'" ;;
	esac
}

# wait_log PATTERN [SECS] [LOG]: wait for a fixed string in the switch log
wait_log() {
	_i=0
	while ! grep -qF -- "$1" "${3:-$SWLOG}" 2>/dev/null; do
		[ $_i -ge $((${2:-3} * 20)) ] && return 1
		sleep 0.05
		_i=$((_i + 1))
	done
	return 0
}

# log_has PATTERN [LOG]: the switch log contains the fixed string
log_has() { grep -qF -- "$1" "${2:-$SWLOG}"; }

# sw_alive: the switch we started last still runs
sw_alive() { alive "$SWPID"; }

# port_socks DIR PORT: number of data sockets DIR/NNN.* of PORT
port_socks() {
	_n=0
	for _f in "$1/$(printf %03d "$2")".*; do
		[ -S "$_f" ] && _n=$((_n + 1))
	done
	echo $_n
}

# wait_socks DIR PORT COUNT [SECS]: until PORT has COUNT data sockets
wait_socks() {
	_i=0
	while [ "$(port_socks "$1" "$2")" -ne "$3" ]; do
		[ $_i -ge $((${4:-3} * 20)) ] && return 1
		sleep 0.05
		_i=$((_i + 1))
	done
	return 0
}

# wait_file FILE [SECS]
wait_file() {
	_i=0
	while [ ! -e "$1" ]; do
		[ $_i -ge $((${2:-3} * 20)) ] && return 1
		sleep 0.05
		_i=$((_i + 1))
	done
	return 0
}

# --- clients --------------------------------------------------------------

# vc NAME URL [ARGS]: start vdeclient in the background (lifetime 20 s,
# hex output to $T/NAME.out) and wait until its port is open.  Its PID is
# in PID_NAME.  Returns 1 if it could not attach.
vc() { _vc "" "$@"; }

# vc_as USER NAME URL [ARGS]: the same, as USER
vc_as() {
	_u=$1
	shift
	_vc "$_u" "$@"
}

_vc() {
	need_vdeclient
	_as=$1
	_n=$2
	_url=$3
	shift 3
	rm -f "$T/r/$_n.ready" "$T/$_n.go"
	if [ -n "$_as" ]; then
		exec_as "$_as" "$VDECLIENT" -D "itest-$_n" -R "$T/r/$_n.ready" \
			-t 20 -x "$@" "$_url" >"$T/$_n.out" 2>"$T/$_n.err" &
	else
		"$VDECLIENT" -D "itest-$_n" -R "$T/r/$_n.ready" -t 20 -x "$@" \
			"$_url" >"$T/$_n.out" 2>"$T/$_n.err" &
	fi
	eval "PID_$_n=\$!"
	rec_pid $!
	if ! wait_file "$T/r/$_n.ready" 5; then
		sed 's/^/#   /' "$T/$_n.err"
		return 1
	fi
	return 0
}

pid_of() { eval "echo \$PID_$1"; }

# go NAME: let client NAME send (it was started with -w $T/NAME.go)
go() { touch "$T/$1.go"; }

# vc_stop NAME: end client NAME and reap it
vc_stop() { stop_pid "$(pid_of "$1")"; }

# frames NAME [DST] [SRC]: frames client NAME received (with that
# destination/source MAC, 12 hex digits), counted
frames() {
	awk -v d="${2:-}" -v s="${3:-}" '
		NF == 2 && (d == "" || substr($2, 1, 12) == d) &&
		(s == "" || substr($2, 13, 12) == s) { n++ }
		END { print n + 0 }' "$T/$1.out"
}

# wait_count COUNT SECS CMD [ARGS]: until CMD prints at least COUNT
wait_count() {
	_want=$1
	_secs=$2
	shift 2
	_i=0
	while [ "$("$@")" -lt "$_want" ]; do
		[ $_i -ge $((_secs * 20)) ] && return 1
		sleep 0.05
		_i=$((_i + 1))
	done
	return 0
}

# wait_frames NAME COUNT [SECS]: until NAME received at least COUNT frames
wait_frames() { wait_count "$2" "${3:-3}" frames "$1"; }

# expect_frames NAME COUNT [DST] [SRC] [WHAT]: check a count, say why not
expect_frames() {
	_got=$(frames "$1" "${3:-}" "${4:-}")
	if [ "$_got" -ne "$2" ]; then
		fail "${5:-$1}: expected $2 frame(s)${3:+ to $3}${4:+ from $4}, got $_got"
		sed 's/^\([0-9]*\) \(.\{40\}\).*/#   \1 \2.../' "$T/$1.out"
	fi
}

# gen DST SRC LEN: hex of the frame vdeclient -g DST,SRC,LEN sends
gen() { "$VDECLIENT" -G "$1,$2,$3"; }

# --- stream framing (spec section 9) --------------------------------------

# framen DSTHEX SRCHEX LEN -> one stream record, "z" filler
framen() {
	"$PY" -c 'import sys,struct; n=int(sys.argv[3]); f=bytes.fromhex(sys.argv[1]+sys.argv[2]+"0800")+b"z"*(n-14); sys.stdout.buffer.write(struct.pack(">H",len(f))+f)' "$@"
}

# lens FILE -> lengths of the records in a stream capture
lens() {
	"$PY" -c 'import sys; b=open(sys.argv[1],"rb").read(); i=0; r=[]
while i+2<=len(b): n=b[i]<<8|b[i+1]; r.append(n); i+=2+n
print(*r)' "$1"
}

# plug NAME URL [VDE_PLUG_ARGS]: Debian's vde_plug in the background,
# stdin a fifo $T/NAME.in held open by a recorded sleep (write records to
# it to send), stdout captured in $T/NAME.out.  PID in PID_NAME.
plug() {
	need_cmd vde_plug
	_n=$1
	_url=$2
	shift 2
	mkfifo "$T/$_n.in"
	sleep 600 >"$T/$_n.in" &
	rec_pid $!
	vde_plug "$@" "$_url" <"$T/$_n.in" >"$T/$_n.out" 2>"$T/$_n.err" &
	eval "PID_$_n=\$!"
	rec_pid $!
}

# plug_as USER NAME URL: the same, vde_plug run as USER
plug_as() {
	need_cmd vde_plug
	_u=$1
	_n=$2
	_url=$3
	mkfifo "$T/$_n.in"
	sleep 600 >"$T/$_n.in" &
	rec_pid $!
	exec_as "$_u" vde_plug "$_url" <"$T/$_n.in" >"$T/$_n.out" \
		2>"$T/$_n.err" &
	eval "PID_$_n=\$!"
	rec_pid $!
}

# --- raw control requests (spec 9 item 11) --------------------------------

# rawreq DIR PORT CASE [USER]: run rawreq.py, output in RAW
rawreq() {
	if [ -n "${4:-}" ]; then
		RAW=$(as_user "$4" "$PY" "$HERE/rawreq.py" "$1" "$2" "$3" 2>&1)
	else
		RAW=$("$PY" "$HERE/rawreq.py" "$1" "$2" "$3" 2>&1)
	fi
	note "rawreq $3 -> $RAW"
}

# --- common checks --------------------------------------------------------

# check_forwarding DIR WHAT: two fresh clients on DIR exchange a frame each
# way (unicast after learning); the clients are stopped afterwards
_nfwd=0
check_forwarding() {
	_nfwd=$((_nfwd + 1))
	_a="fwa$_nfwd"
	_b="fwb$_nfwd"
	if ! vc "$_a" "vde://$1" -w "$T/$_a.go" -g "ffffffffffff,0200000000a1,60" -n 2 ||
	   ! vc "$_b" "vde://$1" -w "$T/$_b.go" -g "0200000000a1,0200000000b1,100" -n 1; then
		fail "$2: a client could not attach"
		return 1
	fi
	go "$_a"
	wait_frames "$_b" 1 3
	go "$_b"
	wait_frames "$_a" 1 3
	_ok=0
	[ "$(frames "$_b" ffffffffffff 0200000000a1)" -eq 1 ] &&
		[ "$(frames "$_a" 0200000000a1 0200000000b1)" -eq 1 ] && _ok=1
	vc_stop "$_a"
	vc_stop "$_b"
	if [ $_ok -ne 1 ]; then
		fail "$2: frames do not flow between two new ports"
		return 1
	fi
	return 0
}

# start_svc PATH OUT [USER]: a stand-in system service: an AF_UNIX
# datagram socket at PATH, mode 0666, owned by USER (default: us), that
# writes every datagram it receives as "LEN HEX" to OUT.  PID in SVCPID.
start_svc() {
	_svc='import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1]); os.chmod(sys.argv[1], 0o666)
while True:
    d = s.recv(65536)
    print(len(d), d.hex(), flush=True)'
	if [ -n "${3:-}" ]; then
		exec_as "$3" "$PY" -c "$_svc" "$1" >"$2" 2>&1 &
	else
		"$PY" -c "$_svc" "$1" >"$2" 2>&1 &
	fi
	SVCPID=$!
	rec_pid $SVCPID
	_i=0
	until [ -S "$1" ]; do
		[ $_i -ge 60 ] && bail "stand-in service $1 did not start"
		sleep 0.05
		_i=$((_i + 1))
	done
}

# svc_probe PATH: send one datagram "probe" to the service as ourselves
svc_probe() {
	"$PY" -c 'import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.sendto(b"probe", sys.argv[1])' "$1"
}

# mg SOCK CMD...: one management console session (mgmt.py); the whole
# transcript in $T/mg.out, also returned in MG
mg() {
	"$PY" "$HERE/mgmt.py" "$@" >"$T/mg.out" 2>&1
	_rc=$?
	# shellcheck disable=SC2034 # read by the tests
	MG=$(cat "$T/mg.out")
	return $_rc
}

# mg_as USER SOCK CMD...: the same, as USER
mg_as() {
	_u=$1
	shift
	as_user "$_u" "$PY" "$HERE/mgmt.py" "$@" >"$T/mg.out" 2>&1
	_rc=$?
	# shellcheck disable=SC2034 # read by the tests
	MG=$(cat "$T/mg.out")
	return $_rc
}

# mg_has TEXT: the last console transcript contains the fixed string
mg_has() { grep -qF -- "$1" "$T/mg.out"; }

# mg_count TEXT: how often the last transcript contains the fixed string
# (results follow the prompt on the same line: "vde$ 1000 Success")
mg_count() { grep -oF -- "$1" "$T/mg.out" | wc -l; }

# mg_results: the result lines (1xxx) of the last transcript, "|"-joined
mg_results() { grep -o '1[0-9][0-9][0-9] [A-Z][^|]*$' "$T/mg.out" | tr '\n' '|'; }

# --- terminals (tmux) -----------------------------------------------------

# need_tmux: tmux, installed with apt-get if missing (root); SKIP if it
# cannot be installed
need_tmux() {
	command -v tmux >/dev/null 2>&1 && return 0
	if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
		note "tmux missing: apt-get install -y tmux"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux \
			>"$T/apt.log" 2>&1 ||
			sed 's/^/#   /' "$T/apt.log" | tail -5
	fi
	command -v tmux >/dev/null 2>&1 ||
		skip "tmux not installed and apt-get install tmux failed"
}

# tm TMUX_ARGS...: tmux on the test's private server ($T/tmux.sock)
tm() { tmux -S "$T/tmux.sock" "$@"; }

# tmux_start CMD: run the shell command CMD in a detached 160x50 pane
# (session "t") of a private tmux server whose PID is recorded; the pane
# stays after CMD ends (remain-on-exit) so that it can still be captured
tmux_start() {
	need_tmux
	printf 'set -g remain-on-exit on\nset -g history-limit 5000\n' \
		>"$T/tmux.conf"
	TERM=${TERM:-xterm} tmux -S "$T/tmux.sock" -f "$T/tmux.conf" \
		new-session -d -x 160 -y 50 -s t "$1" ||
		bail "tmux new-session failed"
	_tp=$(tm display-message -p '#{pid}' 2>/dev/null)
	[ -n "$_tp" ] && rec_pid "$_tp"
}

# tmux_type TEXT: type TEXT literally in the pane, then Enter
tmux_type() {
	tm send-keys -t t -l -- "$1"
	tm send-keys -t t Enter
}

# tmux_cap: the pane's text (with history) in $T/pane.txt
tmux_cap() { tm capture-pane -p -t t -S -5000 >"$T/pane.txt" 2>/dev/null; }

# tmux_count TEXT: how many lines of the pane contain the fixed string
tmux_count() {
	tmux_cap
	grep -cF -- "$1" "$T/pane.txt"
}

# tmux_wait TEXT [COUNT] [SECS]: until COUNT pane lines contain TEXT
tmux_wait() {
	_i=0
	while [ "$(tmux_count "$1")" -lt "${2:-1}" ]; do
		[ $_i -ge $((${3:-3} * 20)) ] && return 1
		sleep 0.05
		_i=$((_i + 1))
	done
	return 0
}

# tmux_dead: the command in the pane has ended
tmux_dead() { [ "$(tm display-message -p -t t '#{pane_dead}' 2>/dev/null)" = 1 ]; }

# tmux_wait_dead [SECS]
tmux_wait_dead() {
	_i=0
	until tmux_dead; do
		[ $_i -ge $((${1:-3} * 20)) ] && return 1
		sleep 0.05
		_i=$((_i + 1))
	done
	return 0
}

# --- vdeload clients --------------------------------------------------------

# vdeload_echo MAC: an echo client on port 1 of $SWDIR answering as MAC
vdeload_echo() {
	"$VDELOAD" echo -s "vde://${SWDIR}[1]" -S "$1" -H 600 \
		-R "$T/echo.ready" >"$T/echo.out" 2>&1 &
	rec_pid $!
	wait_file "$T/echo.ready" 5 ||
		bail "echo client did not start: $(cat "$T/echo.out")"
}

# ping_totals WHAT: the vdeload ping runs logged in $T/ping.out (one
# "pings=N lost=M" line each, "ping-exit=S" for a failed run) were
# answered and lost nothing during WHAT
ping_totals() {
	_pings=$(sed -n 's/.* pings=\([0-9]*\).*/\1/p' "$T/ping.out" |
		awk '{ s += $1 } END { print s + 0 }')
	_lost=$(sed -n 's/.* lost=\([0-9]*\).*/\1/p' "$T/ping.out" |
		awk '{ s += $1 } END { print s + 0 }')
	note "forwarding port 2 -> 1 -> 2 during $1: $_pings answered, $_lost lost"
	[ "$_pings" -gt 0 ] || fail "no ping answered: $(tail -3 "$T/ping.out")"
	[ "$_lost" -eq 0 ] || fail "$_lost pings lost during $1"
	grep -q "ping-exit" "$T/ping.out" &&
		fail "a ping run failed: $(grep -m1 ping-exit "$T/ping.out")"
}
