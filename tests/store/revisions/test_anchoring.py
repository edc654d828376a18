"""Re-anchoring on revised texts: spans land on their own words or are orphaned, never wrong."""

from __future__ import annotations

from collections import Counter

import pytest

from store.records.spans import context
from store.revisions.anchoring import OldSpan, reanchor
from tests.support.anchoring_corpus import cases, score

CASES = cases()


def _span(text, quote, n=0, sid="s"):
    i = -1
    for _ in range(n + 1):
        i = text.index(quote, i + 1)
    prefix, suffix = context(text, i, i + len(quote))
    return OldSpan(sid, i, i + len(quote), quote, prefix, suffix)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_no_span_lands_on_wrong_words(case):
    placements = reanchor(case.old, case.new, case.old_spans())
    right, orphaned, wrong, notes = score(case, placements)
    assert wrong == 0, notes
    for p in placements:
        if p.anchor != "orphaned":
            assert case.new[p.start:p.end] == p.quote
            assert p.original_quote == list(case.spans)[int(p.span_id.split("#")[1])][0]


def test_corpus_totals(capsys):
    totals = Counter()
    anchors = Counter()
    for case in CASES:
        placements = reanchor(case.old, case.new, case.old_spans())
        right, orphaned, wrong, _ = score(case, placements)
        totals.update(right=right, orphaned=orphaned, wrong=wrong)
        anchors.update(p.anchor for p in placements)
    with capsys.disabled():
        print(f"\nre-anchoring corpus: {dict(totals)} anchors: {dict(anchors)}")
    assert totals["wrong"] == 0
    # Most words survive a revision; a method that orphaned everything would fail here.
    assert totals["right"] >= 0.9 * sum(totals.values())
    assert anchors["fuzzy"] >= 5 and anchors["moved"] and anchors["exact"]


def test_unchanged_text_keeps_every_span_exact():
    text = CASES[0].old
    spans = CASES[0].old_spans()
    assert {p.anchor for p in reanchor(text, text, spans)} == {"exact"}


def test_repeat_without_deciding_context_is_orphaned_not_guessed():
    old = "Shelling hit Atme. Later, shelling hit Atme."
    span = _span(old, "Atme", 1)
    # The sentence is reworded so that neither occurrence keeps the old context.
    new = "Atme was shelled. Shelling also struck Atme in the afternoon."
    (p,) = reanchor(old, new, [span])
    assert p.anchor == "orphaned" and p.start is None and p.original_quote == "Atme"


def test_insertion_before_moves_the_span():
    old = "Airstrike in Idlib killed 13 people on Thursday."
    new = "UPDATE: Airstrike in Idlib killed 13 people on Thursday."
    (p,) = reanchor(old, new, [_span(old, "13 people")])
    assert (p.anchor, new[p.start:p.end]) == ("moved", "13 people")
    assert p.start == old.index("13") + len("UPDATE: ")


def test_typo_fix_inside_the_quote_is_fuzzy_with_the_original_kept():
    old = "The raid near the town of Atmeh killed a senior commander, officials said."
    new = "The raid near the town of Atme killed a senior commander, officials said."
    (p,) = reanchor(old, new, [_span(old, "Atmeh")])
    assert (p.anchor, p.quote, p.original_quote) == ("fuzzy", "Atme", "Atmeh")


def test_whole_word_is_not_found_inside_a_longer_word():
    old = "Fighting near Atme continued. Residents fled."
    new = "Fighting near Atmeh-Qah continued overnight, witnesses said. Residents fled."
    (p,) = reanchor(old, new, [_span(old, "Atme")])
    assert p.anchor == "orphaned" or new[p.start:p.end] != "Atme"


def test_deleted_sentence_is_orphaned_even_if_its_words_occur_elsewhere():
    old = "At least 13 people died in Idlib. In Aleppo, at least 13 people were hurt."
    new = "In Aleppo, at least 13 people were hurt."
    (p,) = reanchor(old, new, [_span(old, "13 people", 0)])
    assert p.anchor == "orphaned"


def test_random_revisions_never_move_an_untouched_span_to_other_words(capsys):
    from tests.support.anchoring_corpus import random_revision

    right = orphaned = wrong = 0
    problems = []
    for seed in range(200):
        old, new, spans_, truth = random_revision(seed)
        for span, p in zip(spans_, reanchor(old, new, spans_)):
            expected = truth[span.id]
            if expected == "touched":
                continue
            if p.anchor == "orphaned":
                orphaned += 1
            elif (p.start, p.end) == expected:
                right += 1
            else:
                wrong += 1
                problems.append((seed, span.quote, p))
    with capsys.disabled():
        print(f"\nrandom revisions (untouched spans): right {right}, orphaned {orphaned}, wrong {wrong}")
    assert wrong == 0, problems[:5]
    assert right > 0.95 * (right + orphaned)


def test_cjk_and_arabic_spans_inside_unspaced_text_follow_an_insertion():
    old = ("叙利亚伊德利卜省周四发生空袭，至少13人死亡，其中包括6名儿童。当地消息人士说，"
           "空袭发生在阿特迈镇附近。\r\nقُتِلَ ١٣ شخصاً في إدلب يوم الخميس.")
    new = ("【更新】" + old.replace("当地消息人士说", "当地消息人士称")
           .replace("في إدلب", "في محافظة إدلب"))
    quotes = ["伊德利卜省", "阿特迈镇", "6名儿童", "إدلب", "الخميس", "قُتِلَ"]
    spans_ = [_span(old, q, 0, q) for q in quotes]
    placed = {p.span_id: p for p in reanchor(old, new, spans_)}
    for q in quotes:
        p = placed[q]
        assert p.anchor == "moved", (q, p)
        assert (p.start, p.end) == (new.index(q), new.index(q) + len(q))
