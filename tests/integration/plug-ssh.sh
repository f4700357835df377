#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# plug-ssh.sh - the remote cable over ssh, through a private sshd on
# 127.0.0.1 (a free high port, a throwaway host key and user key made in
# $T, run as root with -f a temporary configuration and -D, PID recorded)
# and a throwaway user whose ~/.ssh/authorized_keys holds the key:
#   vde-plug A = ssh -p PORT -i KEY ... USER@127.0.0.1 vde-plug B
#   vde-plug A = ssh -p PORT -i KEY ... USER@127.0.0.1 vde_plug B
# A and B are two of our switches (B with -m 0666, so that the user may
# attach).  A Debian vde_plug on A and our vde-plug on B exchange
# broadcasts and unicasts byte for byte; B's log shows the far end as the
# user's uid; stopping the near plug ends ssh and the far plug.  Skips if
# sshd is missing and cannot be installed with apt-get.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/plug-lib.sh"

SSHD=/usr/sbin/sshd
need_root "running sshd and creating a user"
need_cmd vde_plug ssh ssh-keygen usermod
need_vdeplug
if [ ! -x $SSHD ] && command -v apt-get >/dev/null 2>&1; then
	note "sshd missing: apt-get install -y openssh-server"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends openssh-server >"$T/apt.log" 2>&1 ||
		sed 's/^/#   /' "$T/apt.log" | tail -5
fi
[ -x $SSHD ] || skip "sshd not installed and apt-get install openssh-server failed"

# --- the user, its key, sshd ------------------------------------------------
add_user
U=$NEWUSER
UID_U=$(id -u "$U")
as_user "$U" test -x "$VDEPLUG" ||
	skip "$VDEPLUG is not executable by another user (build directory modes)"
H=$T/home
mkdir -m 0755 "$H"
mkdir -m 0700 "$H/.ssh"
mkdir -m 0700 "$T/ssh"
ssh-keygen -q -t ed25519 -N '' -C "vdeit-host" -f "$T/ssh/host_key" ||
	bail "ssh-keygen (host key) failed"
ssh-keygen -q -t ed25519 -N '' -C "vdeit-user" -f "$T/ssh/id" ||
	bail "ssh-keygen (user key) failed"
cp "$T/ssh/id.pub" "$H/.ssh/authorized_keys"
chmod 0600 "$H/.ssh/authorized_keys"
chown -R "$U" "$H"
# a login shell and a home; "*": no password, but not a locked account
# (sshd without PAM refuses pubkey logins to accounts locked with "!")
usermod -s /bin/sh -d "$H" -p '*' "$U" || bail "usermod $U failed"

