#!/bin/bash
# Issue 4's acceptance check with two real OS accounts sharing one database.
#
# Run as root on a scratch machine: it creates the group `eventdesk`, the accounts
# coder1 and editor1, the setgid folder /srv/eventdesk, and drives the workstation in
# tmux (a private server, so other tmux users' keys cannot reach it).  coder1 creates
# the database (first admin) and grants editor1 the editor role; each codes and submits
# an event in the workstation, tries to approve it and is refused, and the other
# approves it in the review queue; then editor1 edits an approved event with the
# sqlite3 shell and `eventdesk verify` must name the change and exit non-zero.
#
#   PYTHON=/path/to/python-with-deps tests/acceptance/two_accounts_check.sh
#
# PYTHON and this checkout must be readable by both accounts (a virtualenv under /root,
# mode 700, is not: make one from /usr/bin/python3.11 elsewhere).
set -u
PYTHON=${PYTHON:?set PYTHON to an interpreter with eventdesk\'s dependencies, readable by all}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${EVENTDESK_CHECK_DIR:-/srv/eventdesk}  # another folder keeps out of a parallel run's way
DB=$DIR/desk.db
T="tmux -L eventdesk-two-accounts-$$"
failures=0

getent group eventdesk >/dev/null || groupadd eventdesk
for u in coder1 editor1; do id "$u" >/dev/null 2>&1 || useradd -m -s /bin/bash -G eventdesk "$u"; done
install -d -m 2775 -o root -g eventdesk "$DIR"
rm -f "$DB" "$DB-wal" "$DB-shm"

# `as USER ARGS...`: eventdesk as that OS account (the identity comes from its uid, not env).
AS=$(mktemp /tmp/eventdesk-as.XXXXXX)
cat >"$AS" <<SCRIPT
#!/bin/sh
u=\$1; shift
cd "$SRC" && exec runuser -u "\$u" -- env -i HOME="/home/\$u" TERM=xterm-256color PATH=/usr/bin:/bin \\
    "$PYTHON" -m store.cli.main --db "$DB" "\$@"
SCRIPT
chmod 755 "$AS"
trap 'rm -f "$AS"' EXIT
as() { "$AS" "$@"; }
step() { echo; echo "### $*"; }
expect() {  # expect WHAT COMMAND...: run, report, count a failure if it is false
    local what=$1; shift
    if "$@"; then echo "ok: $what"; else echo "FAILED: $what"; failures=$((failures + 1)); fi
}
top() { sleep "${2:-2}"; $T capture-pane -p -t "$1" | head -1; }
label() {  # label SESSION TEXT KEY: find TEXT, then press the label key
    $T send-keys -t "$1" /; sleep 0.5; $T send-keys -t "$1" -l "$2"; sleep 0.3
    $T send-keys -t "$1" Enter; sleep 1; $T send-keys -t "$1" "$3"; top "$1" 1.5
}
pick_type() { $T send-keys -t "$1" t; sleep 1.2; $T send-keys -t "$1" -l "$2"; sleep 0.7; $T send-keys -t "$1" Enter; top "$1"; }

step "coder1 creates the database and is its admin"
as coder1 users
ls -l "$DB"
expect "the new database is group-writable" test "$(stat -c %A "$DB" | cut -c6)" = w
step "editor1 may not grant itself a role"
as editor1 users grant editor1 admin; expect "refused" test $? -ne 0
step "coder1 grants editor1 the editor role"
as coder1 users grant editor1 editor; as coder1 users

step "coder1 codes and submits an event in the workstation"
$T new-session -d -s c1 -x 150 -y 45 "$AS coder1; echo EXIT=\$?; sleep 900"
top c1 5
$T send-keys -t c1 Enter; top c1
$T send-keys -t c1 e; top c1
label c1 "commando raid" 1; label c1 "2022-02-03" 2; label c1 "Idlib Province" 3; label c1 "13 people" 6
pick_type c1 "armed clash"
$T send-keys -t c1 s; top c1
step "coder1 tries to approve its own event in the review queue"
$T send-keys -t c1 R; top c1 2.5; $T send-keys -t c1 a; top c1
E1=$(sqlite3 -readonly "$DB" "SELECT id FROM events WHERE created_by = 'coder1'")
expect "coder1's event is submitted" test "$(sqlite3 -readonly "$DB" "SELECT status FROM events WHERE id = '$E1'")" = submitted
as coder1 event approve "$E1"; expect "coder1 is refused on the command line" test $? -ne 0

step "editor1 approves it in the review queue (eventdesk review)"
$T new-session -d -s e1 -x 150 -y 45 "$AS editor1 review; echo EXIT=\$?; sleep 900"
top e1 5
$T send-keys -t e1 a; top e1 2.5
expect "editor1 approved coder1's event" test "$(sqlite3 -readonly "$DB" "SELECT status FROM events WHERE id = '$E1'")" = approved

step "editor1 codes and submits its own event, then tries to approve it"
$T send-keys -t e1 Escape; sleep 1; $T send-keys -t e1 j; sleep 0.5; $T send-keys -t e1 Enter; top e1 2.5
$T send-keys -t e1 e; top e1 1.5
label e1 "landing operation" 1; label e1 "Thursday morning" 2; label e1 "town of Atma" 3
pick_type e1 "attack"
$T send-keys -t e1 s; top e1
$T send-keys -t e1 R; top e1 2.5; $T send-keys -t e1 a; top e1
E2=$(sqlite3 -readonly "$DB" "SELECT id FROM events WHERE created_by = 'editor1'")
as editor1 event approve "$E2"; expect "editor1 is refused on the command line" test $? -ne 0

step "coder1 (admin) approves editor1's event"
$T send-keys -t c1 Escape; sleep 1; $T send-keys -t c1 R; top c1 2.5; $T send-keys -t c1 a; top c1 2.5
expect "coder1 approved editor1's event" test "$(sqlite3 -readonly "$DB" "SELECT status FROM events WHERE id = '$E2'")" = approved
$T send-keys -t c1 q; $T send-keys -t e1 q; sleep 3
$T kill-server
sqlite3 -readonly "$DB" "SELECT actor, action, from_status, to_status FROM reviews ORDER BY at"

step "verify, then editor1 edits an approved event with the sqlite3 shell, then verify"
as editor1 verify; expect "verify passes before" test $? -eq 0
runuser -u editor1 -- sqlite3 "$DB" "UPDATE events SET killed = '3 people' WHERE id = '$E1';"
out=$(as coder1 verify 2>&1); status=$?
echo "$out"
expect "verify exits non-zero" test $status -ne 0
expect "verify names the changed field" grep -q "killed is '3 people'" <<<"$out"

step "issue 9: what a member who can write the file does, and what verify still names"
HEADS=$(mktemp -d /tmp/eventdesk-heads.XXXXXX)   # root's, outside the shared folder
# (verify fails already, on the edit above, so the head is read directly, as cron would keep it)
sqlite3 -readonly "$DB" "SELECT hash FROM history ORDER BY seq DESC LIMIT 1" >"$HEADS/head"
runuser -u editor1 -- sqlite3 "$DB" "DROP TRIGGER history_no_delete;
  DELETE FROM history WHERE seq = (SELECT MAX(seq) FROM history);
  UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM history) WHERE name = 'history';
  INSERT INTO documents_fts (rowid, title, text) VALUES ((SELECT MIN(rowid) FROM documents), '', 'chemical weapons');"
out=$(as coder1 verify --head "$(cat "$HEADS/head")" 2>&1); status=$?
echo "$out"
expect "verify exits non-zero" test $status -ne 0
expect "verify names the dropped trigger" grep -q "trigger history_no_delete on history is missing" <<<"$out"
expect "verify names the cut end of the history" grep -q "history-head: the last write recorded head" <<<"$out"
expect "verify names the planted search index entry" grep -q "search-index: document .* search index entries differ" <<<"$out"
expect "the head recorded outside is no longer in the chain" grep -q "recorded head .* is not in the chain" <<<"$out"
rm -rf "$HEADS"

echo; echo "$failures failure(s)"
exit $((failures > 0))
