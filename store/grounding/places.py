"""Place grounding: one name to a gazetteer entry, and an article's place names found.

`resolve_place` answers for a name a coder selected: the pick, the other
candidates, and "did you mean" offers (loose matches, never picked).
`find_places` reads a whole article and returns every span that looks like a
place, each with the candidate the document's other places favour, so an
article's places pull each other together (Alexandria beside Rapides Parish
is Alexandria, Louisiana; Atmeh beside Idlib is the Syrian one).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from store.grounding import entry_ranking, place_company, place_misfires, ranking, toponyms
from store.grounding.countries import country_code
from store.grounding.folding import fold
from store.grounding.gazetteer_sources import US_STATE_ABBREVIATIONS

ABBREVIATIONS = frozenset(a for forms in US_STATE_ABBREVIATIONS.values() for a in forms)

# Candidates weighed per mention; more only cost time.
CANDIDATES_PER_NAME = 8
MAX_NAME_CHARS = 200
# Bounds that keep the document pass linear: candidates per name that may
# back another name, other names consulted per name, entries scored per name.
NEIGHBOUR_CANDIDATES = 25
MAX_NEIGHBOURS = 15
MAX_ROWS_SCORED = 60
# Document contexts remembered per gazetteer (a coder resolves one article's
# names one after another against the same context).
CONTEXT_CACHE_SIZE = 64
# Two-letter names that are places in running text; other short words are not.
SHORT_NAMES = frozenset({"us", "u s", "uk", "u k", "dc", "d c", "la", "pa", "ga", "va",
                         "md", "mo", "ky", "vt", "ny", "n y", "nj", "n j", "nc", "n c",
                         "sc", "s c", "nh", "n h", "nm", "n m", "ri", "r i", "nd", "sd"})


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A span of the article that names a place: `text[start:end] == quote`.

    `chosen` is the gazetteer candidate the document favours (None for a
    name in a place context the gazetteer lacks); `cue` is the context that
    made a lone word count ("near", "province"), if any."""

    start: int
    end: int
    quote: str
    chosen: dict | None
    candidates: tuple[dict, ...] = field(default=())
    why: str = ""
    cue: str | None = None


def resolve_place(text: str, gazetteer, *, country=None, near=(), context: str = "") -> dict:
    """Ground one place name. Returns `{"chosen": candidate | None,
    "candidates": [...], "did_you_mean": [...], "why": str}`, or
    `{"unresolved": True, "why": str}` when there is nothing to offer."""
    if not isinstance(text, str) or not text.strip():
        return {"unresolved": True, "why": "no place name given"}
    if len(text) > MAX_NAME_CHARS:
        return {"unresolved": True, "why": f"{len(text)} characters is not a place name"}
    code = None
    if country:
        code = country_code(country)
        if code is None:
            return {"unresolved": True, "why": f"unknown country code {str(country)[:40]!r}"}
    if gazetteer is None or not gazetteer.available:
        reason = getattr(gazetteer, "status", None) or "no gazetteer"
        return {"unresolved": True, "why": reason}
    neighbours, admin1s, inferred = _document_context(context, gazetteer, code)
    found = gazetteer.candidates(text.strip(), country=code, near=_valid_points(near),
                                 limit=CANDIDATES_PER_NAME, admin1s=admin1s,
                                 neighbours=neighbours, inferred_country=inferred)
    exact = [c for c in found if not c["loose"]]
    loose = [c for c in found if c["loose"]]
    if exact and code and exact[0]["country"] not in (code, None):
        # The coder said which country; a namesake abroad is no answer.
        elsewhere = ", ".join(ranking.label(c) for c in exact[:3])
        return {"chosen": None, "candidates": exact, "did_you_mean": loose,
                "why": f"{text.strip()!r} is not in the gazetteer for {code}; "
                       f"elsewhere: {elsewhere}"}
    if exact:
        chosen = exact[0]
        why = f"gazetteer: {ranking.label(chosen)} ({chosen['why']})"
        if len(exact) > 1:
            why += f"; best of {len(exact)}"
        return {"chosen": chosen, "candidates": exact, "did_you_mean": loose, "why": why}
    if loose:
        offers = ", ".join(ranking.label(c) for c in loose[:3])
        return {"chosen": None, "candidates": [], "did_you_mean": loose,
                "why": f"{text.strip()!r} is not in the gazetteer; did you mean {offers}?"}
    return {"unresolved": True, "why": f"{text.strip()!r} is not in the gazetteer"}


