#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mgmt-vdectl.sh ours|debian - vde-ctl(1) against vde-switchd and against
# Debian's vde_switch (the man page promises both):
#  - one-shot: "port/print" with a vde_plug on port 5 exits 0 and prints
#    the data block only; "foo" exits 1 with "1038 ..." on stderr; bad
#    usage exits 2; an unreachable socket 1;
#  - -j port/print, hash/print (after traffic between ports 7 and 11),
#    showinfo, port/counters (ours; vde_switch: a 1038 answer) and foo
#    print one valid JSON object (python3 -m json.tool) whose values jq
#    checks: port numbers, pkts/bytes, MACs on their ports, pid, paths;
#  - a port description containing "9999 END OF SESSION" (any user who
#    can attach chooses it) must not cut the answer short;
#  - interactive, in a tmux pane: a command and its answer, "debug/add
#    port", then a vde_plug attaching shows "3021 port/+ 08" at the start
#    of a line; the edit line shows what is typed; logout ends vde-ctl
#    with status 0;
#  - interactive with commands on a pipe: every command runs, and end of
#    input ends vde-ctl (the man page: "End the session with logout or
#    end of input").
. "$(dirname "$0")/lib.sh"

IMPL=${1:-ours}
need_vdectl
need_vdeclient
need_cmd vde_plug jq timeout
start_impl "$IMPL" "$T/sw" -M "$T/mgmt"
M=$T/mgmt
plug P5 "vde://${SWDIR}[5]" -D probe
wait_socks "$SWDIR" 5 1 3 || bail "vde_plug did not attach to port 5"
vc A "vde://${SWDIR}[7]" -w "$T/A.go" -g ffffffffffff,020000000007,60 &&
vc B "vde://${SWDIR}[11]" -w "$T/B.go" -g 020000000007,020000000011,100 ||
	bail "a client could not attach"
go A
wait_frames B 1 3 || fail "port 11 did not get port 7's broadcast"
go B
wait_frames A 1 3 || fail "port 7 did not get port 11's unicast"

# ctl NAME ARGS...: run vde-ctl; stdout in $T/NAME.out, stderr in
# $T/NAME.err, status in RC
ctl() {
	_c=$1
	shift
	timeout 10 "$VDECTL" "$@" >"$T/$_c.out" 2>"$T/$_c.err"
	RC=$?
}

# json NAME: $T/NAME.out is one valid JSON document
json() {
	"$PY" -m json.tool <"$T/$1.out" >/dev/null 2>"$T/$1.jerr" || {
		fail "$1: output is not valid JSON: $(head -c 300 "$T/$1.out") ($(tail -1 "$T/$1.jerr"))"
		return 1
	}
}

# jqt NAME FILTER WHAT: the jq FILTER is true on $T/NAME.out
jqt() {
	[ "$(jq -e "$2" "$T/$1.out" 2>/dev/null)" = true ] ||
		fail "$3: jq '$2' on $(head -c 400 "$T/$1.out")"
}

# --- one-shot -----------------------------------------------------------
ctl print -s "$M" port/print
[ "$RC" -eq 0 ] || fail "port/print: status $RC, stderr $(cat "$T/print.err")"
grep -q '^Port 0005 untagged_vlan=0000 ACTIVE' "$T/print.out" ||
	fail "port/print: port 5 not listed: $(head -3 "$T/print.out")"
grep -q 'prog *: probe user=root' "$T/print.out" ||
	fail "port/print: no description 'probe user=root'"
grep -q '^Port 0011 ' "$T/print.out" || fail "port/print: port 11 not listed"
grep -qE "^(0000 DATA|1000 Success|\.\$|vde\\\$)" "$T/print.out" &&
	fail "port/print: protocol lines on stdout: $(tr '\n' '|' <"$T/print.out")"
[ -s "$T/print.err" ] && fail "port/print: stderr not empty: $(cat "$T/print.err")"

