"""Benchmark: the suggesters on the five seed articles, against a gold list read by hand.

Prints, per seed, what each suggester proposes; then precision and recall of
the casualty and claim suggesters against GOLD below (written from reading
the seeds, including what the rules miss); then speed: ms per 3 KB article
for each suggester and for `suggest_document`, and articles per second over
2,000 synthetic 3 KB articles made of seed sentences.
Targets: a 3 KB article <= 50 ms for everything; >= 200 articles/s each.
Run with `.venv/bin/python bench/bench_suggest_seeds.py` (`--quiet` skips the listing).
"""

from __future__ import annotations

import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from store.suggest.actors import suggest_actors
from store.suggest.casualties import suggest_casualties
from store.suggest.claims import suggest_claims
from store.suggest.learned import LearnedPatterns, suggest_learned
from store.suggest.run import suggest_document

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
ARTICLES = 2_000
ARTICLE_CHARS = 3_000

# Casualty gold: (seed, label, quote, (low, best, high)). Repeated quotes are
# listed once per occurrence. The bench prints the gold entries it misses.
CASUALTIES = [
    ("000", "Killed", "At least 13 people", (13, 13, None)),
    ("000", "Killed", "at least 13 people, including six children and four women", (13, 13, None)),
    ("000", "Killed", "no US casualties", (0, 0, 0)),
    ("000", "Injured", "no US casualties", (0, 0, 0)),
    ("000", "Killed", "an al-Qaeda leader", (1, 1, 1)),
    ("001", "Injured", "A number of US soldiers", (3, None, None)),
    ("001", "Killed", "at least 13 civilian casualties", (13, 13, None)),
    ("001", "Injured", "at least 13 civilian casualties", (13, 13, None)),
    ("001", "Killed", "at least 13 people including 6 children", (13, 13, None)),
    ("001", "Injured", "a number of elite US soldiers", (3, None, None)),
    ("001", "Killed", "no American casualties", (0, 0, 0)),
    ("001", "Injured", "no American casualties", (0, 0, 0)),
    ("001", "Killed", "ISIS leader Abu Bakr Al-Baghdadi", (1, 1, 1)),  # miss: "led to the death of"
    ("002", "Killed", "one person", (1, 1, 1)),
    ("002", "Injured", "another", (1, 1, 1)),
    ("003", "Killed", "no USA or coalition members", (0, 0, 0)),
    ("003", "Injured", "no USA or coalition members", (0, 0, 0)),
    ("003", "Killed", "dozens", (24, None, None)),
    ("003", "Injured", "dozens", (24, None, None)),
    ("003", "Killed", "many casualties", (3, None, None)),
    ("003", "Injured", "many casualties", (3, None, None)),
    ("003", "Killed", "about 100 troops", (None, 100, None)),
    ("003", "Injured", "One U.S. -backed SDF fighter", (1, 1, 1)),
    ("003", "Killed", "some of the Russian contractors", (2, None, None)),
    ("003", "Injured", "25 members", (25, 25, 25)),
    ("004", "Killed", "More Than 100", (101, None, None)),
    ("004", "Killed", "More Than 100", (101, None, None)),
    ("004", "Killed", "about 100", (None, 100, None)),
    ("004", "Killed", "in excess of 100 fighters", (101, None, None)),
    ("004", "Killed", "dozens of tribal fighters", (24, None, None)),
    ("004", "Injured", "dozens of tribal fighters", (24, None, None)),
    ("004", "Injured", "25 Syrian militias", (25, 25, 25)),
]
# "Two killed and injured" (002, twice) is one killed and one injured: a coder
# codes neither label as 2, so the suggestions it draws count as wrong.

