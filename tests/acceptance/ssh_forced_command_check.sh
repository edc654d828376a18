#!/bin/bash
# `--as LOGIN` behind a real sshd on loopback (README "In a terminal: SSH forced commands").
#
# Run as root on a scratch machine with openssh-server installed (not part of pytest):
# it creates the service account `edsvc` (owns the database) and two members, sshcoder1
# and ssheditor1, each with an ed25519 key; edsvc's authorized_keys pins each key to a
# command `eventdesk --db DB --as LOGIN ...`; a private sshd listens on 127.0.0.1:2222.
# Checked: sshcoder1 writes through ssh (an import) and the history records sshcoder1,
# not edsvc; what a member asks to run is ignored for the forced command; --as is refused
# while accept-as is off; a member cannot open the file itself.
#
#   EVENTDESK=/opt/eventdesk-ssh-venv/bin/eventdesk tests/acceptance/ssh_forced_command_check.sh
#
# EVENTDESK must be runnable by edsvc (a virtualenv under /root, mode 700, is not: make
# one from /usr/bin/python3.11 elsewhere: python3.11 -m venv /opt/v && /opt/v/bin/pip
# install -c constraints.txt -e .).
set -u
EVENTDESK=${EVENTDESK:?set EVENTDESK to an eventdesk executable every account can run}
SRV=/srv/edsvc
DB=$SRV/desk.db
PORT=2222
WORK=$(mktemp -d /tmp/eventdesk-sshd.XXXXXX)
chmod 755 "$WORK"
failures=0
step() { echo; echo "### $*"; }
expect() {
    local what=$1; shift
    if "$@"; then echo "ok: $what"; else echo "FAILED: $what"; failures=$((failures + 1)); fi
}

id edsvc >/dev/null 2>&1 || useradd --system -m -d "$SRV" -s /bin/sh edsvc
usermod -p '*' edsvc                       # not locked (sshd refuses "!" accounts), no password
chmod 700 "$SRV"
for u in sshcoder1 ssheditor1; do
    id "$u" >/dev/null 2>&1 || useradd -m -s /bin/bash "$u"
    if [ ! -f "/home/$u/.ssh/id_ed25519" ]; then
        runuser -u "$u" -- mkdir -p "/home/$u/.ssh"
        runuser -u "$u" -- ssh-keygen -q -t ed25519 -N "" -f "/home/$u/.ssh/id_ed25519"
    fi
done
rm -f "$DB" "$DB-wal" "$DB-shm"
printf 'Shelling in Idlib on Monday killed three people, a local council said.\n' > "$SRV/article.txt"
chown edsvc:edsvc "$SRV/article.txt"

svc() { runuser -u edsvc -- env -i HOME="$SRV" PATH=/usr/bin:/bin "$EVENTDESK" --db "$DB" "$@"; }
step "edsvc creates the database (its first admin) and the members' accounts"
svc users grant sshcoder1 annotator
svc users grant ssheditor1 editor
svc users

# Each key pinned to its command, as gitolite does.
install -d -m 700 -o edsvc -g edsvc "$SRV/.ssh"
{
    echo "command=\"$EVENTDESK --db $DB --as sshcoder1 import $SRV/article.txt\",restrict $(cat /home/sshcoder1/.ssh/id_ed25519.pub)"
    echo "command=\"$EVENTDESK --db $DB --as ssheditor1 users\",restrict $(cat /home/ssheditor1/.ssh/id_ed25519.pub)"
} > "$SRV/.ssh/authorized_keys"
chown edsvc:edsvc "$SRV/.ssh/authorized_keys"; chmod 600 "$SRV/.ssh/authorized_keys"

ssh-keygen -q -t ed25519 -N "" -f "$WORK/host_key"
cat > "$WORK/sshd_config" <<CONFIG
Port $PORT
ListenAddress 127.0.0.1
HostKey $WORK/host_key
PidFile $WORK/sshd.pid
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
UsePAM no
AllowUsers edsvc
StrictModes yes
CONFIG
mkdir -p /run/sshd
/usr/sbin/sshd -f "$WORK/sshd_config" -E "$WORK/sshd.log"
trap 'kill "$(cat "$WORK/sshd.pid" 2>/dev/null)" 2>/dev/null; rm -rf "$WORK"' EXIT
sleep 1
as_member() {  # as_member USER [REMOTE COMMAND...]: ssh to edsvc@127.0.0.1 with USER's key
    local u=$1; shift
    runuser -u "$u" -- ssh -p "$PORT" -o BatchMode=yes -o StrictHostKeyChecking=no \
        -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -i "/home/$u/.ssh/id_ed25519" \
        edsvc@127.0.0.1 "$@"
}

step "--as is refused while accept-as is off"
out=$(as_member sshcoder1 2>&1); echo "$out"
expect "refused, one line" grep -q "is switched off" <<<"$out"

step "edsvc, the file's owner and admin, switches accept-as on"
svc users accept-as on

step "sshcoder1 writes through ssh (its forced command imports an article)"
out=$(as_member sshcoder1 2>&1); echo "$out"
expect "the import ran" grep -q "imported 1, duplicates 0, refused 0" <<<"$out"
actor=$(runuser -u edsvc -- sqlite3 "$DB" \
    "SELECT actor FROM history WHERE entity = 'document' AND action = 'import' ORDER BY seq DESC LIMIT 1" 2>/dev/null \
    || runuser -u edsvc -- /usr/bin/python3.11 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT actor FROM history WHERE entity = 'document' AND action = 'import' ORDER BY seq DESC LIMIT 1\").fetchone()[0])" "$DB")
echo "the history says the import was by: $actor"
expect "the history records sshcoder1, not edsvc" test "$actor" = sshcoder1

step "what a member asks to run is ignored: the forced command runs"
out=$(as_member ssheditor1 'rm -rf /srv/edsvc; cat /srv/edsvc/desk.db' 2>&1); echo "$out"
expect "the users list came back" grep -q "ssheditor1  editor" <<<"$out"
expect "the database is still there" test -f "$DB"

step "a member cannot read the file itself"
runuser -u sshcoder1 -- cat "$DB" >/dev/null 2>&1; expect "refused by the OS" test $? -ne 0

step "verify, as the owner"
svc verify; expect "verify passes" test $? -eq 0

echo
if [ "$failures" -eq 0 ]; then echo "ALL CHECKS PASSED"; else echo "$failures CHECK(S) FAILED"; fi
exit "$failures"
