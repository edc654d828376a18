"""A corpus of revised articles for re-anchoring, with the expected landing of every span.

Each case is an old text (a seed article), a new text made by explicit edits, and
spans given as (quote, which occurrence in the old text).  The expected landing is
written down by hand as (quote, which occurrence in the new text), found with
`str.find`, independently of the anchoring code; None means the words are gone
and the span must be orphaned.  A tuple of several choices lists every landing a
careful person would accept (e.g. a fuzzy landing on a corrected typo, or
orphaned when a phrase was reworded).

Used by tests/test_anchoring.py (which asserts no span lands on wrong words) and
bench/bench_anchoring.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from store.records.spans import context
from store.revisions.anchoring import OldSpan
from tests.support.paths import SEEDS

S000 = (SEEDS / "000_1d24c9654f937966.txt").read_bytes().decode("utf-8")
S001 = (SEEDS / "001_515c43d3b470f0b7.txt").read_bytes().decode("utf-8")

ORPHAN = None


def nth(text: str, quote: str, n: int = 0) -> int:
    i = -1
    for _ in range(n + 1):
        i = text.find(quote, i + 1)
        if i == -1:
            raise ValueError(f"{quote!r} occurrence {n} not in text")
    return i


@dataclass
class Case:
    name: str
    old: str
    new: str
    # (quote, occurrence in old) -> expected: (quote, occurrence in new) | None | tuple of those
    spans: dict

    def old_spans(self) -> list[OldSpan]:
        out = []
        for k, (quote, n) in enumerate(self.spans):
            s = nth(self.old, quote, n)
            prefix, suffix = context(self.old, s, s + len(quote))
            out.append(OldSpan(f"{self.name}#{k}", s, s + len(quote), quote, prefix, suffix))
        return out

    def acceptable(self, k: int) -> list[tuple[int, int] | None]:
        expected = list(self.spans.values())[k]
        choices = expected if isinstance(expected, list) else [expected]
        out = []
        for c in choices:
            if c is None:
                out.append(None)
            else:
                s = nth(self.new, c[0], c[1])
                out.append((s, s + len(c[0])))
        return out


def _same(*keys):
    """Spans whose words are unchanged and keep their occurrence number."""
    return {k: k for k in keys}


S001_SPANS = [
    ("American aidrop", 0), ("Idlib", 0), ("Idlib", 1), ("Idlib", 2), ("Thursday morning", 0),
    ("4 helicopters", 0), ("Atma", 0), ("at least 13 civilian casualties", 0),
    ("two homes", 0), ("Reuters", 0), ("at least 13 people including 6 children", 0),
    ("killed", 0), ("Sputnik", 0), ("injured", 2), ("John Kirby", 0),
    ("no American casualties", 0), ("Sputnik", 1), ("Atma", 1), ("Abu Obeida", 0),
    ("Abu Hussam Al-Britani", 0), ("civilians", 0), ("Atma", 2), ("Atma", 3),
    ("October 27, 2019", 0), ("US", 0), ("US", 3), ("US", 5), ("at least 13", 0),
    ("at least 13", 1), ("the American landing", 0),
]


def cases() -> list[Case]:
    out = []
    # 1. A paragraph inserted after the headline: everything moves, nothing changes.
    new = S001.replace("\n", "\nUpdated 10:42 GMT with a statement from the coalition.\n", 1)
    out.append(Case("insert-top", S001, new, _same(*S001_SPANS)))

    # 2. A paragraph deleted: its spans are orphaned, later Atma/Sputnik renumber.
    para = S001[nth(S001, "Sputnik detailed"):nth(S001, "Additionally,")]
    new = S001.replace(para, "")
    exp = _same(*S001_SPANS)
    exp[("Sputnik", 1)] = ORPHAN
    exp[("Atma", 1)] = ORPHAN
    exp[("Atma", 2)] = ("Atma", 1)
    exp[("Atma", 3)] = ("Atma", 2)
    exp[("US", 5)] = ORPHAN  # "between US occupation forces" was in that paragraph
    out.append(Case("delete-paragraph", S001, new, exp))

    # 3. Typo fixes inside quotes: fuzzy landings on the corrected words.
    new = S001.replace("American aidrop", "American airdrop").replace("Al-Britani", "al-Britani")
    exp = _same(*S001_SPANS)
    exp[("American aidrop", 0)] = [("American airdrop", 0), ORPHAN]
    exp[("Abu Hussam Al-Britani", 0)] = [("Abu Hussam al-Britani", 0), ORPHAN]
    out.append(Case("typo-fixes", S001, new, exp))

    # 4. Two paragraphs swap places (the Reuters one and the Sputnik one).
    a0, a1 = nth(S001, "Reuters reported"), nth(S001, "According to Sputnik")
    b1 = nth(S001, "Sputnik detailed")
    reuters, sputnik = S001[a0:a1], S001[a1:b1]
    new = S001[:a0] + sputnik + reuters + S001[b1:]
    exp = _same(*S001_SPANS)
    # "injured" #2 and "Sputnik" #0 and "US" #3 are in the Sputnik paragraph, now earlier.
    out.append(Case("moved-paragraphs", S001, new, exp))

    # 5. Reworded phrase: "were killed in confrontations" -> "died in clashes".
    new = S001.replace("were killed in confrontations", "died in clashes")
    exp = _same(*S001_SPANS)
    exp[("killed", 0)] = ORPHAN
    out.append(Case("reworded", S001, new, exp))

    # 6. A number corrected inside a quote.
    new = S001.replace("at least 13 people including 6 children", "at least 14 people including 6 children")
    exp = _same(*S001_SPANS)
    exp[("at least 13 people including 6 children", 0)] = [
        ("at least 14 people including 6 children", 0), ORPHAN]
    exp[("at least 13", 1)] = [("at least 14", 0), ORPHAN]
    out.append(Case("number-corrected", S001, new, exp))

    # 7. Repeated names: a new sentence with Idlib, Atma and US inserted mid-article,
    #    and the line of Idlib #1 edited elsewhere (so only context can place it).
    insert_at = nth(S001, "Sources added")
    new = (S001[:insert_at] + "The US said Idlib and Atma were quiet by noon.\n" + S001[insert_at:])
    new = new.replace("A number of US soldiers", "Several US soldiers")
    exp = _same(*S001_SPANS)
    exp[("Idlib", 0)] = ("Idlib", 0)
    exp[("Idlib", 1)] = ("Idlib", 1)
    exp[("Idlib", 2)] = ("Idlib", 2)
    exp[("Atma", 0)] = ("Atma", 0)
    for n in (1, 2, 3):
        exp[("Atma", n)] = ("Atma", n + 1)
    exp[("US", 3)] = ("US", 4)
    exp[("US", 5)] = ("US", 6)
    out.append(Case("repeated-names", S001, new, exp))

    # 8. The whole article converted to CRLF line endings.
    new = S001.replace("\n", "\r\n")
    out.append(Case("crlf", S001, new, _same(*S001_SPANS)))

    # 9. A paragraph duplicated by the website: original copy or orphaned, never the copy.
    p0, p1 = nth(S001, "Sources added"), nth(S001, "Reuters reported")
    dup = S001[p0:p1]
    new = S001[:p1] + dup + S001[p1:]
    exp = _same(*S001_SPANS)
    exp[("two homes", 0)] = [("two homes", 0), ORPHAN]
    out.append(Case("duplicated-paragraph", S001, new, exp))

    # 10. Words inserted right next to spans.
    new = S001.replace("Abu Obeida,", "Abu Obeida (also known as Abu Ubaydah),").replace(
        "John Kirby said", "John Kirby later said")
    out.append(Case("adjacent-insertions", S001, new, _same(*S001_SPANS)))

    # 11. The seed with curly quotes straightened and a dateline removed.
    s000_spans = [("At least 13 people", 0), ("mission was successful", 0), ("John Kirby", 0),
                  ("Idlib", 0), ("Idlib", 1), ("Idlib", 2), ("Idlib", 3), ("Atme", 0),
                  ("Wednesday night", 0), ("Pentagon", 0), ("Pentagon", 1), ("Al Jazeera", 0),
                  ("Al Jazeera", 1), ("Abu Fahed al-Homsi", 0), ("December 2021", 0),
                  ("six children and four women", 0), ("US", 0), ("US", 4)]
    new = S000.replace("“", '"').replace("”", '"').replace(" date 2022-02-03 ", "")
    out.append(Case("straight-quotes", S000, new, _same(*s000_spans)))

    # 12. Heavier rewrite of one paragraph of seed 000, spans elsewhere intact.
    new = S000.replace(
        "the Doha-based Al Jazeera broadcaster said on Thursday that at least 13 people, "
        "including six children and four women, were killed",
        "Al Jazeera reported on Thursday that 13 people, six children and four women among them, died")
    exp = _same(*s000_spans)
    exp[("Al Jazeera", 0)] = [("Al Jazeera", 0), ORPHAN]
    exp[("six children and four women", 0)] = [("six children and four women", 0), ORPHAN]
    out.append(Case("paragraph-rewrite", S000, new, exp))

    # 13. Spelling variants of a name across the article.
    new = S000.replace("Abu Fahed al-Homsi", "Abu Fahd al-Homsi").replace("Atme", "Atmeh")
    exp = _same(*s000_spans)
    exp[("Abu Fahed al-Homsi", 0)] = [("Abu Fahd al-Homsi", 0), ORPHAN]
    exp[("Atme", 0)] = [("Atmeh", 0), ORPHAN]
    out.append(Case("spelling-variants", S000, new, exp))

    # 14. Lines deleted whose words occur elsewhere too: must orphan, never jump to a twin.
    line = S001[nth(S001, "A number of US soldiers"):nth(S001, "Al Mayadeen")]
    reuters = S001[nth(S001, "Reuters reported"):nth(S001, "According to Sputnik")]
    new = S001.replace(line, "").replace(reuters, "").replace("John Kirby", "Ned Price")
    exp = _same(*S001_SPANS)
    for key in [("Idlib", 2), ("Thursday morning", 0), ("Reuters", 0), ("killed", 0),
                ("at least 13 people including 6 children", 0), ("at least 13", 1),
                ("the American landing", 0), ("John Kirby", 0)]:
        exp[key] = ORPHAN
    exp[("Idlib", 3)] = ("Idlib", 2)
    exp[("injured", 2)] = ("injured", 1)
    exp[("US", 3)] = ("US", 2)
    exp[("US", 5)] = ("US", 4)
    out.append(Case("deleted-twins", S001, new, exp))

    # 15. Quote and its neighbours edited together (only alignment can place these).
    new = (S001.replace("north of Idlib, which resulted in", "north of Idleb, resulting in")
           .replace("4 helicopters belonging", "four helicopters belonging")
           .replace("Abu Obeida, who took shelter", "Abu Obaida who had taken shelter"))
    exp = _same(*S001_SPANS)
    exp[("Idlib", 3)] = [("Idleb", 0), ORPHAN]
    exp[("4 helicopters", 0)] = [("four helicopters", 0), ORPHAN]
    exp[("Abu Obeida", 0)] = [("Abu Obaida", 0), ORPHAN]
    out.append(Case("edited-with-context", S001, new, exp))
    return out


def score(case: Case, placements) -> tuple[int, int, int, list[str]]:
    """(landed right, orphaned, landed wrong, descriptions of the wrong ones)."""
    right = orphaned = wrong = 0
    notes = []
    for k, p in enumerate(placements):
        ok = case.acceptable(k)
        if p.anchor == "orphaned":
            if None in ok:
                orphaned += 1
            else:
                orphaned += 1
                notes.append(f"{case.name} {list(case.spans)[k]}: orphaned ({p.reason})")
            continue
        if (p.start, p.end) in ok:
            right += 1
        else:
            wrong += 1
            notes.append(f"{case.name} {list(case.spans)[k]}: WRONG at {p.start}..{p.end} "
                         f"{p.quote!r} ({p.anchor}, {p.reason}); expected {ok}")
    return right, orphaned, wrong, notes


# --- random revisions, with every span's true landing tracked through the edits ------------


def random_revision(seed: int, texts: list[str] | None = None, n_spans: int = 15):
    """(old, new, spans, truth): a seed article edited by 1-5 random word insertions (of words
    from the same article, so repeats abound), deletions, replacements and moved lines.

    truth[span id] is (start, end) where the span's words are now, None if deleted, or
    "touched" when an edit changed them (then only "not silently elsewhere" is checked).
    """
    import random
    import re

    texts = texts or [p.read_bytes().decode("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    rng = random.Random(seed)
    old = rng.choice(texts)

    def words(text):
        return [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]

    ws = words(old)
    spans = []
    for k in range(n_spans):
        i = rng.randrange(len(ws))
        j = min(len(ws) - 1, i + rng.randrange(3))
        s, e = ws[i][0], ws[j][1]
        prefix, suffix = context(old, s, e)
        spans.append(OldSpan(str(k), s, e, old[s:e], prefix, suffix))
    track = {sp.id: [sp.start, sp.end, False] for sp in spans}
    vocab = [old[a:b] for a, b in ws]
    new = old
    for _ in range(rng.randrange(1, 6)):
        nw = words(new)
        op = rng.choice(["ins", "del", "rep", "move"])
        if op == "ins":
            a = rng.choice(nw)[0]
            ins = " ".join(rng.choice(vocab) for _ in range(rng.randrange(1, 6))) + " "
            new = new[:a] + ins + new[a:]
            for t in track.values():
                if t[0] is None:
                    continue
                if a <= t[0]:
                    t[0] += len(ins)
                    t[1] += len(ins)
                elif a < t[1]:
                    t[2] = True
        elif op in ("del", "rep"):
            i = rng.randrange(len(nw))
            j = min(len(nw) - 1, i + rng.randrange(4))
            a, b = nw[i][0], nw[j][1]
            rep = "" if op == "del" else rng.choice(vocab)
            new = new[:a] + rep + new[b:]
            d = len(rep) - (b - a)
            for t in track.values():
                if t[0] is None:
                    continue
                if b <= t[0]:
                    t[0] += d
                    t[1] += d
                elif a < t[1]:
                    t[2] = True
        else:
            lines = new.splitlines(keepends=True)
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            if len(lines) < 3 or i == j:
                continue
            starts = [0]
            for line in lines:
                starts.append(starts[-1] + len(line))
            order = list(range(len(lines)))
            order.insert(j, order.pop(i))
            moved = [lines[k] for k in order]
            new_starts = {}
            pos = 0
            for k in order:
                new_starts[k] = pos
                pos += len(lines[k])
            for t in track.values():
                if t[0] is None or t[2]:
                    continue
                li = max(k for k in range(len(lines)) if starts[k] <= t[0])
                if t[1] > starts[li + 1]:
                    t[2] = True
                    continue
                shift = new_starts[li] - starts[li]
                t[0] += shift
                t[1] += shift
            new = "".join(moved)
    truth = {sid: ("touched" if t[2] else (t[0], t[1])) for sid, t in track.items()}
    return old, new, spans, truth