def _valid_points(near) -> list[tuple[float, float]]:
    points = []
    for point in near or ():
        try:
            lat, lon = float(point[0]), float(point[1])
        except (TypeError, ValueError, IndexError):
            continue
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            points.append((lat, lon))
    return points


def _document_context(context: str, gazetteer, code: str | None):
    """The document's other places: each name's candidate points, the
    provinces and states they name, and the country most of them are in."""
    if not isinstance(context, str) or not context.strip():
        return [], set(), None
    cache = getattr(gazetteer, "context_cache", None)
    key = (context, code)
    if cache is not None and key in cache:
        return cache[key]
    result = _read_context(context, gazetteer, code)
    if cache is not None:
        if len(cache) >= CONTEXT_CACHE_SIZE:
            cache.pop(next(iter(cache)))
        cache[key] = result
    return result


def _read_context(context: str, gazetteer, code: str | None):
    # Every name in the context counts, however weak alone: the coder's
    # context is names, not prose to sift.
    mentions = [m for m in find_places(context, gazetteer, country=code, keep_weak=True)
                if m.chosen]
    picks = [m.chosen for m in mentions]
    neighbours = [ranking.neighbour_points(m.candidates) for m in mentions]
    admin1s = _admin1s(picks) | _named_admin1s(m.candidates for m in mentions)
    return ranking.backing(neighbours), admin1s, _majority_country(picks)


def _admin1s(picks: list[dict]) -> set[tuple[str, str]]:
    return {(p["country"], p["admin1"]) for p in picks if p.get("admin1")}


def _named_admin1s(candidate_lists) -> set[tuple[str, str]]:
    """States and provinces a name could be: "Georgia" backs towns in the US
    state even when the pick is the country."""
    return {(c["country"], c["admin1"]) for candidates in candidate_lists
            for c in candidates if c.get("feature") == "ADM1" and c.get("admin1")}


def _majority_country(picks: list[dict]) -> str | None:
    counts = Counter(p["country"] for p in picks if p.get("country"))
    if not counts:
        return None
    top, count = counts.most_common(1)[0]
    return top if count * 2 > sum(counts.values()) else None


def find_places(text: str, gazetteer, *, country=None, keep_weak: bool = False,
                top_only: bool = False) -> list[PlaceMention]:
    """Every span of `text` that names a place, in text order, at most
    `toponyms.MAX_RUNS` runs scanned. Gazetteer matches carry the candidate
    the whole document favours; names in a place context the gazetteer lacks
    carry `chosen=None`. `keep_weak` keeps lone words too weak to offer
    alone (for a context of names, where every name is meant as a place).
    `top_only` gives each mention its chosen candidate alone, and saves
    scoring the others fully (for a caller that needs only the pick)."""
    if top_only:
        return [PlaceMention(start, end, quote, chosen, (chosen,) if chosen else (), why, cue)
                for start, end, quote, why, chosen, cue
                in find_picks(text, gazetteer, country=country, keep_weak=keep_weak)]
    if not isinstance(text, str) or not text.strip() or gazetteer is None:
        return []
    code = country_code(country) if country else None
    tokens, runs = toponyms.tokenise(text)
    found = _match_runs(text, tokens, runs, gazetteer)
    return _disambiguate(text, tokens, found, gazetteer, code, keep_weak)


@dataclass(slots=True)
class _Match:
    start: int
    end: int
    key: str
    rows: list
    first: int
    last: int
    run_start: bool
    cue: str | None
    run_first: int = -1
    # The acronym as written ("US"), whose rows are those it spells; None for other names.
    spelled: str | None = None


