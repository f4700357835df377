#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mgmt-bad-input.sh - hostile console input (mgmtbad.py); after each case
# the switch runs and a normal session works:
#  - 4000 random bytes: every line gets exactly one prompt, then a
#    command still runs;
#  - NUL, ESC, DEL, ^A in a line: 1022 Invalid argument (tab is allowed);
#  - a 1 MiB line with "shutdown" inside, a 1 MiB line starting with
#    "shutdown", "port/create 7" padded to 2 KB: one 1007 Argument list
#    too long each and nothing run (switch up, no port 7); 1024 bytes run,
#    1025 do not;
#  - "port/showinfo\n" in 1-3 byte writes 50 ms apart: run once;
#  - eight commands in one write: all run, in order;
#  - 2000 connections from root at once: 16 (per-uid cap) get the banner
#    and keep working, the other 1984 are closed at once without a byte;
#    meanwhile frames are forwarded; afterwards a new session works;
#  - 5 users x 100 connections: 64 sessions in all (16 at most each,
#    the last 8 only for admins);
#  - a session sending "help" 20000 times and not reading: the switch
#    neither spins (CPU under 30% of one core meanwhile) nor grows past
#    the 16 MiB output cap (RSS +40 MiB at most), answers other sessions
#    and forwards; once the client reads, it gets every answer or EOF.
. "$(dirname "$0")/lib.sh"

need_root "other users for the session caps"
need_vdeclient
add_user
U1=$NEWUSER
add_user
U2=$NEWUSER
add_user
U3=$NEWUSER
add_user
U4=$NEWUSER
start_sw "$T/sw" -M "$T/mgmt" --mgmtmode 0666
M=$T/mgmt

bad() {	# bad CASE ARGS...: run mgmtbad.py, result line in BAD
	"$PY" "$HERE/mgmtbad.py" "$M" "$@" >"$T/bad.out" 2>&1
	_rc=$?
	grep '^#' "$T/bad.out"
	BAD=$(grep -v '^#' "$T/bad.out" | tail -1)
	note "$1: $BAD"
	[ $_rc -eq 0 ] || fail "$1: mgmtbad.py status $_rc: $(tail -3 "$T/bad.out" | tr '\n' '|')"
}

# val KEY TEXT: the number after KEY= in TEXT
val() { echo "$2" | sed -n "s/.*[ ]$1=\([0-9]*\).*/\1/p"; }

normal() {	# normal WHAT: the switch runs and answers a new session
	sw_alive || bail "switch died after $1"
	mg "$M" port/showinfo || fail "after $1: session did not complete: $MG"
	mg_has "Numports=32" && [ "$(mg_results)" = "1000 Success|" ] ||
		fail "after $1: port/showinfo answered '$(mg_results)'"
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SWPID/stat"; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$SWPID/status"; }

# --- garbage --------------------------------------------------------------
bad garbage
[ "$(val lines "$BAD")" = "$(val prompts "$BAD")" ] ||
	fail "garbage: $(val lines "$BAD") lines but $(val prompts "$BAD") prompts"
case $BAD in *"last=1000 Success numports=1") ;; *) fail "garbage: command after it: $BAD" ;; esac
normal garbage

# --- control characters ---------------------------------------------------
bad ctl
want="1022 Invalid argument|1022 Invalid argument|1022 Invalid argument|1022 Invalid argument|1022 Invalid argument|1022 Invalid argument|1000 Success|1000 Success"
[ "$BAD" = "ctl prompts=8 results=$want" ] || fail "control characters: $BAD, want results=$want"
normal "control characters"

# --- long lines -----------------------------------------------------------
bad long
want="1007 Argument list too long|1007 Argument list too long|1007 Argument list too long|1000 Success|1007 Argument list too long|1000 Success"
[ "$BAD" = "long prompts=6 results=$want" ] || fail "long lines: $BAD, want results=$want"
normal "long lines"
mg "$M" "port/allprint 7"
mg_has "Port 0007" && fail "a 2 KB 'port/create 7 ...' line created port 7"

# --- a line in pieces -----------------------------------------------------
bad split
[ "$BAD" = "split prompts=1 results=1000 Success numports=1" ] ||
	fail "split line: $BAD, want it run once"
normal "a split line"

# --- several commands in one write ----------------------------------------
bad batch
want="1000 Success|1000 Success|1000 Success|1000 Success|1000 Success|1006 No such device or address|1038 Function not implemented|1000 Success"
[ "$BAD" = "batch prompts=8 results=$want order=ok ports20=1" ] ||
	fail "commands in one write: $BAD, want results=$want order=ok ports20=1"
normal "commands in one write"

