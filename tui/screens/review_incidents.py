"""Incidents in the review queue (tui/screens/review.py): their rows and their detail.

A submitted incident is a row of the queue beside the events (Type says "incident");
selected, the detail pane shows its reconciled fields (where each value came from, ≠ where
the sources disagree), every source with its evidence in context, the claims of all sources
and its history: links, unlinks, picks and transitions with their reasons. The same keys
approve, reject and send it back (`ReviewIncident`, four eyes checked in store/).
Everything stored is shown through `visible()` / `text()`, never as markup.
"""

from __future__ import annotations

from rich.text import Text

from tui.safe import text, visible

#: The history actions the detail lists, in words.
ACTIONS = {"create": "created", "link": "linked", "unlink": "unlinked", "pick": "picked",
           "submit": "submitted", "approve": "approved", "reject": "rejected",
           "return": "sent back", "reopen": "reopened"}


def is_incident(row: dict | None) -> bool:
    return bool(row) and row.get("kind") == "incident"


def cells(r: dict) -> dict[str, Text]:
    """The queue's cells (by column key) for an incident row."""
    return {
        "at": text((r["submitted_at"] or "")[5:16].replace("T", " ")),
        "by": text(r["created_by"], limit=8),
        "type": text("incident: " + (r["event_type"] or "—"), "bold", limit=17),
        "date": text(r["date"] or "—", limit=10), "location": text(r["location"] or "—", limit=11),
        "doc": text(r["document_title"], limit=24),
    }


def head(detail: dict) -> Text:
    incident = detail["incident"]
    line = Text()
    line.append("incident ", style="bold")
    line.append(visible(incident["id"][:8]), style="bold")
    n = detail["reconciled"]["number_of_sources"]
    line.append(f" · {n} source{'s' if n != 1 else ''}", style="bold")
    line.append("\ncreated by " + visible(incident["created_by"])
                + f" · version {incident['version']} · " + visible(detail["state"]).replace("_", " "),
                style="dim")
    return line


def fields(detail: dict) -> Text:
    out = Text()
    width = max((len(name) for name in detail["fields"]), default=0)
    for name, f in detail["fields"].items():
        value = f["value"]
        if value in (None, "") and f.get("suggested") is None:
            continue
        out.append(f"{name:<{width}}  ", style="bold" if f["agree"] else "bold red")
        out.append("≠ " if not f["agree"] else "  ", style="bold red")
        out.append(visible("—" if value in (None, "") else value))
        if f.get("suggested") is not None:
            out.append(" (suggested " + visible(f["suggested"]) + ")", style="dim")
        out.append("  " + visible(f["source"]), style="dim")
        out.append("\n")
    for line in detail["reconciled"]["conflicts"]:
        out.append("conflict: " + visible(line) + "\n", style="red")
    return out or Text("no fields reconciled", style="dim")


def evidence(detail: dict, evidence_text) -> Text:
    """Every source, then its evidence in context (`evidence_text` is the events' renderer)."""
    out = Text()
    for n, event in enumerate(detail["events"], start=1):
        out.append(f"source {n}  ", style="bold")
        out.append(" · ".join(visible(event.get(k) or "—", 60) for k in ("outlet", "published", "title")))
        out.append("\n")
        out.append_text(evidence_text(detail["evidence"].get(event["id"], [])))
        out.append("\n")
    return out or Text("no sources: every event was unlinked or deleted", style="bold red")


def claims(detail: dict) -> list[dict]:
    """Every source's claims in the shape the events' claims table takes."""
    return [{**c, "speaker_quote": c.get("speaker"), "content_quote": c.get("content")}
            for event in detail["events"] for c in event["claims"]]


def history(detail: dict) -> Text:
    out = Text()
    for entry in detail["history"]:
        out.append(f"#{entry['seq']} {entry['at'][:16].replace('T', ' ')}  ", style="dim")
        out.append(visible(entry["actor"]), style="bold")
        out.append("  " + ACTIONS.get(entry["action"], visible(entry["action"])))
        after, before = entry["after"] or {}, entry["before"] or {}
        if entry["action"] == "link":
            out.append(" " + ", ".join(visible(e[:8]) for e in after.get("added") or []), style="italic")
        elif entry["action"] == "unlink":
            out.append(" " + visible((before.get("event_id") or "")[:8]), style="italic")
        elif entry["action"] == "pick":
            pick = after.get("pick")
            out.append(" " + visible(after.get("field")) + " = "
                       + (visible(pick["value"]) if pick else "cleared"), style="italic")
        reason = after.get("reason") or ((after.get("decision") or {}).get("reason"))
        if reason:
            out.append("  “" + visible(reason) + "”", style="italic")
        out.append("\n")
    return out