# Claim gold: (seed, speaker, cue, words the content starts with). A claim
# matches when the cue is the same, one speaker contains the other, and the
# content holds these words near its start.
CLAIMS = [
    ("000", "the Doha-based Al Jazeera broadcaster", "said", "at least 13 people"),
    ("000", "One resident", "said", "emergency rescuers"),
    ("000", "Abu Fahed al-Homsi", "told", "We woke up"),
    ("000", "Reuters", "according to", "believed to have targeted"),
    ("000", "the Pentagon", "said", "mission was successful"),
    ("000", "Pentagon spokesman John Kirby", "said", "US Special Operations forces"),
    ("000", "social media and witness accounts", "according to", "American helicopter loudspeakers"),
    ("000", "an American official", "said", "One of the helicopters"),
    ("001", "Al Mayadeen's correspondent", "reported", "4 helicopters"),
    ("001", "Sources", "added", "after the failed mission"),
    ("001", "Reuters", "reported", "at least 13 people"),
    ("001", "Sputnik", "according to", "a number of elite US soldiers"),
    ("001", "the US Department of Defense Spokesperson John Kirby", "said", "no American casualties"),
    ("001", "Sputnik", "detailed", "confrontations between"),
    ("001", "militants", "confirmed", "all the victims"),
    ("001", "the Syrian Opposition Observatory", "said", "coalition helicopters"),
    ("001", "The Observatory", "added", "the landing operation"),
    ("002", "SOHR activists", "reported", "a drone"),
    ("002", "reliable sources", "informed", "helicopters of the International Coalition"),
    ("002", "SOHR sources", "according to", "International Coalition Forces evacuated"),
    ("002", "Intersected sources", "told", "the evacuated individuals"),
    ("003", "The American officials", "added", "the assault was carried out"),
    ("003", "Veale", "said", "20 to 30 artillery"),
    ("003", "The Russian Foreign Ministry spokeswoman Maria Zakharova", "affirmed",
     "the United States military presence"),
    ("003", "Foreign Minister Sergey Lavrov", "called", "the strike another violation"),  # miss
    ("003", "Kaine", "said", "While I am grateful"),
    ("003", "Syria's state media", "say", "has bombed government-backed troops"),
    ("003", "President Bashar al-Assad's government", "said", "the coalition airstrike"),
    ("003", "The Russians", "assured", "the US -backed forces would not be harmed"),
    ("003", "A USA military official", "said", "the U.S. bombing killed about 100"),
    ("003", "Veale", "said", "the military did not have an exact number"),
    ("003", "That official", "said", "the military assesses"),
    ("003", "the US -led coalition", "says", "it was acting in self-defense"),
    ("003", "Russian officials", "assured", "they would not engage"),
    ("003", "Russian Federation", "accused", "the U.S. military presence"),
    ("003", "the US-led coalition Operation Inherent Resolve", "confirmed", "The rare strikes"),  # miss
    ("003", "SANA", "says", "the local fighters were battling"),
    ("004", "officials", "according to", "The strikes were carried out in self-defense"),
    ("004", "officials", "said", "the strikes were conducted after"),  # miss: "who said"
    ("004", "a US military", "according to", "killed about 100"),
    ("004", "a USA military official", "said", "Syrian pro-regime forces included"),
    ("004", "Syrian state-run media", "says", "the USA strikes killed and wounded"),
    ("004", "The Observatory", "said", "the Khusham area"),
    ("004", "Turkish officials", "said", "the leaders of Turkey"),
    ("004", "White", "said", "The military goal"),
    ("004", "the official", "said", "Coalition officials were in regular communication"),
    ("004", "A USA official", "told", "the attackers crossed"),
    ("004", "Russian Federation", "accused", "the United States military presence"),
    ("004", "she", "said", "while the US -led coalition mission"),
    ("004", "Operation Inherent Resolve", "according to", "Syrian pro-regime forces initiated"),
    ("004", "the statement", "said", "As a result of the shelling"),
    ("004", "The Syrian foreign ministry", "said", "it wrote to the United Nations"),
]


def _figures(value):
    return None if value is None else (value["low"], value["best"], value["high"])


def score_casualties(by_seed: dict[str, list]) -> tuple[int, int, int, int]:
    gold = Counter((seed, label, quote) for seed, label, quote, _ in CASUALTIES)
    values = {(seed, label, quote): figures for seed, label, quote, figures in CASUALTIES}
    proposed = Counter((seed, s.label, s.quote) for seed, out in by_seed.items() for s in out)
    hits = sum((gold & proposed).values())
    for seed, label, quote in sorted((gold - proposed).elements()):
        print(f"  missed casualty {seed} {label} {quote!r}")
    for seed, label, quote in sorted((proposed - gold).elements()):
        print(f"  wrong casualty  {seed} {label} {quote!r}")
    right = sum(1 for seed, out in by_seed.items() for s in out
                if (seed, s.label, s.quote) in values and _figures(s.value) == values[(seed, s.label, s.quote)])
    return hits, sum(proposed.values()), sum(gold.values()), right


