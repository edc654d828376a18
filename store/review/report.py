"""An agreement report as plain lines, for the command line and the review screen.

The lines carry annotators' names and labels as stored; whoever shows them makes
them safe for its medium (the CLI with `safe_line`, the screen with `Text`).
"""

from __future__ import annotations

from store.review import agreement


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def report_lines(report: agreement.AgreementReport) -> list[str]:
    """The report as printable lines (also used by the review screen's agreement panel)."""
    if not report.documents:
        return ["no document has been coded by two or more annotators"]
    lines = [f"{len(report.documents)} document(s) coded by two or more of: "
             + ", ".join(a for a in report.annotators), "", "spans (F1)"]
    width = max([len(s.label) for s in report.spans] + [5])
    for s in sorted(report.spans, key=lambda s: (s.a, s.b, s.label == agreement.ALL_LABELS, s.label)):
        lines.append(f"  {s.a} vs {s.b}  {s.label:<{width}}  "
                     f"exact {_num(s.exact_f1)}  overlap {_num(s.overlap_f1)}  "
                     f"({s.count_a} vs {s.count_b} spans)")
    lines += ["", "fields"]
    for f in report.fields:
        if f.units:
            lines.append(f"  {f.field:<16} {f.measure:<11} {_num(f.value)}  ({f.units} compared)")
    if not any(f.units for f in report.fields):
        lines.append("  (no events to pair across annotators)")
    lines += ["", f"disagreements ({len(report.disagreements)})"]
    for d in report.disagreements:
        values = "; ".join(f"{who}: {'-' if v is None else str(v)}"
                           for who, v in d.values.items())
        lines.append(f"  {d.document_id[:8]}  {d.what}: {values}")
    return lines