def _match_runs(text, tokens, runs, gazetteer) -> list:
    """Greedy longest gazetteer matches inside each run; unmatched names in
    a place context become matches without rows."""
    memo = _derived_cache(gazetteer)
    keys: dict[tuple[int, int], tuple[str, ...]] = {}
    for run in runs:
        if len(run) == 1:
            # Most runs are one word: its one span, most often without a final
            # period or 's, so folded as written.
            word = tokens[run[0]].text
            if word[-1] in ".s":
                keys[run[0], run[0]] = _keys(text, tokens, run[0], run[0])
            else:
                keys[run[0], run[0]] = (key,) if (key := fold(word)) else ()
        else:
            _run_keys(text, tokens, run, keys)
    rows = gazetteer.lookup([k for ks in keys.values() for k in ks]) if keys else {}
    matches: list[_Match] = []
    for run in runs:
        matched = False
        if len(run) == 1:
            for key in keys[run[0], run[0]]:
                if key in rows:
                    match = _match(text, tokens, run, 0, 0, key, keys, rows, memo)
                    if match is not None:
                        matches.append(match)
                        matched = True
                    break
        else:
            matched = _match_run(text, tokens, run, keys, rows, memo, matches)
        if not matched:
            unmatched = _unmatched_in_context(text, tokens, run)
            if unmatched:
                matches.append(unmatched)
    return matches


def _run_keys(text, tokens, run, keys) -> None:
    """Keys (see `_keys`) of a run's spans of at most MAX_WORDS words, from and to a
    capitalised word, into `keys` by (first, last) word index."""
    # A run's words are consecutive, so word indices count its words.
    capitalised = [i for i in run if toponyms.is_capitalised(tokens[i].text)]
    for a, first in enumerate(capitalised):
        for last in capitalised[a:]:
            if last - first >= toponyms.MAX_WORDS:
                break
            keys[first, last] = _keys(text, tokens, first, last)


def _match_run(text, tokens, run, keys, rows, memo, matches) -> bool:
    """Greedy longest matches in a run of several words, onto `matches`; whether any."""
    matched = False
    position = 0
    while position < len(run):
        best = None
        for b in range(min(len(run), position + toponyms.MAX_WORDS) - 1, position - 1, -1):
            for key in keys.get((run[position], run[b]), ()):
                if key in rows:
                    best = (b, key)
                    break
            if best:
                break
        if best is None:
            position += 1
            continue
        b, key = best
        match = _match(text, tokens, run, position, b, key, keys, rows, memo)
        if match is not None:
            matches.append(match)
            matched = True
        position = b + 1
    return matched


def _match(text, tokens, run, position, b, key, keys, rows, memo) -> _Match | None:
    """The match of `key` over run[position:b + 1]; None for an acronym that spells
    none of its rows."""
    first, last = run[position], run[b]
    word = tokens[last]
    # Only a final period or 's moves the end (most names have neither).
    end = _match_end(word, whole=key != keys[first, last][0]) if word.text[-1] in ".s" else word.end
    start = tokens[first].start
    found = rows[key]
    quote = text[start:end]
    spelled = quote if len(quote) <= 4 and _is_acronym(quote) else None
    if spelled is not None:
        found = _spelled_rows(found, key, spelled, memo)
        if not found:
            return None
    return _Match(start, end, key, found, first, last,
                  position == 0 or _opens_name(tokens, run, position),
                  toponyms.cue_around(text, tokens, first, end), run[0], spelled)


def _spelled_rows(rows: list, key: str, quote: str, memo) -> list:
    """The rows an acronym spells, remembered by key and spelling across articles."""
    known = memo.get(("spelled", key, quote)) if memo is not None else None
    if known is None:
        known = [r for r in rows if _spells_acronym(r, quote)]
        if memo is not None:
            memo[("spelled", key, quote)] = known
    return list(known)


def _is_acronym(quote: str) -> bool:
    return 2 <= len(quote) <= 4 and quote.isalpha() and quote.isupper()


def _spells_acronym(row: dict, quote: str) -> bool:
    """An acronym names a place only letter for letter: "US" is the United States (its
    code) or a town called Us, never Osh, whose folded spelling merely meets it."""
    if ranking.plain(row.get("name") or "") == quote.casefold():
        return True
    feature = row.get("feature") or ""
    if feature.startswith("PCL"):
        return row.get("country") == country_code(quote)
    return feature == "ADM1" and row.get("country") == "US" and quote in ABBREVIATIONS