def _claim_matches(claim, speaker, cue, content_words) -> bool:
    got_speaker, got_cue, got_content = (p.quote for p in claim.parts)
    return (got_cue.lower() == cue.lower()
            and (speaker in got_speaker or got_speaker in speaker)
            and content_words in got_content[:len(content_words) + 40])


def score_claims(by_seed: dict[str, list]) -> tuple[int, int, int]:
    hits = 0
    for seed, out in by_seed.items():
        unused = list(out)
        for gold_seed, speaker, cue, words in CLAIMS:
            if gold_seed != seed:
                continue
            match = next((c for c in unused if _claim_matches(c, speaker, cue, words)), None)
            if match is not None:
                unused.remove(match)
                hits += 1
            else:
                print(f"  missed claim    {seed} [{speaker}] [{cue}] [{words}]")
        for claim in unused:
            print(f"  extra claim     {seed} {[p.quote[:40] for p in claim.parts]}")
    return hits, sum(len(out) for out in by_seed.values()), len(CLAIMS)


def synthetic_articles(texts: list[str], n: int, seed: int = 7) -> list[str]:
    sentences = [s for text in texts for s in re.split(r"(?<=[.!?])\s+", text) if len(s) > 20]
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts, size = [], 0
        while size < ARTICLE_CHARS:
            sentence = rng.choice(sentences)
            parts.append(sentence)
            size += len(sentence) + 1
        out.append(" ".join(parts)[:ARTICLE_CHARS])
    return out


def timed(name, function, articles) -> None:
    started = time.process_time()
    for article in articles:
        function(article)
    elapsed = time.process_time() - started
    print(f"  {name:<18} {1000 * elapsed / len(articles):7.2f} ms per 3 KB article"
          f"  {len(articles) / elapsed:8.0f} articles/s")


def main() -> int:
    quiet = "--quiet" in sys.argv
    texts = {path.name[:3]: path.read_text(encoding="utf-8") for path in SEEDS}
    learned = LearnedPatterns([
        {"label": "Location", "quote": "Atmé", "author": "editor1", "value": None},
        {"label": "Location", "quote": "Idlib", "author": "editor1", "value": None},
        {"label": "Location", "quote": "Deir ez-Zor", "author": "editor2", "value": None},
    ])
    casualties, claims = {}, {}
    for seed, text in texts.items():
        casualties[seed] = suggest_casualties(text)
        claims[seed] = suggest_claims(text)
        actors = suggest_actors(text)
        places = suggest_learned(text, learned)
        if quiet:
            continue
        print(f"== seed {seed} ({len(text)} characters)")
        for s in casualties[seed]:
            print(f"  casualty {s.label:<8} {s.quote!r} -> {_figures(s.value)}")
        for c in claims[seed]:
            speaker, cue, content = (p.quote for p in c.parts)
            print(f"  claim    [{speaker}] [{cue}] [{content[:70]}{'...' if len(content) > 70 else ''}]")
        print(f"  actors   {', '.join(s.quote for s in actors)}")
        print(f"  learned  {', '.join(s.quote for s in places)}")
    hits, proposed, gold, right = score_casualties(casualties)
    print(f"\ncasualties: precision {hits}/{proposed} = {hits / proposed:.2f}, "
          f"recall {hits}/{gold} = {hits / gold:.2f}, low/best/high right on {right}/{hits} found")
    hits, proposed, gold = score_claims(claims)
    print(f"claims:     precision {hits}/{proposed} = {hits / proposed:.2f}, "
          f"recall {hits}/{gold} = {hits / gold:.2f}")
    articles = synthetic_articles(list(texts.values()), ARTICLES)
    print(f"\nspeed over {len(articles)} synthetic {ARTICLE_CHARS // 1000} KB articles (CPU time, one core):")
    timed("casualties", suggest_casualties, articles)
    timed("claims", suggest_claims, articles)
    timed("actors", suggest_actors, articles)
    timed("learned (3)", lambda a: suggest_learned(a, learned), articles)
    many = LearnedPatterns({"label": "Location", "quote": f"Village{i} al-Town", "author": "e"} for i in range(10_000))
    timed("learned (10,000)", lambda a: suggest_learned(a, many), articles)
    timed("suggest_document", lambda a: suggest_document(a, learned=learned), articles)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
