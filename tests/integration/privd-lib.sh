# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# privd-lib.sh - helpers for the vde-privd tests, sourced after lib.sh.
#
# Every test makes its own switch account (add_user), writes its policy
# into $T (root-owned, mode 0644, as vde-privd demands) and starts
# vde-privd in the foreground with its log in $T/privd.log.
#
# Environment: PRIVD (vde-privd), SWITCHD, FAKECHILD (tests only).

PRIVD=${PRIVD:-}

need_privd() {
	need_root "vde-privd runs as root"
	[ -n "$PRIVD" ] && [ -x "$PRIVD" ] || bail "PRIVD not set"
}

# sw_account: the unprivileged account of the switches, in SWUSER
sw_account() {
	add_user
	SWUSER=$NEWUSER
	SWUID=$(id -u "$SWUSER")
}

# policy TEXT: write $T/policy.conf (root, 0644)
policy() {
	printf '%s\n' "$1" >"$T/policy.conf"
	chmod 0644 "$T/policy.conf"
}

# start_privd [OPTS]: start vde-privd -f on $T/policy.conf; PRIVDPID
start_privd() {
	need_privd
	PRIVDLOG=$T/privd.log
	"$PRIVD" -f -c "$T/policy.conf" --switchd "${PRIVD_SWITCHD:-$SWITCHD}" \
		"$@" </dev/null >>"$PRIVDLOG" 2>&1 &
	PRIVDPID=$!
	rec_pid "$PRIVDPID"
}

# nready NAME: how many times switch NAME said READY
nready() {
	_nr=$(grep -c "switch $1 (pid [0-9]*): ready" "$PRIVDLOG" 2>/dev/null)
	echo "${_nr:-0}"
}

# wait_ready NAME [N] [SECS]: switch NAME has been ready N times (1)
wait_ready() {
	_n=${2:-1}
	_i=0
	until [ "$(nready "$1")" -ge "$_n" ]; do
		if ! alive "$PRIVDPID" || [ $_i -ge $((${3:-10} * 20)) ]; then
			sed 's/^/#   /' "$PRIVDLOG"
			bail "switch $1 not ready ($_n)"
		fi
		sleep 0.05
		_i=$((_i + 1))
	done
}

# kid_pid NAME: pid of the newest child of switch NAME (from the log)
kid_pid() {
	sed -n "s/.*switch $1: started pid \([0-9]*\).*/\1/p" "$PRIVDLOG" |
		tail -n 1
}

# status_field PID FIELD: a field of /proc/PID/status (first word)
status_field() {
	awk -v f="$2:" '$1 == f { print $2; exit }' "/proc/$1/status"
}

# wait_log_n TEXT N [SECS]: the privd log holds TEXT at least N times
wait_log_n() {
	_i=0
	until [ "$(grep -cF -- "$1" "$PRIVDLOG")" -ge "$2" ]; do
		[ $_i -ge $((${3:-10} * 20)) ] && return 1
		sleep 0.05
		_i=$((_i + 1))
	done
	return 0
}

# taps_in_netns NET TA TB: move taps TA and TB each into a new network
# namespace of the same name, as NET.1/24 and NET.2/24, up
taps_in_netns() {
	add_netns "$2"
	add_netns "$3"
	ip link set "$2" netns "$2" && ip link set "$3" netns "$3" ||
		bail "taps $2 $3 missing"
	ip -n "$2" addr add "$1.1/24" dev "$2"
	ip -n "$3" addr add "$1.2/24" dev "$3"
	ip -n "$2" link set "$2" up
	ip -n "$3" link set "$3" up
}

# privd_sigkill KIDS: SIGKILL vde-privd; each of its children KIDS must be
# gone within 3 s (PR_SET_PDEATHSIG), else the test fails and kills it
privd_sigkill() {
	stop_pid "$PRIVDPID" KILL
	for _k in $1; do
		wait_exit "$_k" 3 || {
			fail "child $_k outlived vde-privd killed by SIGKILL"
			kill -KILL "$_k"
		}
	done
}
