"""`eventdesk verify`: check every invariant of the store and name each violation.

Checks are plain functions `(db) -> Iterable[Violation]` registered in CHECKS;
another module adds its own with `@check("name")` (e.g. approved events still
matching their hash).  A check that cannot even run (a corrupt file) is itself
a violation, and the rest still run.

What is checked:
* `PRAGMA integrity_check` and `PRAGMA foreign_key_check`;
* each document's text against its text_sha256 and length, and its text
  re-encoded (recorded encoding and BOM) against the hash of the original bytes;
* each document's text hash against the one its import entry in the history
  recorded, which catches text and hash both edited behind the app's back;
* each span's quote against its slice of the text (orphaned spans excepted);
* the history's hash chain.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

import sqlite_utils

from store.records import history
from store.records.decoding import encode_original
from store.records.documents import sha256_bytes, sha256_text
from store.verify import origins


@dataclass(frozen=True)
class Violation:
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.check}: {self.message}"


Check = Callable[[sqlite_utils.Database], Iterable[Violation]]
CHECKS: list[tuple[str, Check]] = []


def check(name: str) -> Callable[[Check], Check]:
    """Register a check under `name` (the prefix of its violation lines)."""
    def add(function: Check) -> Check:
        CHECKS.append((name, function))
        return function
    return add


@check("integrity")
def check_integrity(db) -> Iterator[Violation]:
    for (message,) in db.execute("PRAGMA integrity_check"):
        if message != "ok":
            yield Violation("integrity", message)


@check("foreign-keys")
def check_foreign_keys(db) -> Iterator[Violation]:
    for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check"):
        key = "id"
        try:
            row = db.execute(f'SELECT id FROM "{table}" WHERE rowid = ?', [rowid]).fetchone()
            name = row[0] if row else f"rowid {rowid}"
        except sqlite3.OperationalError:  # a table without an id column
            key, name = "rowid", rowid
        yield Violation("foreign-keys", f"{table} {key} {name} points at a missing {parent} row")


@check("documents")
def check_documents(db) -> Iterator[Violation]:
    for doc_id, text, length, text_sha, bytes_sha, encoding, bom in db.execute(
        "SELECT id, text, length, text_sha256, bytes_sha256, encoding, bom FROM documents ORDER BY rowid"
    ):
        if not isinstance(text, str):
            yield Violation("documents", f"document {doc_id}: text is not text")
            continue
        if sha256_text(text) != text_sha:
            yield Violation("documents", f"document {doc_id}: text does not match its text_sha256")
            continue
        if len(text) != length:
            yield Violation("documents", f"document {doc_id}: length {length} but the text has {len(text)}")
        try:
            original = encode_original(text, encoding, bool(bom))
        except (LookupError, UnicodeEncodeError):
            yield Violation("documents", f"document {doc_id}: text cannot be encoded as {encoding}")
            continue
        if sha256_bytes(original) != bytes_sha:
            yield Violation("documents",
                            f"document {doc_id}: text no longer gives back the original bytes (bytes_sha256)")


@check("import-history")
def check_import_history(db) -> Iterator[Violation]:
    recorded: dict[str, str | None] = {}
    for entity_id, after in db.execute(
        "SELECT entity_id, after FROM history WHERE entity = 'document' AND action = 'import' ORDER BY seq"
    ):
        try:
            recorded.setdefault(entity_id, json.loads(after or "{}").get("text_sha256"))
        except (ValueError, AttributeError):
            recorded.setdefault(entity_id, None)
    for doc_id, text_sha in db.execute("SELECT id, text_sha256 FROM documents ORDER BY rowid"):
        if doc_id not in recorded:
            yield Violation("import-history", f"document {doc_id}: no import entry in the history")
        elif recorded[doc_id] != text_sha:
            yield Violation("import-history",
                            f"document {doc_id}: text hash differs from the one recorded at import "
                            "(text changed behind the app's back)")


@check("spans")
def check_spans(db) -> Iterator[Violation]:
    # substr() counts characters (code points) for TEXT values, as Python slicing does.
    for span_id, doc_id, start, end, length in db.execute(
        """
        SELECT s.id, s.document_id, s.start, s."end", d.length FROM spans s
        JOIN documents d ON d.id = s.document_id
        WHERE s.anchor != 'orphaned'
          AND (s.start IS NULL OR s."end" IS NULL OR s.start < 0 OR s."end" > length(d.text)
               OR s.start > s."end"
               OR substr(d.text, s.start + 1, s."end" - s.start) IS NOT s.quote)
        ORDER BY s.document_id, s.start
        """
    ):
        yield Violation("spans", f"span {span_id} in document {doc_id}: quote is not the text at {start}..{end}")


@check("claims")
def check_claims(db) -> Iterator[Violation]:
    """A claim is what someone said: one with no content span is an empty claim."""
    for claim_id, doc_id in db.execute(
            "SELECT id, document_id FROM claims WHERE content_span_id IS NULL ORDER BY rowid"):
        yield Violation("claims", f"claim {claim_id} in document {doc_id} has no content (an empty claim)")


@check("history")
def check_history(db) -> Iterator[Violation]:
    for problem in history.verify_chain(db):
        yield Violation("history", str(problem))


def _register_integrity_checks() -> None:
    """Add store/integrity.py's checks: the history's end, approved hashes, replay vs live rows."""
    from store.verify import incident_checks  # incidents' history replayed
    from store.verify import tamper as integrity

    for name, function in (*integrity.VERIFY_CHECKS, *incident_checks.VERIFY_CHECKS):
        def run(db, name=name, function=function) -> Iterator[Violation]:
            for message in function(db):
                yield Violation(name, message)

        CHECKS.append((name, run))


_register_integrity_checks()
CHECKS.append(("origins", lambda db: (Violation("origins", m) for m in origins.check_origins(db))))


@dataclass
class Report:
    violations: list[Violation]
    counts: dict[str, int]

    @property
    def ok(self) -> bool:
        return not self.violations

    def summary(self) -> str:
        parts = ", ".join(f"{n} {name}" for name, n in self.counts.items())
        return f"ok: {parts} verified"


COUNTED = ("documents", "spans", "events", "claims", "reviews", "history")


def verify(db: sqlite_utils.Database) -> Report:
    """Run every registered check and count what was checked."""
    violations: list[Violation] = []
    for name, function in CHECKS:
        try:
            violations.extend(function(db))
        except sqlite3.DatabaseError as exc:
            violations.append(Violation(name, f"could not run: {exc}"))
    counts = {}
    for table in COUNTED:
        try:
            counts[table if table != "history" else "history entries"] = db.execute(
                f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        except sqlite3.DatabaseError:
            pass
    return Report(violations, counts)
