"""The library's rows a page at a time: keyset pagination, sorting and filters in SQL.

`library_page(db, sort=..., after=key)` returns at most `limit` rows after the
row whose key is `after` (a `(sort value, rowid)` pair from the previous page),
so reading page 1,000 costs what page 1 does.  `count_rows` counts the rows a
filter keeps; with no filter it reads the documents table's smallest index.
Nothing here reads a document's text.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from store.errors import StoreError

#: Sort name -> the SQL expression (indexed by migration `_m002_library_indexes`).
SORTS = {
    "imported": "d.rowid",
    "published": "coalesce(d.published, '')",
    "outlet": "coalesce(d.outlet, '')",
    "title": "coalesce(d.title, '')",
}
STATUSES = ("draft", "submitted", "needs_revision", "rejected", "approved")


@dataclass(frozen=True)
class LibraryFilter:
    outlet: str | None = None
    date_from: str | None = None  # ISO prefix, inclusive
    date_to: str | None = None  # ISO prefix, inclusive
    status: str | None = None  # some event in this status
    coder: str | None = None  # some event created by this login
    has_events: bool = False
    needs_review: bool = False  # some event submitted
    #: A revised article is one row, its newest version; `versions` lists the older ones too.
    all_versions: bool = False

    def where(self) -> tuple[str, list]:
        clauses, params = ["1"], []
        if not self.all_versions:
            clauses.append("NOT EXISTS (SELECT 1 FROM documents n WHERE n.supersedes = d.id)")
        if self.outlet is not None:
            clauses.append("d.outlet = ?")
            params.append(self.outlet)
        if self.date_from:
            clauses.append("coalesce(d.published, '') >= ?")
            params.append(self.date_from)
        if self.date_to:
            clauses.append("coalesce(d.published, '') < ?")
            params.append(self.date_to + "\uffff")
        if self.status:
            if self.status not in STATUSES:
                raise StoreError(f"unknown status {self.status!r} (one of {', '.join(STATUSES)})")
            clauses.append("EXISTS (SELECT 1 FROM events e WHERE e.document_id = d.id AND e.status = ?)")
            params.append(self.status)
        if self.coder:
            clauses.append("EXISTS (SELECT 1 FROM events e WHERE e.document_id = d.id"
                           " AND e.created_by = ?)")
            params.append(self.coder)
        if self.has_events:
            clauses.append("EXISTS (SELECT 1 FROM events e WHERE e.document_id = d.id)")
        if self.needs_review:
            clauses.append("EXISTS (SELECT 1 FROM events e WHERE e.document_id = d.id"
                           " AND e.status = 'submitted')")
        return " AND ".join(clauses), params


def parse_filter(text: str) -> LibraryFilter:
    """`outlet:"Le Monde" from:2020 to:2021-06 status:draft coder:alice events review`."""
    import shlex

    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise StoreError(f"cannot read the filter: {exc}") from None
    fields: dict = {}
    names = {"outlet": "outlet", "from": "date_from", "to": "date_to", "status": "status",
             "coder": "coder"}
    for word in words:
        if word in ("events", "has-events"):
            fields["has_events"] = True
        elif word in ("review", "needs-review"):
            fields["needs_review"] = True
        elif word in ("versions", "all-versions"):
            fields["all_versions"] = True
        elif ":" in word and word.split(":", 1)[0] in names:
            key, value = word.split(":", 1)
            fields[names[key]] = value
        else:
            raise StoreError(f"unknown filter {word!r} (outlet: from: to: status: coder: events review versions)")
    return LibraryFilter(**fields)


def library_page(db: sqlite_utils.Database, *, sort: str = "imported",
                 flt: LibraryFilter | None = None, after: tuple | None = None,
                 before: tuple | None = None, last: bool = False, limit: int = 100) -> list[dict]:
    """Up to `limit` rows in `sort` order: after `after`, before `before`, or the last ones."""
    if sort not in SORTS:
        raise StoreError(f"unknown sort {sort!r} (one of {', '.join(SORTS)})")
    key = SORTS[sort]
    where, params = (flt or LibraryFilter()).where()
    backwards = before is not None or last
    if after is not None:
        where += f" AND ({key}, d.rowid) > (?, ?)"
        params += list(after)
    if before is not None:
        where += f" AND ({key}, d.rowid) < (?, ?)"
        params += list(before)
    order = "DESC" if backwards else "ASC"
    rows = list(db.query(
        f"""
        SELECT {_COLUMNS.format(key=key)}
        FROM documents d WHERE {where}
        ORDER BY {key} {order}, d.rowid {order} LIMIT ?
        """,
        [*params, limit],
    ))
    if backwards:
        rows.reverse()
    return _finish(db, rows)


_COLUMNS = """d.id, d.title, d.outlet, d.published, d.revision, d.supersedes, {key} AS sort_value,
               d.rowid AS row_key,
               (SELECT COUNT(*) FROM spans s WHERE s.document_id = d.id) AS span_count,
               (SELECT COUNT(*) FROM events e WHERE e.document_id = d.id) AS event_count"""


def rows_for_ids(db: sqlite_utils.Database, ids: list[str], sort: str = "imported") -> list[dict]:
    """The library rows of these documents (search hits), one query per 500 ids, any order."""
    rows: list[dict] = []
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ", ".join("?" for _ in chunk)
        rows += db.query(f"SELECT {_COLUMNS.format(key=SORTS[sort])} FROM documents d"
                         f" WHERE d.id IN ({marks})", chunk)
    return _finish(db, rows)


def _finish(db: sqlite_utils.Database, rows: list[dict]) -> list[dict]:
    """Each row's keyset key and its events' counts by status."""
    counts: dict[str, dict[str, int]] = {}
    if rows:
        marks = ", ".join("?" for _ in rows)
        for document_id, status, n in db.execute(
                f"SELECT document_id, status, COUNT(*) FROM events WHERE document_id IN ({marks})"
                " GROUP BY document_id, status", [r["id"] for r in rows]):
            counts.setdefault(document_id, {})[status] = n
    for row in rows:
        row["key"] = (row.pop("sort_value"), row.pop("row_key"))
        row["status_counts"] = counts.get(row["id"], {})
    return rows


def count_rows(db: sqlite_utils.Database, flt: LibraryFilter | None = None) -> int:
    where, params = (flt or LibraryFilter()).where()
    return db.execute(f"SELECT COUNT(*) FROM documents d WHERE {where}", params).fetchone()[0]
