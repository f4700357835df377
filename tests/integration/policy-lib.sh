# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (c) 2026 vde-hardened developers
#
# policy-lib.sh - helpers for the policy-*.sh tests (policy.conf(5)
# enforced by vde-switchd), sourced after lib.sh, privd-lib.sh and
# plug-lib.sh.
#
# The tests take one argument: "strict" (the default) runs them against
# the policy they are about; "open" replaces that policy by one that
# permits everybody everything (no VLAN, no limit, mgmt admin): a row of
# meson.build runs each test so with should_fail, which shows that the
# checks see the difference.

MODE=${1:-strict}
case $MODE in
strict | open) ;;
*) echo "FAIL - $TNAME: unknown mode '$MODE'"; exit 1 ;;
esac

# ppolicy HEADER RULES: policy "HEADER\nRULES", or, in "open" mode,
# HEADER and the rules "permit any" and "permit any mgmt admin"
ppolicy() {
	if [ "$MODE" = open ]; then
		policy "$1
permit any
permit any mgmt admin"
	else
		policy "$1
$2"
	fi
	note "policy ($MODE):"
	sed 's/^/#   | /' "$T/policy.conf"
}

# lan_block PORTS [MGMTMODE]: the head of the policy most tests use:
# the switch account $SWUSER and switch "lan" (directory $D, mode 0666,
# PORTS ports, console $M, with mode MGMTMODE if given); for ppolicy
lan_block() {
	printf 'user %s\nswitch lan {\n\tdir %s\n\tmode 0666\n\tports %s\n\tmgmt %s%s\n}' \
		"$SWUSER" "$D" "$1" "$M" "${2:+ mode $2}"
}

# alice_and_bob MAXPORTS [MGMTMODE]: the two-tenant switch of the
# isolation tests under vde-privd: users A (alice, uid AUID; VLAN 20, at
# most MAXPORTS ports) and B (bob, VLAN 10) on switch "lan" (lan_block
# with 16 ports), running and ready
alice_and_bob() {
	sw_account
	add_user
	A=$NEWUSER
	AUID=$(id -u "$A")
	add_user
	B=$NEWUSER
	D=$T/lan
	M=$T/lan.mgmt
	ppolicy "$(lan_block 16 ${2:-})" "permit user $A switch lan vlan 20 maxports $1
permit user $B switch lan vlan 10"
	start_privd
	wait_ready lan
}

# counter PORT KEY: a key of "port/counters PORT" on the console $M
counter() {
	mg "$M" "port/counters $1" >/dev/null 2>&1
	tr ' ' '\n' <"$T/mg.out" | sed -n "s/^$2=\([0-9]*\).*/\1/p" | head -n 1
}

# try USER URL: vdeclient -F as USER (or as root if USER is ""); result
# ("FAILED N ms", "OPENED N ms", "HUNG") in TRY
try() {
	if [ -n "$1" ]; then
		TRY=$(as_user "$1" "$VDECLIENT" -F -t 3 -D itest-try "$2" 2>&1)
	else
		TRY=$("$VDECLIENT" -F -t 3 -D itest-try "$2" 2>&1)
	fi
	note "attach of ${1:-root} to $2: $TRY"
}

# precs FILE [DST] [SRC]: records of a vde_plug capture (with that
# destination/source MAC, 12 hex digits), counted
precs() {
	recs "$1" | awk -v d="${2:-}" -v s="${3:-}" '
		$1 != "PARTIAL" && (d == "" || substr($1, 1, 12) == d) &&
		(s == "" || substr($1, 13, 12) == s) { n++ }
		END { print n + 0 }'
}

# wait_precs FILE COUNT [SECS] [DST] [SRC]
wait_precs() {
	_i=0
	while [ "$(precs "$1" "${4:-}" "${5:-}")" -lt "$2" ]; do
		[ $_i -ge $((${3:-3} * 20)) ] && return 1
		sleep 0.05
		_i=$((_i + 1))
	done
	return 0
}

# hexrec HEX: one stream record holding the frame HEX
hexrec() {
	"$PY" -c 'import struct, sys
f = bytes.fromhex(sys.argv[1]); sys.stdout.buffer.write(struct.pack(">H", len(f)) + f)' "$1"
}

# refusal UID PORT TEXT [SECS]: the privd log holds a refusal of UID
# naming PORT and containing TEXT
refusal() {
	_i=0
	until grep "refused uid $1 pid [0-9]* port $2: " "$PRIVDLOG" 2>/dev/null |
		grep -qF -- "$3"; do
		[ $_i -ge $((${4:-2} * 20)) ] && return 1
		sleep 0.05
		_i=$((_i + 1))
	done
	return 0
}
