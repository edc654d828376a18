"""A Datasette metadata file for an eventdesk database (`eventdesk datasette-metadata`).

    eventdesk datasette-metadata > metadata.json
    datasette eventdesk.db --metadata metadata.json

The database is Datasette-ready by itself (migration 2): `documents_fts` is
declared with `content="documents"`, which is how Datasette detects a table's
full-text index, so `/eventdesk/documents?_search=Idlib` searches; the views
`events_with_evidence`, `event_evidence_quotes`, `claims_readable` and
`review_queue` give readable names to what an editor asks.  The metadata adds
table and column descriptions, the column Datasette shows for a foreign key
(`label_column`: a document's title, a span's quote), and canned queries.
Reading the database is all this does: nothing is written.
"""

from __future__ import annotations

import json

SEARCH_SQL = (
    "SELECT d.id, d.title, d.published, "
    "snippet(documents_fts, 1, '[', ']', '…', 16) AS snippet "
    "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
    "WHERE documents_fts MATCH :q ORDER BY bm25(documents_fts, 10.0, 1.0) LIMIT 50"
)

TABLES = {
    "documents": {
        "description": "Articles, each stored exactly as received (text never altered).",
        "label_column": "title",
        "fts_table": "documents_fts", "fts_pk": "rowid",
        "columns": {
            "text": "The decoded article text, unchanged; span offsets are code points into it.",
            "text_sha256": "SHA-256 of the text as UTF-8.",
            "bytes_sha256": "SHA-256 of the original file's bytes.",
            "supersedes": "The earlier version of this article, when it is a revision.",
        },
    },
    "spans": {
        "description": "Marked words: text[start:end] == quote for every positioned span.",
        "label_column": "quote",
        "columns": {
            "start": "Code-point offset (Python str index) where the quote starts.",
            "end": "Code-point offset where the quote ends (exclusive).",
            "quote": "The exact words at start..end.",
            "anchor": "How the span got here after a revision: exact, moved, fuzzy, orphaned.",
            "group_id": "Shared by the pieces of one discontinuous annotation.",
        },
    },
    "events": {
        "description": "Coded events (ACLED-style fields); evidence in event_evidence.",
        "label_column": "location",
        "columns": {
            "status": "draft, submitted, approved, rejected or needs_revision.",
            "date_start": "ISO date; with date_end, an interval when the report is vague.",
            "gazetteer_id": "Identifier of the place in the gazetteer (e.g. GeoNames).",
            "fatalities_low": "Lowest credible figure (ACLED uses it).",
            "approved_hash": "Hash of the approved state, checked by `eventdesk verify`.",
        },
    },
    "event_evidence": {
        "description": "Which span proves which field of an event.",
        "columns": {"field": "The event field the span is evidence for."},
    },
    "claims": {
        "description": "Who says what: speaker, cue and content spans, with polarity and certainty.",
        "columns": {"polarity": "asserts or denies.", "certainty": "certain, probable, possible, unknown."},
    },
    "reviews": {"description": "Every status transition of an event: who, when, why."},
    "history": {"description": "Append-only, hash-chained log of every change."},
    "users": {"description": "Accounts and roles (annotator, editor, admin)."},
    "relations": {"description": "brat relations, events and equivalences carried over."},
    "attributes": {"description": "brat attributes, normalizations and notes carried over."},
    "events_with_evidence": {"description": "Each event's fields with its evidence quotes."},
    "event_evidence_quotes": {"description": "One row per evidence link: field, quote, offsets."},
    "claims_readable": {"description": "Claims with the speaker, cue and content words."},
    "review_queue": {"description": "Submitted events waiting for review, oldest first."},
}

QUERIES = {
    "events_with_evidence": {
        "title": "Events with each field's evidence quotes",
        "sql": "SELECT event_id, document, status, field, quote, start, \"end\" "
               "FROM event_evidence_quotes ORDER BY event_id, field, start",
    },
    "claims": {
        "title": "Claims: speaker, cue, content",
        "sql": "SELECT document, speaker, cue, content, topic, polarity, certainty, event_id "
               "FROM claims_readable",
    },
    "review_queue": {
        "title": "Review queue (submitted events, oldest first)",
        "sql": "SELECT * FROM review_queue",
    },
    "search": {
        "title": "Full-text search with snippets ([match] marked)",
        "sql": SEARCH_SQL,
    },
}


def metadata(database: str = "eventdesk") -> dict:
    """Datasette metadata for a database file served as `database` (its file name's stem)."""
    return {
        "title": "eventdesk",
        "description": "Evidence-backed event records coded from news articles.",
        "databases": {database: {"tables": TABLES, "queries": QUERIES}},
    }


def metadata_json(database: str = "eventdesk") -> str:
    return json.dumps(metadata(database), ensure_ascii=False, indent=2) + "\n"