def _opens_name(tokens, run, position) -> bool:
    """True when nothing but common words or a connector comes before this
    position in its run ("Another Gainesville business", "Bay of Bengal")."""
    before = [tokens[i].text.lower() for i in run[:position]]
    return (not before or before[-1] in toponyms.CONNECTORS
            or all(word in toponyms.COMMON_WORDS for word in before))


def _keys(text, tokens, first, last) -> tuple[str, ...]:
    """Folded keys for a span, tried in this order: without a final period or
    's (news copy's "Apple's" is a possessive far more often than a place
    called Apples), then as written ("St. John's" where no St. John is known).
    A tuple, not a set: which key wins must not depend on the hash seed."""
    word = tokens[last]
    bare_end = word.bare_end
    if first == last and bare_end == word.end:
        # One word as written: its own text, no slice.
        bare = fold(word.text)
        return (bare,) if bare else ()
    start = tokens[first].start
    bare = fold(text[start:bare_end])
    if bare_end == word.end:
        return (bare,) if bare else ()
    written = fold(text[start:word.end])
    if written == bare or not written:
        return (bare,) if bare else ()
    return (bare, written) if bare else (written,)


def _match_end(last_word, whole: bool = False) -> int:
    """Keep a final period only when it belongs to the name ("La.", "N.Y."), and
    a final 's only when the name was found with it (`whole`: "St. John's")."""
    if last_word.text.endswith(".") and last_word.text in ABBREVIATIONS:
        return last_word.end
    if whole:
        return last_word.end - 1 if last_word.text.endswith(".") else last_word.end
    return last_word.bare_end


def _unmatched_in_context(text, tokens, run) -> _Match | None:
    # The name ends before "and" or a common word ("near Zzyzx and Qara",
    # "in Kafr Nabudah Tuesday").
    cut = 1
    while cut < len(run) and tokens[run[cut]].text.lower() != "and" and \
            tokens[run[cut]].text.lower().rstrip(".") not in toponyms.COMMON_WORDS:
        cut += 1
    run = run[:cut]
    first, last = run[0], run[-1]
    if len(run) > toponyms.MAX_WORDS:
        return None
    start, end = tokens[first].start, tokens[last].bare_end
    cue = toponyms.cue_around(text, tokens, first, end)
    if cue is None or cue in toponyms.WEAK_BEFORE:
        return None
    if len(run) == 1 and tokens[first].text.lower().rstrip(".") in toponyms.COMMON_WORDS:
        return None
    return _Match(start, end, fold(text[start:end]), [], first, last, True, cue)


def _disambiguate(text, tokens, matches, gazetteer, code, keep_weak=False) -> list[PlaceMention]:
    """Pick each match's candidate in light of the others, twice over, then
    drop weak lone words the document does not support."""
    results = []
    for match, ranked in _ranked(text, tokens, matches, gazetteer, code, False):
        mention = _mention(text, match, ranked or [], keep_weak)
        if mention is not None:
            results.append(mention)
    return results


def find_picks(text: str, gazetteer, *, country=None, keep_weak: bool = False) -> list[tuple]:
    """`find_places(..., top_only=True)` as plain tuples `(start, end, quote, why,
    chosen, cue)`, for a caller that makes its own objects of them (the suggester)."""
    if not isinstance(text, str) or not text.strip() or gazetteer is None:
        return []
    code = country_code(country) if country else None
    tokens, runs = toponyms.tokenise(text)
    found = _match_runs(text, tokens, runs, gazetteer)
    return _picks(text, tokens, found, gazetteer, code, keep_weak)


