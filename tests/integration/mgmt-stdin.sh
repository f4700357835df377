#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mgmt-stdin.sh pipe|file - spec 5.1: without --nostdin the switch's
# standard input is a console, as in vde_switch.
#  - pipe: commands on a pipe ("printf 'port/showinfo\n...' |
#    vde-switchd") are answered on standard output (data block, 1000
#    Success; no banner or prompt, stdin is not a terminal; no log lines
#    there), the stdin console is an admin (port/create 9 runs), and the
#    switch ends with status 0 when its input ends, its directory
#    removed; then on a terminal (tmux pane): banner and "vde$ " prompt,
#    a command answered, "shutdown" ends the switch;
#  - file: the same commands from a regular file ("vde-switchd <
#    cmds"): vde_switch 2.3.2 runs them and exits at the end of the file.
. "$(dirname "$0")/lib.sh"

MODE=${1:-pipe}
need_switchd
D=/tmp/vdeit-$$-stdin
rm -rf "$D"
rec_path "$D"
printf 'port/showinfo\nport/create 9\nport/allprint 9\nfoo\n' >"$T/cmds"
if [ "$MODE" = pipe ]; then
	# a fifo is a pipe, and $! is then the switch itself
	mkfifo "$T/in"
	cat "$T/cmds" >"$T/in" &
	rec_pid $!
	IN=$T/in
else
	IN=$T/cmds
fi
"$SWITCHD" -s "$D" <"$IN" >"$T/stdout" 2>"$T/stderr" &
SWPID=$!
SWLOG=$T/stderr
rec_pid $SWPID
wait_exit "$SWPID" 3 || {
	sed 's/^/#   /' "$T/stderr"
	bail "switch still running 3 s after the end of its input ($MODE)"
}
[ "$RC" -eq 0 ] || fail "exit status $RC at the end of input"
note "stdout:"
sed 's/^/#   /' "$T/stdout"
cat >"$T/want" <<'EOF'
0000 DATA END WITH '.'
Numports=32
HUB=false
counters=true
.
1000 Success
1000 Success
0000 DATA END WITH '.'
Port 0009 untagged_vlan=0000 INACTIVE - NOT Unnamed Allocatable
 Current User: NONE Access Control: (User: NONE - Group: NONE)
 IN:  pkts          0          bytes                    0
 OUT: pkts          0          bytes                    0
.
1000 Success
1038 Function not implemented
EOF
if ! cmp -s "$T/want" "$T/stdout"; then
	fail "standard output is not exactly the answers"
	diff "$T/want" "$T/stdout" | sed 's/^/#   /'
fi
log_has "end of standard input" || fail "end of input not logged"
grep -q 'vde-switchd:' "$T/stdout" && fail "log lines on standard output"
[ ! -e "$D" ] || fail "$D left behind"
[ "$MODE" = pipe ] || finish

# --- on a terminal --------------------------------------------------------
D2=/tmp/vdeit-$$-tty
rm -rf "$D2"
rec_path "$D2"
tmux_start "$SWITCHD -s $D2 2>$T/tty.log; echo switchd-exit=\$?"
tmux_wait 'vde$' 1 5 || bail "no prompt on the terminal: $(tr '\n' '|' <"$T/pane.txt")"
grep -q '^VDE switch V\.' "$T/pane.txt" || fail "terminal: no banner"
tmux_type port/showinfo
tmux_wait '1000 Success' 1 3 || fail "terminal: port/showinfo not answered"
grep -qx 'Numports=32' "$T/pane.txt" || fail "terminal: no Numports=32"
tmux_type shutdown
tmux_wait 'switchd-exit=' 1 3 || fail "terminal: the switch still runs after shutdown"
grep -q 'switchd-exit=0' "$T/pane.txt" || fail "terminal: $(grep switchd-exit "$T/pane.txt") after shutdown"
grep -v '^$' "$T/pane.txt" | sed 's/^/#   /'
[ ! -e "$D2" ] || fail "$D2 left behind after shutdown"
finish
