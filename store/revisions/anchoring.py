"""Re-anchoring spans on a revised text: find where each quote went, or say it is lost.

A span must never land silently on the wrong words, so every step needs
evidence, and anything ambiguous ends as `orphaned` (kept with its quote, for a
person to place again) rather than as a guess.  The steps, for each span:

1. **Same lines** (`exact` when the offsets are unchanged, else `moved`): an
   LCS diff of the old and new texts' lines maps offsets inside unchanged lines
   exactly.  Accepted when the quote's surroundings still agree for a few
   characters (a short repeated line such as "Advertisement" matched on its own
   proves little) and no other copy of the passage fits as well.
2. **Exact occurrence** (`moved`, or `exact` at the same offsets): occurrences
   of the quote in the new text (not starting inside a word if the quote did
   not) are scored by how many characters of the stored prefix and suffix (32
   each) still sit beside them.  The best is taken only if it beats the
   runner-up by a clear margin, AND no other occurrence of the quote in the
   *old* text fits it as well (a repeated passage: the best may be the twin's
   words), AND it has enough context: a little if it is where the diff or the
   previous span's shift expects it, a lot if it is elsewhere, or the quote is
   long and occurs exactly once in both texts.
3. **Fuzzy** (`fuzzy`, original quote kept): (a) the *slot*: the last chars of
   the prefix and the first chars of the suffix are found once, close together,
   in the new text and in the old, and what lies between resembles the quote;
   (b) one neighbour (16 chars) is found once in both texts and the words
   beside it resemble the quote closely; or (c) rapidfuzz aligns
   prefix+quote+suffix near the expected place, the quote's ends are carried
   through the alignment's opcodes, quote and context both score above
   thresholds, the result does not cut a word, and no second place in the new
   text (nor a twin in the old) scores as well.
4. Else **orphaned**, with the reason.

Tuned on tests/anchoring_corpus.py and a random-revision property test
(tests/test_anchoring.py): no span has landed on other words.  Speed: a
word-start index and context-extended searches keep common quotes ("the",
"US") from being scored occurrence by occurrence (bench/bench_anchoring.py).

`reanchor()` is pure (texts and spans in, placements out) so it can be tested
and benchmarked without a database; `store.revisions` applies it to documents.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein

#: Context (chars of prefix + suffix agreeing) needed where the diff expects the span.
NEAR_CONTEXT = 6
#: Context needed for an occurrence somewhere else.
FAR_CONTEXT = 20
#: The best occurrence must beat the runner-up by this many context characters.
MARGIN = 4
#: A quote this long that occurs once in the old and once in the new text is itself proof.
UNIQUE_QUOTE = 12
#: Fuzzy: how much of prefix/suffix is looked for around the slot.
SLOT_CONTEXT = 10
#: One-sided fuzzy: chars of one neighbour that must be found once, and the quote score needed.
ONE_SIDE_CONTEXT = 16
ONE_SIDE_QUOTE_MIN = 86
#: Fuzzy thresholds (rapidfuzz 0-100 scores).
SLOT_QUOTE_MIN = 70
ALIGN_NEEDLE_MIN = 75
ALIGN_QUOTE_MIN = 75
ALIGN_CONTEXT_MIN = 70
#: Quotes shorter than this are never placed by alignment alone (too easy to match by chance).
ALIGN_MIN_QUOTE = 4
#: Chars each side of the expected place searched by the alignment.
ALIGN_WINDOW = 600
#: Characters of context compared each side (as stored with each span).
CONTEXT = 32
#: Texts at least this long get a word-start index (shorter ones are scanned: cheaper).
INDEX_MIN_TEXT = 16_384
#: Length of the keys of the word-start index.
INDEX_KEY = 8
#: Occurrences collected per search at most (beyond, the quote is no evidence by itself).
MAX_OCCURRENCES = 2000


@dataclass(frozen=True)
class OldSpan:
    id: str
    start: int | None
    end: int | None
    quote: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Placement:
    span_id: str
    anchor: str  # exact | moved | fuzzy | orphaned
    start: int | None
    end: int | None
    quote: str  # the new text's words (the old quote when orphaned)
    original_quote: str
    reason: str = ""


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _common_suffix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[-1 - i] == b[-1 - i]:
        i += 1
    return i


class _LineMap:
    """Old offset -> new offset for characters inside lines the diff found unchanged."""

    def __init__(self, old: str, new: str):
        old_lines = old.splitlines(keepends=True)
        new_lines = new.splitlines(keepends=True)
        old_starts = [0]
        for line in old_lines:
            old_starts.append(old_starts[-1] + len(line))
        new_starts = [0]
        for line in new_lines:
            new_starts.append(new_starts[-1] + len(line))
        # An LCS diff over whole lines (rapidfuzz's Indel on sequences of lines: bit-parallel,
        # far faster than difflib on long articles with many blank lines).
        # Blocks (old_start, old_end, new_start) in old order.
        self.blocks = []
        for op in Indel.opcodes(old_lines, new_lines):
            if op.tag == "equal":
                self.blocks.append((old_starts[op.src_start], old_starts[op.src_end],
                                    new_starts[op.dest_start]))
        self._starts = [blk[0] for blk in self.blocks]

    def exact(self, start: int, end: int) -> int | None:
        k = bisect_right(self._starts, start) - 1
        if k >= 0:
            ostart, oend, nstart = self.blocks[k]
            if start >= ostart and end <= oend:
                return nstart + (start - ostart)
        return None

    def estimate(self, start: int) -> int:
        """Where `start` probably went: shifted like the nearest unchanged block before it."""
        k = bisect_right(self._starts, start) - 1
        if k < 0:
            return start
        ostart, oend, nstart = self.blocks[k]
        return nstart + min(start - ostart, oend - ostart) + max(0, start - oend)


class Reanchorer:
    """Re-anchor many spans from one old text onto one new text."""

    def __init__(self, old_text: str, new_text: str):
        self.old = old_text
        self.new = new_text
        self.lines = _LineMap(old_text, new_text)
        self._old_counts: dict[str, int] = {}
        self._found: dict[tuple[bool, str, bool], list[int]] = {}
        self._index: dict[bool, dict[str, list[int]]] = {}
        # Shift of the last span placed on the same words: the next span, taken in
        # text order, is probably shifted alike (a second opinion besides the diff).
        self._delta: int | None = None

    # -- helpers ----------------------------------------------------------------

    def _context_score(self, span: OldSpan, at: int) -> int:
        before = self.new[max(0, at - len(span.prefix)):at]
        after = self.new[at + len(span.quote):at + len(span.quote) + len(span.suffix)]
        return _common_suffix(span.prefix, before) + _common_prefix(span.suffix, after)

    def _occurrences(self, needle: str, text: str, limit: int = MAX_OCCURRENCES) -> list[int]:
        out = []
        i = text.find(needle)
        while i != -1 and len(out) <= limit:
            out.append(i)
            i = text.find(needle, i + 1)
        return out

    def _all(self, needle: str, in_new: bool = True, anywhere: bool = False) -> list[int]:
        """Occurrences of `needle` (cached: many spans share a quote): every one if
        `anywhere`, else those not starting inside a word, looked up in an index of word
        starts so that a long article is not scanned again for each quote."""
        key = (in_new, needle, anywhere)
        if key not in self._found:
            text = self.new if in_new else self.old
            if anywhere:
                self._found[key] = self._occurrences(needle, text)
            elif len(needle) >= INDEX_KEY and len(text) >= INDEX_MIN_TEXT:
                index = self._index.get(in_new)
                if index is None:
                    index = self._index[in_new] = _word_start_index(text)
                self._found[key] = [p for p in index.get(needle[:INDEX_KEY], ())
                                    if text.startswith(needle, p)]
            else:
                self._found[key] = [p for p in self._occurrences(needle, text)
                                    if p == 0 or not (_is_word(text[p - 1]) and _is_word(text[p]))]
        return self._found[key]

    def _with_context(self, in_new: bool, before: str, quote: str, after: str, at_least: int,
                      anywhere: bool = False) -> list[int]:
        """Occurrences of `quote` whose neighbours may agree with `before`/`after` for at least
        `at_least` characters in all, found by searching the quote extended by part of its
        context (C-speed `find`) instead of scoring every occurrence of a common word.

        If a + b >= at_least then a >= ha or b >= hb whenever ha + hb = at_least + 1.
        """
        if at_least <= 0:
            return self._all(quote, in_new, anywhere)
        if len(before) + len(after) < at_least:
            return []
        ha = min(len(before), (at_least + 2) // 2)
        hb = at_least + 1 - ha
        if ha == 0 or hb == 0:
            return self._all(quote, in_new, anywhere)
        hits = self._all(quote, in_new, anywhere)
        if len(hits) <= 256:
            # Few occurrences: checking each one's neighbours beats scanning the text again.
            text, n = (self.new if in_new else self.old), len(quote)
            pre = before[-ha:] if ha <= len(before) else None
            post = after[:hb] if hb <= len(after) else None
            return [p for p in hits
                    if (pre is not None and p >= ha and text[p - ha:p] == pre)
                    or (post is not None and text[p + n:p + n + hb] == post)]
        found = set()
        if ha <= len(before):
            found.update(p + ha for p in self._all(before[-ha:] + quote, in_new, True))
        if hb <= len(after):
            found.update(self._all(quote + after[:hb], in_new, anywhere))
        return sorted(found)

    def _old_count(self, quote: str) -> int:
        if quote not in self._old_counts:
            self._old_counts[quote] = len(self._occurrences(quote, self.old, 2))
        return self._old_counts[quote]

    def _place(self, span: OldSpan, anchor: str, start: int, end: int, reason: str) -> Placement:
        if anchor == "fuzzy" and self.new[start:end] == span.quote:
            anchor = "exact"  # found by alignment, but the words are the same
        if anchor == "exact" and start != span.start:
            anchor = "moved"
        return Placement(span.id, anchor, start, end, self.new[start:end], span.quote, reason)

    def _orphan(self, span: OldSpan, reason: str) -> Placement:
        return Placement(span.id, "orphaned", None, None, span.quote, span.quote, reason)

    # -- the steps ------------------------------------------------------------------

    def place(self, span: OldSpan) -> Placement:
        """Place one span; call in order of the old start for the best estimates."""
        p = self._place_one(span)
        if p.anchor in ("exact", "moved") and span.start is not None:
            self._delta = p.start - span.start
        return p

    def _place_one(self, span: OldSpan) -> Placement:
        q = span.quote
        if not q:
            return self._orphan(span, "empty quote")
        avail = len(span.prefix) + len(span.suffix)
        expected = None
        if span.start is not None and span.end is not None and self.old[span.start:span.end] == q:
            mapped = self.lines.exact(span.start, span.end)
            if mapped is not None:
                score = self._context_score(span, mapped)
                if (score >= min(NEAR_CONTEXT + 2, avail) and not self._has_rival(span, mapped, score)
                        and not self._old_twin_claims(span, mapped, score)):
                    return self._place(span, "exact", mapped, mapped + len(q), "unchanged lines")
            expected = mapped if mapped is not None else self.lines.estimate(span.start)

        found = self._by_occurrence(span, expected, avail)
        if isinstance(found, Placement):
            return found
        ambiguous = found
        slot = self._by_slot(span)
        if slot is not None:
            return slot
        aligned = self._by_alignment(span, expected)
        if aligned is not None:
            return aligned
        return self._orphan(span, ambiguous or "quote not found, no close match")

    def _has_rival(self, span: OldSpan, at: int, score: int) -> bool:
        """Another occurrence whose context is about as good (a duplicated passage)."""
        anywhere = not _word_edges(span)[0]
        for h in self._with_context(True, span.prefix, span.quote, span.suffix, score - MARGIN + 1,
                                    anywhere):
            if h != at and score - self._context_score(span, h) < MARGIN:
                return True
        return False

    def _old_twin_claims(self, span: OldSpan, at: int, score: int) -> bool:
        """Whether another occurrence of the quote in the OLD text has context that fits the
        new occurrence at `at` about as well as the span's own (then `at` may be that twin)."""
        if span.start is None or self.old[span.start:span.end] != span.quote:
            return False
        n = len(span.quote)
        before = self.new[max(0, at - CONTEXT):at]
        after = self.new[at + n:at + n + CONTEXT]
        for o in self._with_context(False, before, span.quote, after, score - MARGIN + 1,
                                    not _word_edges(span)[0]):
            if o == span.start:
                continue
            twin = (_common_suffix(self.old[max(0, o - CONTEXT):o], before)
                    + _common_prefix(self.old[o + n:o + n + CONTEXT], after))
            if score - twin < MARGIN:
                return True
        return False

    def _by_occurrence(self, span: OldSpan, expected: int | None, avail: int):
        q = span.quote
        edges = _word_edges(span)
        all_hits = self._all(q, anywhere=not edges[0])
        if not all_hits:
            return None

        def scored_from(positions):
            kept = [h for h in positions if _keeps_edges(self.new, h, h + len(q), edges)]
            return sorted(((self._context_score(span, h), h) for h in kept), reverse=True)

        if len(all_hits) <= 64:
            scored = scored_from(all_hits)
            hits = [h for _, h in scored]
            if not scored:
                return "only found inside longer words"
        else:
            # A common quote: look only at occurrences with enough context to win, widening
            # until the best is known and every runner-up close to it is in view.
            hits = all_hits
            scored = []
            for floor in (48, 24, 12, min(NEAR_CONTEXT, avail)):
                floor = min(floor, avail)
                top = [x for x in scored_from(self._with_context(True, span.prefix, q, span.suffix, floor,
                                                                  not edges[0]))
                       if x[0] >= floor]
                if top:
                    need = top[0][0] - MARGIN + 1
                    scored = top if need >= floor else scored_from(
                        self._with_context(True, span.prefix, q, span.suffix, need, not edges[0]))
                    break
            if not scored:
                return "occurrences found but their context does not agree"
        best_score, best = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else None
        if runner_up is not None and best_score - runner_up < MARGIN:
            return f"{len(hits)} occurrences the context cannot tell apart"
        if self._old_twin_claims(span, best, best_score):
            return "repeated passage: another copy in the old text fits as well"
        guesses = [expected] if expected is not None else []
        if self._delta is not None and span.start is not None:
            guesses.append(span.start + self._delta)
        near = any(abs(best - g) <= 2 for g in guesses)
        unique_both = (len(hits) == 1 and len(q) >= UNIQUE_QUOTE and self._old_count(q) == 1)
        if (near and best_score >= min(NEAR_CONTEXT, avail)) or best_score >= min(FAR_CONTEXT, avail) \
                or unique_both:
            return self._place(span, "exact", best, best + len(q), f"context {best_score}/{avail}")
        return "occurrences found but their context does not agree"

    def _by_slot(self, span: OldSpan) -> Placement | None:
        k_pre, k_suf = min(SLOT_CONTEXT, len(span.prefix)), min(SLOT_CONTEXT, len(span.suffix))
        if k_pre < 4 or k_suf < 4:
            return None
        pre, suf = span.prefix[-k_pre:], span.suffix[:k_suf]
        max_gap = 2 * len(span.quote) + 16
        slots = _slots(self.new, pre, suf, max_gap)
        if not slots:
            return self._by_one_side(span)
        # One slot now, and one in the old text too: else it may be a twin passage's.
        if len(slots) != 1 or len(_slots(self.old, pre, suf, max_gap)) > 1:
            return None
        a, b = slots[0]
        candidate = self.new[a:b]
        stripped_a = a + (len(candidate) - len(candidate.lstrip())) if not span.quote[:1].isspace() else a
        stripped_b = b - (len(candidate) - len(candidate.rstrip())) if not span.quote[-1:].isspace() else b
        if stripped_a >= stripped_b:
            return None
        if fuzz.ratio(span.quote, self.new[stripped_a:stripped_b]) < SLOT_QUOTE_MIN:
            return None
        return self._place(span, "fuzzy", stripped_a, stripped_b, "between its old neighbours")

    def _by_one_side(self, span: OldSpan) -> Placement | None:
        """One neighbour (16 chars) found once, still touching the quote; the quote's
        other end is where the words best match.  Stricter than the two-sided slot."""
        q = span.quote
        if len(q) < ALIGN_MIN_QUOTE:
            return None
        best = None
        sides = []
        if len(span.suffix) >= ONE_SIDE_CONTEXT:
            hits = self._occurrences(span.suffix[:ONE_SIDE_CONTEXT], self.new, 1)
            if len(hits) == 1 and len(self._occurrences(span.suffix[:ONE_SIDE_CONTEXT], self.old, 1)) == 1:
                sides.append(("suffix", hits[0]))
        if len(span.prefix) >= ONE_SIDE_CONTEXT:
            hits = self._occurrences(span.prefix[-ONE_SIDE_CONTEXT:], self.new, 1)
            if len(hits) == 1 and len(self._occurrences(span.prefix[-ONE_SIDE_CONTEXT:], self.old, 1)) == 1:
                sides.append(("prefix", hits[0] + ONE_SIDE_CONTEXT))
        slack = max(2, len(q) // 5)
        for side, fixed in sides:
            if side == "suffix":
                choices = [(a, fixed) for a in range(max(0, fixed - len(q) - slack), fixed - len(q) + slack + 1)]
            else:
                choices = [(fixed, b) for b in range(fixed + len(q) - slack, min(len(self.new), fixed + len(q) + slack) + 1)]
            for a, b in choices:
                if a >= b or not _keeps_edges(self.new, a, b, _word_edges(span)):
                    continue
                # Do not start or end on white space the quote did not have.
                if (self.new[a].isspace() and not q[0].isspace()) or \
                        (self.new[b - 1].isspace() and not q[-1].isspace()):
                    continue
                r = fuzz.ratio(q, self.new[a:b])
                if best is None or r > best[0]:
                    best = (r, a, b)
        if best is None or best[0] < ONE_SIDE_QUOTE_MIN:
            return None
        _, a, b = best
        return self._place(span, "fuzzy", a, b, "beside one unchanged neighbour")

    def _by_alignment(self, span: OldSpan, expected: int | None) -> Placement | None:
        q = span.quote
        if len(q) < ALIGN_MIN_QUOTE:
            return None
        pre, suf = span.prefix[-16:], span.suffix[:16]
        needle = pre + q + suf
        if expected is None:
            lo, hi = 0, len(self.new)
        else:
            lo = max(0, expected - ALIGN_WINDOW - len(needle))
            hi = min(len(self.new), expected + ALIGN_WINDOW + len(needle))
        window = self.new[lo:hi]
        found = fuzz.partial_ratio_alignment(needle, window, score_cutoff=ALIGN_NEEDLE_MIN)
        if found is None:
            return None
        # A second place as good as the first is a repeat we cannot choose between.
        blanked = window[:found.dest_start] + "\0" * (found.dest_end - found.dest_start) \
            + window[found.dest_end:]
        second = fuzz.partial_ratio_alignment(needle, blanked, score_cutoff=found.score - 5)
        if second is not None:
            return None
        if span.start is not None and self.old[span.start:span.end] == q:
            # A passage repeated in the old text: its other copy may be what was found.
            o0 = max(0, span.start - len(pre))
            o1 = span.end + len(suf)
            old_rest = self.old[:o0] + "\0" * (o1 - o0) + self.old[o1:]
            if fuzz.partial_ratio_alignment(needle, old_rest, score_cutoff=found.score - 5) is not None:
                return None
        # Carry the quote's ends through an alignment of needle and region (with slack).
        slack = len(needle) // 4 + 2
        r0 = max(0, found.dest_start - slack)
        r1 = min(len(window), found.dest_end + slack)
        region = window[r0:r1]
        start = _map_through(Levenshtein.opcodes(needle, region), len(pre), side="start")
        end = _map_through(Levenshtein.opcodes(needle, region), len(pre) + len(q), side="end")
        if start is None or end is None or end <= start:
            return None
        start, end = lo + r0 + start, lo + r0 + end
        new_quote = self.new[start:end]
        if new_quote.strip() != new_quote and q.strip() == q:
            start += len(new_quote) - len(new_quote.lstrip())
            end -= len(new_quote) - len(new_quote.rstrip())
            new_quote = self.new[start:end]
        if not new_quote or fuzz.ratio(q, new_quote) < ALIGN_QUOTE_MIN:
            return None
        if not _keeps_edges(self.new, start, end, _word_edges(span)):
            return None  # it would cut a word in two
        ctx = (fuzz.ratio(pre, self.new[max(0, start - len(pre)):start])
               + fuzz.ratio(suf, self.new[end:end + len(suf)])) / 2
        if ctx < ALIGN_CONTEXT_MIN:
            return None
        return self._place(span, "fuzzy", start, end, f"aligned {found.score:.0f}")


def _word_start_index(text: str) -> dict[str, list[int]]:
    """INDEX_KEY characters -> positions, for every position not inside a word."""
    index: dict[str, list[int]] = {}
    prev_word = False
    for i, ch in enumerate(text):
        word = ch.isalnum() or ch == "_"
        if not (prev_word and word):
            index.setdefault(text[i:i + INDEX_KEY], []).append(i)
        prev_word = word
    return index


def _slots(text: str, pre: str, suf: str, max_gap: int) -> list[tuple[int, int]]:
    """Places where `pre` is followed, within max_gap chars, by `suf`."""
    out = []
    i = text.find(pre)
    while i != -1 and len(out) < 50:
        a = i + len(pre)
        j = text.find(suf, a + 1, a + max_gap + len(suf))
        if j != -1 and j <= a + max_gap:
            out.append((a, j))
        i = text.find(pre, i + 1)
    return out


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _word_edges(span: OldSpan) -> tuple[bool, bool]:
    """Whether the quote began and ended at a word boundary in the old text."""
    q = span.quote
    left = not (span.prefix and _is_word(span.prefix[-1]) and _is_word(q[0]))
    right = not (span.suffix and _is_word(span.suffix[0]) and _is_word(q[-1]))
    return left, right


def _keeps_edges(text: str, start: int, end: int, edges: tuple[bool, bool]) -> bool:
    """A quote that was a whole word is not found again inside a longer word ("Atme" in "Atmeh")."""
    if edges[0] and start > 0 and _is_word(text[start - 1]) and _is_word(text[start]):
        return False
    if edges[1] and end < len(text) and _is_word(text[end]) and _is_word(text[end - 1]):
        return False
    return True


def _map_through(opcodes, i: int, side: str) -> int | None:
    """Where position `i` of the source falls in the destination of an alignment.

    A start is looked up in the operation that begins at or covers `i`, an end in
    the one that covers or ends at `i`; text inserted exactly at a boundary stays
    outside the quote.
    """
    for op in opcodes:
        tag, s0, s1, d0, d1 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if tag == "insert":
            continue
        inside = s0 <= i < s1 if side == "start" else s0 < i <= s1
        if not inside:
            continue
        if tag == "delete":
            return d0
        return d0 + min(i - s0, d1 - d0)
    return None


def reanchor(old_text: str, new_text: str, spans: list[OldSpan]) -> list[Placement]:
    """Place each span of `old_text` on `new_text` (worked in text order, returned in the order given)."""
    r = Reanchorer(old_text, new_text)
    order = sorted(range(len(spans)), key=lambda k: (spans[k].start is None, spans[k].start or 0))
    placed: list[Placement | None] = [None] * len(spans)
    for k in order:
        placed[k] = r.place(spans[k])
    return placed