def _picks(text, tokens, matches, gazetteer, code, keep_weak) -> list[tuple]:
    """Each offered mention's `(start, end, quote, why, chosen, cue)`, ranked for the pick."""
    out = []
    for match, pick in _ranked(text, tokens, matches, gazetteer, code, True):
        quote = text[match.start:match.end]
        if pick is None:
            out.append((match.start, match.end, quote, _unknown_why(match, quote), None,
                        match.cue))
        elif place_misfires.offered(quote, match, pick[0], keep_weak, SHORT_NAMES):
            out.append((match.start, match.end, quote, pick[1], pick[0], match.cue))
    return out


def _ranked(text, tokens, matches, gazetteer, code, top_only):
    """Each kept match with its ranking beside the names near it: the candidates
    best first (a list), or for `top_only` the pick and its why (a pair); None
    for a name the gazetteer lacks."""
    kept = place_misfires.kept(text, tokens, matches, SHORT_NAMES)
    memo = _derived_cache(gazetteer)
    # A name's ranking depends only on its key (its rows) and, in the second
    # pass, on which names are near it: a name repeated among the same
    # neighbours is ranked once. The first pass depends on nothing else, so it
    # is remembered across articles, with the name's backing points.
    first_by_key: dict[str, list[dict]] = {}
    points_by_key: dict[str, list] = {}
    # The provinces and states each name backs (those it could be, and its pick's),
    # worked out once per name, not once per mention beside it.
    admin1s_by_key: dict[str, set] = {}
    for match in kept:
        if match.key not in first_by_key:
            ranked, points_by_key[match.key] = _first_pass(match, code, memo)
            first_by_key[match.key] = ranked
            admin1s_by_key[match.key] = _named_admin1s([ranked]) | _admin1s(ranked[:1])
    inferred = None if code else _majority_country(
        [first_by_key[match.key][0] for match in kept if first_by_key[match.key]])
    rank = _pick_among if top_only else _rank_among
    context = (code, inferred, points_by_key, admin1s_by_key, memo)
    # A name's first mention is ranked without a company key (most names are
    # mentioned once); its company is keyed only when the name comes again.
    first_of: dict[str, tuple] = {}
    ranked_among: dict[tuple, object] = {}
    keys = [match.key for match in kept]
    for index, match in enumerate(kept):
        if not match.rows:
            yield match, None
            continue
        # The names closest in the text back each other most; a cap keeps a
        # long article linear.
        nearby = _nearby(keys, index)
        earlier = first_of.get(match.key)
        if earlier is None:
            ranked = rank(match, nearby, *context)
            first_of[match.key] = (nearby, ranked)
            yield match, ranked
            continue
        if earlier[0] is not None:
            ranked_among[match.key, tuple(sorted(earlier[0]))] = earlier[1]
            first_of[match.key] = (None, None)
        company = (match.key, tuple(sorted(nearby)))
        ranked = ranked_among.get(company)
        if ranked is None:
            ranked = ranked_among[company] = rank(match, nearby, *context)
        elif top_only:
            # Copies: each mention's candidates are its own to annotate. (The first
            # mention keeps the originals: nothing can change them before these are made.)
            ranked = (dict(ranked[0]), ranked[1])
        else:
            ranked = [dict(c) for c in ranked]
        yield match, ranked


#: Entries in a gazetteer's `derived_cache` before it is dropped (a first-pass ranking, or one
#: place's closeness to the names met beside it: a few KB at most).
DERIVED_CACHE_SIZE = 50_000


def _derived_cache(gazetteer) -> dict | None:
    memo = getattr(gazetteer, "derived_cache", None)
    if memo is not None and len(memo) > DERIVED_CACHE_SIZE:
        memo.clear()
    return memo


def _first_pass(match, code, memo) -> tuple[list[dict], list]:
    """A name ranked alone, and its candidates as backing points (unit vectors)."""
    if not match.rows:
        return [], []
    # By spelling too: an acronym's rows are only those it spells ("US", not Osh, which folds
    # alike), so the ranking remembered for one must not stand in for the other.
    key = ("first", match.key, match.spelled, code)
    known = memo.get(key) if memo is not None else None
    if known is None:
        ranked = entry_ranking.rank(_entries(match, memo), country=code, inferred=None,
                                    admin1s=set(), neighbours=(), support_of=None,
                                    limit=NEIGHBOUR_CANDIDATES)
        known = (ranked, ranking.neighbour_points(ranked))
        if memo is not None:
            memo[key] = known
    return known