PORT=$("$PY" -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$T/ssh/sshd_config" <<EOF
Port $PORT
ListenAddress 127.0.0.1
HostKey $T/ssh/host_key
PidFile $T/ssh/sshd.pid
AuthorizedKeysFile .ssh/authorized_keys
StrictModes yes
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin no
AllowUsers $U
PermitTTY no
X11Forwarding no
AllowTcpForwarding no
AllowAgentForwarding no
PermitTunnel no
PrintMotd no
PrintLastLog no
UseDNS no
LogLevel VERBOSE
EOF
if [ ! -d /run/sshd ]; then	# privilege separation directory
	mkdir -m 0755 /run/sshd && rec_path /run/sshd
fi
$SSHD -t -f "$T/ssh/sshd_config" >"$T/sshd-t.log" 2>&1 ||
	bail "sshd -t: $(cat "$T/sshd-t.log")"
$SSHD -D -e -f "$T/ssh/sshd_config" >"$T/sshd.log" 2>&1 &
SSHDPID=$!
rec_pid $SSHDPID
i=0
until "$PY" -c 'import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.5)' "$PORT" 2>/dev/null; do
	if ! alive $SSHDPID || [ $i -ge 100 ]; then
		sed 's/^/#   /' "$T/sshd.log"
		bail "sshd did not start on 127.0.0.1:$PORT"
	fi
	sleep 0.05
	i=$((i + 1))
done

# SSH: the client command, word-split on purpose (no spaces in $T)
SSH="ssh -F /dev/null -p $PORT -i $T/ssh/id -o StrictHostKeyChecking=no
 -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o IdentitiesOnly=yes
 -o LogLevel=ERROR -o ConnectTimeout=5 $U@127.0.0.1"
# shellcheck disable=SC2086
who=$($SSH id -u 2>"$T/ssh-probe.err")
[ "$who" = "$UID_U" ] || {
	sed 's/^/#   /' "$T/ssh-probe.err" "$T/sshd.log" | tail -20
	bail "ssh $U@127.0.0.1 id -u gave '$who', want $UID_U"
}

# --- the cables ---------------------------------------------------------------
start_sw "$T/swa"
SWA=$SWDIR
SWALOG=$SWLOG
PA=$SWPID
start_sw "$T/swb" -m 0666
SWB=$SWDIR
MA=0200000000a5 MB=0200000000b5
plug A "vde://${SWA}[2]"
oplug B "vde://${SWB}[2]"
attached "$SWA" 2 "vde_plug on A"
attached "$SWB" 2 "vde-plug on B"
ncab=0

# cable FARPLUG: "vde-plug A = ssh ... FARPLUG B", frames both ways
cable() {
	ncab=$((ncab + 1))
	_far=$1
	_port=$((10 + ncab))
	# shellcheck disable=SC2086
	"$VDEPLUG" -D "ssh-cable-$ncab" "vde://${SWA}[$_port]" = $SSH \
		"$_far" "vde://${SWB}[$_port]" </dev/null >"$T/cable$ncab.out" \
		2>"$T/cable$ncab.err" &
	_cpid=$!
	rec_pid $_cpid
	wait_socks "$SWA" $_port 1 3 && wait_socks "$SWB" $_port 1 5 || {
		sed 's/^/#   /' "$T/cable$ncab.err" "$T/sshd.log" | tail -20
		fail "cable $ncab (far: $_far) did not attach to both switches"
		return 1
	}
	rec_children $_cpid
	for _p in $(ps -o pid= -u "$U"); do rec_pid "$_p"; done
	wait_log "attached (uid $UID_U pid" 2 ||
		fail "cable $ncab: B does not show the far end as uid $UID_U"
	mkrecs "$T/ab$ncab.bin" ffffffffffff $MA "ab$ncab" 60 61 1000 1514 9234
	mkrecs "$T/ba$ncab.bin" $MA $MB "ba$ncab" 60 99 1518 9000
	: >"$T/want-b$ncab.bin"
	[ $ncab -gt 1 ] && cat "$T/ab$((ncab - 1)).bin" >>"$T/want-b$ncab.bin"
	cat "$T/ab$ncab.bin" >>"$T/want-b$ncab.bin"
	: >"$T/want-a$ncab.bin"
	[ $ncab -gt 1 ] && cat "$T/ba$((ncab - 1)).bin" >>"$T/want-a$ncab.bin"
	cat "$T/ba$ncab.bin" >>"$T/want-a$ncab.bin"
	trickle "$T/ab$ncab.bin" >"$T/A.in"
	expect_recs "A -> B over ssh (far: $_far)" "$T/B.out" "$T/want-b$ncab.bin"
	trickle "$T/ba$ncab.bin" >"$T/B.in"
	expect_recs "B -> A over ssh (far: $_far)" "$T/A.out" "$T/want-a$ncab.bin"
	# stopping the near plug ends ssh, the session and the far plug
	stop_pid $_cpid
	wait_socks "$SWB" $_port 0 5 ||
		fail "cable $ncab: the far plug stays attached after the near one stopped"
	_left=$(ps -o pid=,args= -u "$U")
	_i=0
	while [ -n "$_left" ] && [ $_i -lt 60 ]; do
		sleep 0.05
		_i=$((_i + 1))
		_left=$(ps -o pid=,args= -u "$U")
	done
	[ -z "$_left" ] || fail "cable $ncab: processes of $U left: $_left"
}

cable "$VDEPLUG"
cable vde_plug
alive "$PA" || fail "switch A died"
sw_alive || fail "switch B died"
log_has "stream error" "$SWALOG" && fail "stream error on A"
finish