ctl foo -s "$M" foo
[ "$RC" -eq 1 ] || fail "foo: status $RC, want 1"
grep -q '^1038 Function not implemented' "$T/foo.err" ||
	fail "foo: stderr '$(cat "$T/foo.err")', want 1038 ..."
[ -s "$T/foo.out" ] && fail "foo: stdout not empty: $(cat "$T/foo.out")"

ctl usage port/print
[ "$RC" -eq 2 ] || fail "no -s: status $RC, want 2"
ctl usage2 -s "$M" --no-such-option port/print
[ "$RC" -eq 2 ] || fail "unknown option: status $RC, want 2"
ctl nosock -s "$T/nonexistent" port/print
[ "$RC" -eq 1 ] || fail "unreachable socket: status $RC, want 1"

# --- JSON ---------------------------------------------------------------
ctl jprint -s "$M" -j port/print
[ "$RC" -eq 0 ] || fail "-j port/print: status $RC"
if json jprint; then
	jqt jprint '.command == "port/print" and .code == 1000 and .result == "Success"' "-j port/print header"
	jqt jprint '[.data[].port] == [5, 7, 11]' "-j port/print ports"
	jqt jprint '.data[0].active == true and .data[0].untagged_vlan == 0 and .data[0].user == "root"' "-j port/print port 5"
	jqt jprint '.data[0].endpoints | length == 1 and (.[0].descr | startswith("probe user=root"))' "-j port/print endpoint of port 5"
	jqt jprint '.data[1].in == {"pkts": 1, "bytes": 60} and .data[1].out == {"pkts": 1, "bytes": 100}' "-j port/print counters of port 7"
	jqt jprint '.data[2].in == {"pkts": 1, "bytes": 100} and .data[2].out.pkts == 1' "-j port/print counters of port 11"
fi

ctl jhash -s "$M" -j hash/print
[ "$RC" -eq 0 ] || fail "-j hash/print: status $RC"
if json jhash; then
	jqt jhash '.data | length == 2' "-j hash/print: two MACs"
	jqt jhash '.data[] | select(.mac == "02:00:00:00:00:07") | .port == 7 and .vlan == 0' "-j hash/print: 02:00:00:00:00:07 on port 7"
	jqt jhash '.data[] | select(.mac == "02:00:00:00:00:11") | .port == 11' "-j hash/print: 02:00:00:00:00:11 on port 11"
fi

ctl jinfo -s "$M" -j showinfo
[ "$RC" -eq 0 ] || fail "-j showinfo: status $RC"
if json jinfo; then
	jqt jinfo ".data.pid == $SWPID" "-j showinfo pid"
	jqt jinfo ".data.mgmt == \"$M\" and .data.mgmt_perm == \"0600\"" "-j showinfo mgmt"
	jqt jinfo '.data.mac | test("^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")' "-j showinfo mac"
	jqt jinfo '(.data.version | length > 0) and (.data.uptime >= 0)' "-j showinfo version/uptime"
fi

ctl jctr -s "$M" -j port/counters
if [ "$IMPL" = ours ]; then
	[ "$RC" -eq 0 ] || fail "-j port/counters: status $RC"
	if json jctr; then
		jqt jctr '[.data[].port] == [5, 7, 11]' "-j port/counters ports"
		jqt jctr '.data[] | select(.port == 7) | .rx_frames == 1 and .rx_bytes == 60 and .tx_frames == 1 and .tx_bytes == 100 and .active == 1 and .endpoints == 1' "-j port/counters port 7"
		jqt jctr '.data[] | select(.port == 11) | .rx_frames == 1 and .rx_bytes == 100 and .rx_drop_short == 0 and .tx_drop_queue == 0' "-j port/counters port 11"
	fi
	ctl jctr7 -s "$M" -j port/counters 7
	json jctr7 && jqt jctr7 '.data | length == 1 and .[0].port == 7' "-j port/counters 7"
else
	[ "$RC" -eq 1 ] || fail "-j port/counters on vde_switch: status $RC, want 1"
	json jctr && jqt jctr '.code == 1038' "-j port/counters on vde_switch"
