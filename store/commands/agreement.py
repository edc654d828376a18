"""`eventdesk agreement [--document ID]`: how far annotators of the same documents agree."""

from __future__ import annotations

from store import agreement

from store.terminal_safe import safe_line


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "agreement", help="span F1 and field agreement between annotators, with the disagreements")
    p.add_argument("--document", metavar="ID", help="only this document (default: every document "
                   "two or more people coded, pooled)")
    p.set_defaults(func=run)


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def report_lines(report: agreement.AgreementReport) -> list[str]:
    """The report as printable lines (also used by the review screen's agreement panel)."""
    if not report.documents:
        return ["no document has been coded by two or more annotators"]
    lines = [f"{len(report.documents)} document(s) coded by two or more of: "
             + ", ".join(safe_line(a) for a in report.annotators), "", "spans (F1)"]
    width = max([len(s.label) for s in report.spans] + [5])
    for s in sorted(report.spans, key=lambda s: (s.a, s.b, s.label == agreement.ALL_LABELS, s.label)):
        lines.append(f"  {safe_line(s.a)} vs {safe_line(s.b)}  {safe_line(s.label):<{width}}  "
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
        values = "; ".join(f"{safe_line(who)}: {safe_line('-' if v is None else str(v))}"
                           for who, v in d.values.items())
        lines.append(f"  {d.document_id[:8]}  {safe_line(d.what)}: {values}")
    return lines


def run(args, ctx) -> int:
    db = ctx.open()
    for line in report_lines(agreement.agreement(db, args.document)):
        print(line, file=ctx.out)
    return 0
