"""Benchmark: incident candidates over 100,000 synthetic articles, and the seeds.

Targets: the whole corpus indexed and every blocked pair scored in under a
minute on one core; a new article's candidates in under 100 ms.

The corpus (seeded RNG): incidents in Syria's 14 governorates, 200 towns
each, over eight years, each reported by 1 to 5 outlets 0-2 days after it,
in paraphrases from templates, with fold-able spelling variants of town and
province (Atme/Atma/Atmeh, Deir ez-Zor/Deir al-Zour), figures written
differently, boilerplate sentences; three in ten reports coded (grounded
date, admin1, location, type, actors); of the others one in ten has no
date and one in twenty names the province but not the town (those cannot
be likely: recall counts them as missed). Distractors: raids in the same town
years later, in the same province months later, and on the same day in
another province. Precision and recall of `likely` are measured against
the known incidents over every pair blocking keeps.

Run with `.venv/bin/python bench/bench_incident_candidates.py [articles] [--compare-text]`;
`--compare-text` also measures how well TF-IDF cosine and rapidfuzz
token_set_ratio over the leads separate same-incident pairs among the
blocked pairs (area under the ROC curve), the measurement textsim's choice
rests on.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from store.grounding.folding import fold
from store.incidents.candidates import CandidateIndex
from store.incidents.reports import Report
from tests.support.incident_seed_reports import seed_reports  # noqa: E402

ARTICLES = 100_000
QUERIES = 1_000
#: Articles written to a database for the database query timing.
DB_ARTICLES = 20_000
#: Uncoded reports whose header gave no date (seeds 001 and 002 are such).
UNDATED_SHARE = 0.1
#: Uncoded reports in which the place pass found the province but not the town.
PROVINCE_ONLY_SHARE = 0.05
SEED = 20260201

PROVINCES = {
    "Idlib": ["Idlib"],  # not Idleb: fold keeps e and i apart
    "Aleppo": ["Aleppo", "Alepo"],
    "Deir ez-Zor": ["Deir ez-Zor", "Deir al-Zour", "Deir el-Zour"],
    "Raqqa": ["Raqqa", "al-Raqqah", "Raqqah"],
    "Hama": ["Hama", "Hamah"],
    "Homs": ["Homs", "Hums"],
    "Daraa": ["Daraa", "Dara"],
    "Hasakah": ["Hasakah", "al-Hasakah", "Hasaka"],
    "Latakia": ["Latakia", "Lattakia"],
    "Tartus": ["Tartus", "Tartous"],
    "Quneitra": ["Quneitra", "Kuneitra"],
    "Suwayda": ["Suwayda", "as-Suwayda"],
    "Damascus": ["Damascus"],
    "Rif Dimashq": ["Rif Dimashq", "Reef Dimashq"],
}
ACTORS = ["Syrian government forces", "Russian air force", "US-led coalition", "Hayat Tahrir al-Sham",
          "Islamic State", "Syrian Democratic Forces", "Turkish forces", "Syrian National Army",
          "Ahrar al-Sharqiya", "Hurras al-Din", "Iranian-backed militias", "unidentified gunmen"]
KINDS = [("Explosions/Remote violence", ["air strike", "airstrike", "bombing raid"]),
         ("Explosions/Remote violence", ["shelling", "artillery barrage", "rocket attack"]),
         ("Battles", ["clashes", "fighting", "armed clash"]),
         ("Violence against civilians", ["raid", "commando raid", "night raid"]),
         ("Explosions/Remote violence", ["car bomb", "explosion", "IED blast"])]
TARGETS = ["market", "school", "checkpoint", "house", "bakery", "hospital", "mosque", "convoy",
           "camp for displaced people", "farm", "oil field", "bridge", "police station", "clinic",
           "water station", "bus", "factory", "warehouse", "military post", "village square"]
OUTLETS = [f"Outlet {n:02d}" for n in range(40)]
FILLER = [
    "The war in Syria has killed hundreds of thousands of people since 2011.",
    "Subscribe to our newsletter for the latest updates.",
    "Residents said they feared further attacks in the coming days.",
    "The Syrian Observatory for Human Rights said it was monitoring the situation.",
    "Humanitarian agencies have warned of a worsening crisis in the region.",
    "This website uses cookies to improve your experience.",
    "Negotiations between the parties have stalled for months.",
    "The United Nations called for restraint from all sides.",
    "Aid convoys have struggled to reach the area this winter.",
    "Officials did not respond to requests for comment.",
]
TEMPLATES = [
    ("{number} people were killed in a {kind} on a {target} in {town}, {province} province, {source} said. "
    "The {kind} was blamed on {actor}."),
    ("{Actor} carried out a {kind} targeting a {target} in the town of {town} in {province}, killing "
    "{number}, according to {source}."),
    ("A {kind} hit a {target} near {town} in the {province} countryside. {source_cap} reported {number} "
    "dead and blamed {actor}."),
    "Local sources in {province} said {number} were killed when {actor} struck a {target} in {town}.",
    "In {town}, a {target} was destroyed by a {kind}; {number} died, {source} said, accusing {actor}.",
]
PROVINCE_SPELLINGS = {spelling for spellings in PROVINCES.values() for spelling in spellings}
SOURCES = ["local sources", "civil defence workers", "activists", "a monitoring group", "medics"]
START = dt.date(2016, 1, 1).toordinal()
SPAN_DAYS = 8 * 365


def town_names(rng: random.Random, count: int, seen: set[str]) -> list[str]:
    """`count` names no other town shares once folded (across all provinces)."""
    syllables = ["at", "ma", "ku", "sha", "ram", "bin", "tal", "dar", "zor", "kaf", "nab", "sar",
                 "mish", "ha", "ri", "jis", "ar", "rak", "bu", "sal", "qa", "tum", "lat", "ba"]
    names = []
    while len(names) < count:
        name = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).capitalize()
        if rng.random() < 0.3:
            name = rng.choice(["Tell ", "Kafr ", "Jabal ", "Ain "]) + name
        if fold(name) not in seen:
            seen.add(fold(name))
            names.append(name)
    return names


def spelling_variants(name: str) -> list[str]:
    """Spellings of one name that `fold` brings together (checked, not assumed)."""
    last = name.split()[-1]
    stem = name[: len(name) - len(last)]
    options = {name}
    if last[-1] in "ae" and len(last) > 3:
        options |= {stem + last[:-1] + other for other in "ae"} | {stem + last + "h"}
    options |= {stem + last.replace("u", "ou", 1), stem + last.replace("k", "kh", 1)}
    return sorted(v for v in options if fold(v) == fold(name))


def number_phrase(rng: random.Random, n: int) -> str:
    return rng.choice([str(n), f"at least {n}", f"{n}", f"nearly {n}"])


def article_text(rng: random.Random, incident: dict) -> str:
    kind_words = KINDS[incident["kind"]][1]
    fields = {
        "number": number_phrase(rng, incident["dead"]),
        "kind": rng.choice(kind_words),
        "target": incident["target"],
        "town": rng.choice(incident["town_spellings"]),
        "province": rng.choice(PROVINCES[incident["province"]]),
        "source": rng.choice(SOURCES),
        "actor": incident["actor"],
    }
    fields["Actor"] = fields["actor"][0].upper() + fields["actor"][1:]
    fields["source_cap"] = fields["source"][0].upper() + fields["source"][1:]
    body = rng.choice(TEMPLATES).format(**fields)
    filler = rng.sample(FILLER, rng.randint(2, 4))
    return " ".join([body, *filler])


def make_corpus(total: int, rng: random.Random) -> tuple[list[Report], dict[str, int], list[dict]]:
    """Reports, their incident numbers, and the incidents (for making queries)."""
    folded_towns: set[str] = set()
    towns = {province: town_names(rng, 200, folded_towns) for province in PROVINCES}
    reports: list[Report] = []
    truth: dict[str, int] = {}
    incidents: list[dict] = []

    def new_incident(province: str, town: str, day: int) -> dict:
        incident = {
            "number": len(incidents), "province": province, "town": town,
            "town_spellings": spelling_variants(town), "day": day,
            "kind": rng.randrange(len(KINDS)), "actor": rng.choice(ACTORS),
            "target": rng.choice(TARGETS), "dead": rng.randint(0, 60),
        }
        incidents.append(incident)
        return incident

    def report_on(incident: dict, outlet: str) -> Report:
        key = f"doc-{len(reports)}"
        article_day = incident["day"] + rng.randint(0, 2)
        text = article_text(rng, incident)
        coded = rng.random() < 0.3
        undated = not coded and rng.random() < UNDATED_SHARE
        town = next(v for v in incident["town_spellings"] if v in text)
        province = next((v for v in PROVINCES[incident["province"]] if v in text), None)
        if not coded and rng.random() < PROVINCE_ONLY_SHARE:
            # The gazetteer pass missed the town: only the province is known.
            town = None
        return Report(
            key=key, document_id=key, outlet=outlet,
            article_date=None if undated else dt.date.fromordinal(article_day).isoformat(),
            date_start=dt.date.fromordinal(incident["day"]).isoformat() if coded else None,
            date_end=dt.date.fromordinal(incident["day"]).isoformat() if coded else None,
            country="Syria" if coded else None,
            admin1=incident["province"] if coded else None,
            location=incident["town"] if coded else None,
            event_type=KINDS[incident["kind"]][0] if coded else None,
            actors=(incident["actor"],) if coded else (),
            text=text,
            place_names=tuple(p for p in (town, province, "Syria") if p),
        )

    def publish(incident: dict, copies: int) -> None:
        for outlet in rng.sample(OUTLETS, copies):
            if len(reports) >= total:
                return
            report = report_on(incident, outlet)
            reports.append(report)
            truth[report.key] = incident["number"]

    while len(reports) < total:
        province = rng.choice(list(PROVINCES))
        town = rng.choice(towns[province])
        day = START + rng.randrange(SPAN_DAYS)
        incident = new_incident(province, town, day)
        publish(incident, rng.randint(1, 5))
        roll = rng.random()
        if roll < 0.05:  # the same town, years later
            later = new_incident(province, town, day + 365 * rng.randint(1, 3))
            publish(later, rng.randint(1, 3))
        elif roll < 0.10:  # the same province, months later
            later = new_incident(province, rng.choice(towns[province]), day + 30 * rng.randint(2, 8))
            publish(later, rng.randint(1, 3))
        elif roll < 0.15:  # the same day, another province
            other = rng.choice([p for p in PROVINCES if p != province])
            elsewhere = new_incident(other, rng.choice(towns[other]), day)
            publish(elsewhere, rng.randint(1, 3))
    return reports, truth, incidents


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def compare_text(index: CandidateIndex, reports: list[Report], truth: dict[str, int]) -> None:
    """AUC of TF-IDF cosine vs token_set_ratio on the leads, over the blocked pairs."""
    from rapidfuzz import fuzz

    from store.incidents.textsim import term_weights

    by_key = {r.key: r for r in reports}
    leads = {r.key: " ".join(term_weights(r.text[:300])) for r in reports}
    rows = []
    for candidate in index.all_pairs():
        tfidf = float(candidate.why.rsplit("text ", 1)[1][:4])
        ratio = fuzz.token_set_ratio(leads[candidate.a], leads[candidate.b]) / 100
        rows.append((truth[by_key[candidate.a].key] == truth[candidate.b], tfidf, ratio))
    for column, name in ((1, "TF-IDF cosine"), (2, "token_set_ratio on leads")):
        same = [r[column] for r in rows if r[0]]
        other = sorted(r[column] for r in rows if not r[0])
        if not same or not other:
            continue
        wins = sum(bisect.bisect_left(other, v) + 0.5 * (bisect.bisect_right(other, v)
                                                          - bisect.bisect_left(other, v)) for v in same)
        print(f"  text {name}: AUC {wins / (len(same) * len(other)):.3f}")


def database_queries(reports: list[Report], incidents: list[dict], rng: random.Random) -> None:
    """A new article's candidates read from a database of DB_ARTICLES articles: the
    index built once from the database (as the screen and the CLI do), then each new
    article read from the database and asked about."""
    import tempfile

    from store.db.connection import open_db
    from store.incidents import from_db
    from store.records.documents import sha256_text

    with tempfile.TemporaryDirectory() as folder:
        db = open_db(Path(folder) / "bench.db")
        now = "2026-01-01T00:00:00Z"
        rows = [{"id": r.key, "text": r.text, "length": len(r.text), "text_sha256": sha256_text(r.text),
                 "bytes_sha256": "-", "encoding": "utf-8", "outlet": r.outlet,
                 "published": r.article_date, "imported_by": "bench", "imported_at": now}
                for r in reports]
        with db.conn:
            db["documents"].insert_all(rows, batch_size=2000, ignore=True)  # synthetic copies repeat
        t0 = time.perf_counter()
        built = from_db.index(db)
        build = time.perf_counter() - t0
        timings = []
        for number in range(100):
            incident = rng.choice(incidents)
            text = article_text(rng, incident) + f" (update {number})"
            key = f"new-{number}"
            published = dt.date.fromordinal(incident["day"] + rng.randint(0, 2)).isoformat()
            with db.conn:
                db["documents"].insert({"id": key, "text": text, "length": len(text),
                                        "text_sha256": sha256_text(text), "bytes_sha256": "-",
                                        "encoding": "utf-8", "outlet": "Outlet new",
                                        "published": published, "imported_by": "bench",
                                        "imported_at": now})
            t0 = time.perf_counter()
            from_db.candidates_for_document(db, key, built)
            timings.append((time.perf_counter() - t0) * 1000)
        db.close()
    print(f"from a database of {len(reports):,} articles: index built in {build:.1f} s; "
          f"a new article's candidates (read from the database, then asked): "
          f"p50 {percentile(timings, 0.5):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms "
          f"(target < 100 ms)")


def main() -> int:
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    total = int(arguments[0]) if arguments else ARTICLES
    rng = random.Random(SEED)
    t0 = time.perf_counter()
    reports, truth, incidents = make_corpus(total, rng)
    print(f"corpus: {len(reports):,} articles, {len(incidents):,} incidents "
          f"(made in {time.perf_counter() - t0:.1f} s, not counted)")

    t0 = time.perf_counter()
    index = CandidateIndex(reports)
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    # Pairs with a report whose town the place pass missed cannot be likely.
    town_named = {r.key for r in reports if r.location or any(
        name not in PROVINCE_SPELLINGS and name != "Syria" for name in r.place_names)}
    kept = likely = true_likely = reachable_likely = 0
    for candidate in index.all_pairs():
        kept += 1
        if candidate.likely:
            likely += 1
            if truth[candidate.a] == truth[candidate.b]:
                true_likely += 1
                reachable_likely += candidate.a in town_named and candidate.b in town_named
    scoring = time.perf_counter() - t0
    sizes: dict[int, int] = {}
    for number in truth.values():
        sizes[number] = sizes.get(number, 0) + 1
    true_pairs = sum(n * (n - 1) // 2 for n in sizes.values())
    every_pair = len(reports) * (len(reports) - 1) // 2
    print(f"build (index {len(index):,} reports): {build:.1f} s")
    print(f"pairs kept after blocking and scored: {kept:,} of {every_pair:,} possible "
          f"({kept / max(1, len(reports)):.1f} per article), in {scoring:.1f} s")
    print(f"build + every pair scored: {build + scoring:.1f} s (target < 60 s)")
    precision = true_likely / likely if likely else 0.0
    recall = true_likely / true_pairs if true_pairs else 0.0
    print(f"likely: {likely:,} pairs; precision {precision:.3f}, recall {recall:.3f} "
          f"(of {true_pairs:,} same-incident pairs)")
    named: dict[int, int] = {}
    for key in town_named:
        named[truth[key]] = named.get(truth[key], 0) + 1
    reachable = sum(n * (n - 1) // 2 for n in named.values())
    print(f"  recall over the {reachable:,} same-incident pairs whose reports both name the town: "
          f"{reachable_likely / max(1, reachable):.3f}")
    if "--compare-text" in sys.argv:
        compare_text(index, reports, truth)

    query_rng = random.Random(SEED + 1)
    timings = []
    hits = 0
    for _ in range(QUERIES):
        incident = query_rng.choice(incidents)
        fresh = Report(
            key="query", document_id="query", outlet="Outlet new",
            article_date=dt.date.fromordinal(incident["day"] + query_rng.randint(0, 2)).isoformat(),
            text=article_text(query_rng, incident),
            place_names=(incident["town_spellings"][0], PROVINCES[incident["province"]][0], "Syria"),
        )
        t0 = time.perf_counter()
        found = index.candidates_for(fresh)
        timings.append((time.perf_counter() - t0) * 1000)
        hits += bool(found) and found[0].likely and truth[found[0].b] == incident["number"]
    print(f"a new article's candidates: p50 {percentile(timings, 0.5):.1f} ms, "
          f"p95 {percentile(timings, 0.95):.1f} ms (target < 100 ms); "
          f"top candidate likely and right for {hits}/{QUERIES}")

    # The costliest kind of question: no date, and only a province to go on,
    # so blocking reads the place's whole history up to MAX_EXAMINED reports.
    vague_timings = []
    for _ in range(200):
        incident = query_rng.choice(incidents)
        vague = Report(key="vague", document_id="vague", text=article_text(query_rng, incident),
                       place_names=(PROVINCES[incident["province"]][0], "Syria"))
        t0 = time.perf_counter()
        index.candidates_for(vague)
        vague_timings.append((time.perf_counter() - t0) * 1000)
    print(f"an undated article naming only a province: p50 {percentile(vague_timings, 0.5):.1f} ms, "
          f"p95 {percentile(vague_timings, 0.95):.1f} ms")

    database_queries(reports[:DB_ARTICLES], incidents, query_rng)

    print("\nseeds (article date and text only):")
    seeds = CandidateIndex(seed_reports())
    kept = list(seeds.all_pairs())
    for candidate in kept:
        mark = "LIKELY" if candidate.likely else "      "
        print(f"  {mark} {candidate.a}+{candidate.b} {candidate.score:.3f}  {candidate.why}")
    print(f"  likely pairs: {sorted(c.a + '+' + c.b for c in kept if c.likely)}; "
          f"pairs kept after blocking: {len(kept)} of 10")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