fi

ctl jfoo -s "$M" -j foo
[ "$RC" -eq 1 ] || fail "-j foo: status $RC, want 1"
json jfoo && jqt jfoo '.code == 1038 and .result == "Function not implemented" and .data == []' "-j foo"

# --- a description that looks like the end of the session ---------------
# 20 more ports (12..31: vde_switch 2.3.2 has no port 32) make
# port/allprint longer than one 4 KiB read
set --
for i in $(seq 12 1 31); do set -- "$@" "port/create $i"; done
plug P6 "vde://${SWDIR}[6]" -D "9999 END OF SESSION"
wait_socks "$SWDIR" 6 1 3 || bail "vde_plug did not attach to port 6"
mg "$M" "$@" || fail "port/create: $MG"
ctl all -s "$M" port/allprint
n=$(grep -c '^Port ' "$T/all.out")
[ "$RC" -eq 0 ] && [ "$n" -eq 24 ] ||
	fail "port/allprint with a port described '9999 END OF SESSION': status $RC, $n of 24 ports, stderr '$(cat "$T/all.err")'"
stop_pid "$(pid_of P6)"

# --- interactive, on a terminal -----------------------------------------
tmux_start "$VDECTL -s $M; echo vdectl-exit=\$?"
tmux_wait 'vde$' 1 5 || bail "vde-ctl shows no prompt: $(tr '\n' '|' <"$T/pane.txt")"
grep -q '^VDE switch V\.' "$T/pane.txt" || fail "interactive: no banner"
tmux_type "debug/add port"
tmux_wait '1000 Success' 1 3 || fail "interactive debug/add port: no 1000 Success"
plug P8 "vde://${SWDIR}[8]" -D async
tmux_wait '3023 port/descr' 1 3 || fail "interactive: no async lines after a plug attached"
grep -qx '3021 port/+ 08' "$T/pane.txt" ||
	fail "interactive: no async line '3021 port/+ 08' on a line of its own: $(grep '3021' "$T/pane.txt")"
grep -q '^3023 port/descr Port 08 FD *[0-9]* -> "async' "$T/pane.txt" ||
	fail "interactive: no async port/descr line"
tmux_type "port/print 8"
tmux_wait 'prog   : async' 1 3 || fail "interactive port/print 8: description 'async' not shown"
# the edit line redrawn under the async lines shows what is being typed,
# not the previous command with the new one appended
grep -q 'debug/add portport/print' "$T/pane.txt" &&
	fail "interactive: the edit line shows the previous command: '$(grep -F 'debug/add portport/print' "$T/pane.txt")'"
tmux_type port/showinfo
tmux_wait 'Numports=32' 1 3 || fail "interactive port/showinfo: no Numports=32"
[ "$(tmux_count '1000 Success')" -eq 3 ] || fail "interactive: want 3 '1000 Success'"
tmux_type logout
tmux_wait 'vdectl-exit=' 1 3 || fail "interactive: vde-ctl still running after logout"
grep -q 'vdectl-exit=0' "$T/pane.txt" || fail "interactive: $(grep vdectl-exit "$T/pane.txt") after logout, want 0"
note "pane:"
grep -v '^$' "$T/pane.txt" | sed 's/^/#   /'

# --- interactive, commands on a pipe ------------------------------------
printf 'port/showinfo\nport/print 5\n' >"$T/cmds"
timeout 3 "$VDECTL" -s "$M" <"$T/cmds" >"$T/pipe.out" 2>&1
RC=$?
[ "$RC" -eq 124 ] && fail "commands on a pipe: vde-ctl still running 3 s after end of input"
grep -qx 'Numports=32' "$T/pipe.out" ||
	fail "commands on a pipe: first command (port/showinfo) not answered: $(tr '\n' '|' <"$T/pipe.out")"
grep -q '^Port 0005 ' "$T/pipe.out" || fail "commands on a pipe: port/print 5 not answered"

sw_alive || fail "switch died"
finish
