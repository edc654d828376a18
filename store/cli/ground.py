"""`eventdesk ground date|number|place TEXT` and `eventdesk ground --batch`; `eventdesk places`.

`ground` prints one JSON result (dates: store.grounding.dates; numbers:
store.grounding.numbers; places: store.grounding.places, with the project's
editors' places). `--batch` reads JSON lines `{"kind", "text", "dct",
"context", "country"}` from stdin and writes one JSON result per line, in
order; a line that is not such an object gets `{"unresolved": true, "why"}`.
JSON output escapes every control character, so nothing raw reaches a terminal.
"""

from __future__ import annotations

import json
import sys

from store.cli.terminal_safe import safe_line
from store.errors import StoreError
from store.grounding.dates import acled_time_precision, resolve_date, ucdp_date_prec
from store.grounding.numbers import resolve_number
from store.records import places as places_mod

KINDS = ("date", "number", "place")
MAX_LINE_CHARS = 100_000


def register(subparsers) -> None:
    p = subparsers.add_parser("ground", help="ground a date, number or place name; prints JSON")
    p.add_argument("kind", nargs="?", choices=KINDS, help="what the words are")
    p.add_argument("text", nargs="?", metavar="TEXT", help="the words")
    p.add_argument("--dct", help="the article date (YYYY-MM-DD), for dates")
    p.add_argument("--context", default="", help="the words around TEXT")
    p.add_argument("--country", help="the country the place is in (code or name)")
    p.add_argument("--batch", action="store_true",
                   help="read JSON lines {kind, text, dct, context, country} from stdin")
    p.set_defaults(func=run_ground)

    places = subparsers.add_parser("places", help="the editors' places the gazetteer lacks")
    sub = places.add_subparsers(dest="places_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add a place (editors only)")
    add.add_argument("name")
    add.add_argument("--alt", action="append", default=[], metavar="NAME",
                     help="an alternate name (repeat)")
    add.add_argument("--country")
    add.add_argument("--admin1")
    add.add_argument("--admin2")
    add.add_argument("--lat", type=float)
    add.add_argument("--lon", type=float)
    add.add_argument("--feature", default="PPL")
    add.set_defaults(func=run_places_add)
    listing = sub.add_parser("list", help="one line per editor's place")
    listing.set_defaults(func=run_places_list)
    remove = sub.add_parser("remove", help="remove an editor's place (editors only)")
    remove.add_argument("id")
    remove.set_defaults(func=run_places_remove)


def ground_one(kind, text, dct=None, context="", country=None, gazetteer=None) -> dict:
    """One result; never raises."""
    if kind not in KINDS:
        return {"unresolved": True, "why": f"kind must be one of {', '.join(KINDS)}"}
    if not isinstance(text, str):
        return {"unresolved": True, "why": "text must be a string"}
    context = context if isinstance(context, str) else ""
    try:
        if kind == "date":
            result = resolve_date(text, dct if isinstance(dct, str) else None, context)
            if not result.get("unresolved"):
                result["acled_time_precision"] = acled_time_precision(result)
                result["ucdp_date_prec"] = ucdp_date_prec(result)
            return result
        if kind == "number":
            return resolve_number(text, context)
        from store.grounding.places import resolve_place
        return resolve_place(text, gazetteer, country=country if isinstance(country, str) else None,
                             context=context)
    except Exception as error:  # noqa: BLE001 - one bad value must not end a batch
        return {"unresolved": True, "why": f"internal error: {type(error).__name__}"}


def _gazetteer(ctx, needed: bool):
    if not needed:
        return None
    db = ctx.open() if ctx.db_path.exists() else None
    from store.grounding.gazetteer import open_gazetteer

    def progress(stage, done, total):
        if ctx.err.isatty() and total:
            print(f"\rbuilding the gazetteer: {stage} {done * 100 // total}%", end="", file=ctx.err)

    base = open_gazetteer(progress=progress)
    return places_mod.gazetteer_for(db, base)


def _dump(result) -> str:
    return json.dumps(result, ensure_ascii=True, sort_keys=True)


def run_ground(args, ctx) -> int:
    if args.batch:
        lines = sys.stdin
        gazetteer = None
        for line in lines:
            if not line.strip():
                continue
            try:
                item = json.loads(line[:MAX_LINE_CHARS])
                if not isinstance(item, dict):
                    raise ValueError
            except ValueError:
                print(_dump({"unresolved": True, "why": "not a JSON object"}), file=ctx.out)
                continue
            if item.get("kind") == "place" and gazetteer is None:
                gazetteer = _gazetteer(ctx, True)
            print(_dump(ground_one(item.get("kind"), item.get("text"), item.get("dct"),
                                   item.get("context") or "", item.get("country"), gazetteer)),
                  file=ctx.out)
            ctx.out.flush()
        return 0
    if args.kind is None or args.text is None:
        raise StoreError("give a kind (date, number, place) and the words, or --batch")
    result = ground_one(args.kind, args.text, args.dct, args.context, args.country,
                        _gazetteer(ctx, args.kind == "place"))
    print(_dump(result), file=ctx.out)
    return 1 if result.get("unresolved") else 0


def run_places_add(args, ctx) -> int:
    db = ctx.open()
    place = places_mod.add_place(db, ctx.login, name=args.name, alternate_names=args.alt,
                                 country=args.country, admin1=args.admin1, admin2=args.admin2,
                                 latitude=args.lat, longitude=args.lon, feature=args.feature)
    print(f"added {place['id']}: {safe_line(place['name'])}", file=ctx.out)
    return 0


def run_places_list(args, ctx) -> int:
    db = ctx.open()
    for p in places_mod.list_places(db):
        where = ", ".join(str(v) for v in (p["admin2"], p["admin1"], p["country"]) if v)
        coords = "" if p["latitude"] is None else f"{p['latitude']:.5f},{p['longitude']:.5f}"
        alts = "; ".join(p["alternate_names"])
        print("\t".join(safe_line(v or "-") for v in (p["id"], p["name"], where, coords,
                                                      p["feature"], alts, p["created_by"])),
              file=ctx.out)
    return 0


def run_places_remove(args, ctx) -> int:
    db = ctx.open()
    removed = places_mod.remove_place(db, ctx.login, args.id)
    print(f"removed {removed['id']}: {safe_line(removed['name'])}", file=ctx.out)
    return 0