# --- 2000 connections at once ---------------------------------------------
"$PY" "$HERE/mgmtbad.py" "$M" flood 2000 "$T/hold1" >"$T/flood1.out" 2>&1 &
FP=$!
rec_pid $FP
i=0
until grep -q '^flood opened=' "$T/flood1.out"; do
	[ $i -ge 200 ] && bail "flood: no report in 10 s: $(cat "$T/flood1.out")"
	sleep 0.05
	i=$((i + 1))
done
F=$(grep '^flood opened=' "$T/flood1.out")
note "root: $F"
[ "$(val opened "$F")" = 2000 ] || fail "flood: $F"
[ "$(val banner "$F")" = 16 ] || fail "flood: $(val banner "$F") sessions got a banner, want 16 (per-uid cap)"
[ "$(val closed_silent "$F")" = 1984 ] || fail "flood: $(val closed_silent "$F") closed without a byte, want 1984"
[ "$(val max_close_ms "$F")" -lt 1000 ] || fail "flood: a connection over the cap closed after $(val max_close_ms "$F") ms"
sw_alive || bail "switch died during the flood"
check_forwarding "$SWDIR" "during the session flood"
log_has "too many sessions, refusing uid 0" || fail "flood: refusals not logged"
touch "$T/hold1"
wait_exit $FP 10 || fail "flood client did not finish"
F=$(grep '^flood still_answering=' "$T/flood1.out")
[ "$(val still_answering "$F")" = 16 ] || fail "flood: $F of 16 accepted sessions still answer"
normal "2000 connections"
mg "$M" counters
mg_has " sessions=1 " || fail "after the flood: $(grep -o 'sessions=[0-9]*' "$T/mg.out"), want 1"

# --- 5 users x 100 connections: the global cap -----------------------------
for u in root "$U1" "$U2" "$U3" "$U4"; do
	exec_as "$u" "$PY" "$HERE/mgmtbad.py" "$M" flood 100 "$T/hold2" \
		>"$T/flood-$u.out" 2>&1 &
	rec_pid $!
	eval "FP_$(echo "$u" | tr -c 'a-z0-9\n' _)=\$!"
done
total=0
others=0
for u in root "$U1" "$U2" "$U3" "$U4"; do
	i=0
	until grep -q '^flood opened=' "$T/flood-$u.out"; do
		[ $i -ge 200 ] && bail "flood as $u: no report: $(cat "$T/flood-$u.out")"
		sleep 0.05
		i=$((i + 1))
	done
	F=$(grep '^flood opened=' "$T/flood-$u.out")
	note "$u: $F"
	b=$(val banner "$F")
	[ "$b" -le 16 ] || fail "flood as $u: $b sessions, over the per-uid cap"
	[ "$(val closed_silent "$F")" -eq $((100 - b)) ] || fail "flood as $u: $F"
	total=$((total + b))
	[ "$u" = root ] || others=$((others + b))
done
# 64 in all, the last 8 kept for admins (root here): read-only users get
# at most 56, and the total reaches 56..64 depending on who came first
[ $total -le 64 ] && [ $total -ge 56 ] ||
	fail "5 users x 100 connections: $total sessions, want 56..64 (global cap)"
[ $others -le 56 ] ||
	fail "read-only users hold $others sessions, over the 56 not kept for admins"
touch "$T/hold2"
for u in root "$U1" "$U2" "$U3" "$U4"; do
	wait_exit "$(eval "echo \$FP_$(echo "$u" | tr -c 'a-z0-9\n' _)")" 10 ||
		fail "flood as $u did not finish"
done
normal "the 5-user flood"

# --- a session that does not read -----------------------------------------
N=20000
rss0=$(rss_kb)
"$PY" "$HERE/mgmtbad.py" "$M" noread $N "$T/ready3" "$T/hold3" >"$T/noread.out" 2>&1 &
NP=$!
rec_pid $NP
wait_file "$T/ready3" 10 || fail "noread client never stalled"
hz=$(getconf CLK_TCK)
c0=$(cpu_ticks)
sleep 1
c1=$(cpu_ticks)
pct=$(((c1 - c0) * 100 / hz))
rss1=$(rss_kb)
note "with a session not reading: switch CPU ${pct}% over 1 s, RSS ${rss0} -> ${rss1} kB"
[ "$pct" -lt 30 ] || fail "the switch spins while a session does not read: ${pct}% CPU"
[ $((rss1 - rss0)) -lt 40960 ] || fail "RSS grew by $((rss1 - rss0)) kB for one session"
normal "a session not reading (meanwhile)"
check_forwarding "$SWDIR" "while a session does not read"
touch "$T/hold3"
wait_exit $NP 20 || fail "noread client did not finish"
R=$(grep '^noread ' "$T/noread.out")
note "$R"
[ "$(val eof "$R")" = 1 ] || [ "$(val answered "$R")" = $N ] ||
	fail "session not reading: neither closed nor every help answered: $R"
normal "a session not reading"
finish