def _nearby(keys, index) -> list[str]:
    """Up to MAX_NEIGHBOURS keys of other names, closest in the text first,
    the earlier one first at equal distance (the order a stable sort by
    distance gives)."""
    key = keys[index]
    # The names within MAX_NEIGHBOURS places either side, paired by distance,
    # usually hold enough; when the name itself repeats too often among them,
    # `_nearby_far` looks further.
    low = index - MAX_NEIGHBOURS
    high = index + 1 + MAX_NEIGHBOURS
    before = keys[index - 1:low - 1:-1] if low > 0 else keys[index - 1::-1] if index else []
    after = keys[index + 1:high]
    out = [k for pair in zip(before, after) for k in pair if k != key]
    if len(before) != len(after):
        # Past one end of the document only the other side is left.
        longer, shorter = (before, after) if len(before) > len(after) else (after, before)
        out.extend(k for k in longer[len(shorter):] if k != key)
    if len(out) >= MAX_NEIGHBOURS:
        return out[:MAX_NEIGHBOURS]
    if low <= 0 and high >= len(keys):
        return out
    return _nearby_far(keys, index)


def _nearby_far(keys, index) -> list[str]:
    """`_nearby`, one distance at a time as far as it takes."""
    key = keys[index]
    count = len(keys)
    out: list[str] = []
    for distance in range(1, count):
        before, after = index - distance, index + distance
        if before < 0 and after >= count:
            break
        if before >= 0 and keys[before] != key:
            out.append(keys[before])
            if len(out) == MAX_NEIGHBOURS:
                return out
        if after < count and keys[after] != key:
            out.append(keys[after])
            if len(out) == MAX_NEIGHBOURS:
                return out
    return out


def _rank_among(match, nearby, code, inferred, points_by_key, admin1s_by_key, memo) -> list[dict]:
    """The match's CANDIDATES_PER_NAME best candidates beside the names `nearby`
    (see `place_company.backing`)."""
    admin1s, neighbours, support_of = place_company.backing(nearby, code, points_by_key,
                                                               admin1s_by_key, memo)
    return entry_ranking.rank(_entries(match, memo), country=code, inferred=inferred,
                              admin1s=admin1s, neighbours=neighbours, support_of=support_of,
                              limit=CANDIDATES_PER_NAME)


def _pick_among(match, nearby, code, inferred, points_by_key, admin1s_by_key,
                memo) -> tuple[dict, str]:
    """`_rank_among`'s first candidate alone, with the why of its suggestion."""
    admin1s, neighbours, support_of = place_company.backing(nearby, code, points_by_key,
                                                               admin1s_by_key, memo)
    return entry_ranking.pick(_entries(match, memo), code, inferred, admin1s, neighbours,
                              support_of)


def _entries(match, memo) -> tuple:
    """The match's rows as ranking entries, remembered across articles by name (and
    spelling, for an acronym, whose rows are those it spells)."""
    key = ("entries", match.key, match.spelled)
    known = memo.get(key) if memo is not None else None
    if known is None:
        known = entry_ranking.entries(match.rows, match.key, MAX_ROWS_SCORED)
        if memo is not None:
            memo[key] = known
    return known


def _mention(text, match, ranked, keep_weak=False) -> PlaceMention | None:
    quote = text[match.start:match.end]
    if not ranked:
        return PlaceMention(match.start, match.end, quote, None, (),
                            _unknown_why(match, quote), match.cue)
    chosen = ranked[0]
    if not place_misfires.offered(quote, match, chosen, keep_weak, SHORT_NAMES):
        return None
    return PlaceMention(match.start, match.end, quote, chosen, tuple(ranked),
                        f"gazetteer: {ranking.label(chosen)}", match.cue)


def _unknown_why(match, quote) -> str:
    """The why of a name in a place context the gazetteer lacks."""
    return (f"place context '{match.cue} {quote}', not in the gazetteer"
            if match.cue not in toponyms.PLACE_AFTER
            else f"place context '{quote} {match.cue}', not in the gazetteer")
