"""Reading the LGL corpus (Lieberman et al. 2010) in place, for the place benchmarks.

Not a test fixture: the news texts stay their publishers', so the benchmarks
read `shared/fixtures/lgl/lgl.xml` where it lies and copy nothing.
"""

from __future__ import annotations

import argparse
import xml.etree.ElementTree as ET
from pathlib import Path

DEFAULT_FIXTURES = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures"


def fixtures_argument(description: str, extra: tuple[str, ...] = ()) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    for flag in extra:
        parser.add_argument(flag, action="store_true")
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES,
                        help="the shared fixtures folder (holds lgl/lgl.xml)")
    parser.add_argument("--gazetteer", type=Path, default=None,
                        help="gazetteer index path (default: the user cache)")
    parser.add_argument("--limit", type=int, default=0, help="read only this many articles")
    return parser.parse_args()


def articles(fixtures: Path, limit: int = 0) -> list[dict]:
    """Each article as `{"docid", "text", "toponyms": [{"start", "end", "phrase",
    "geonameid", "lat", "lon", "country", "admin1", "fcode"}]}`."""
    path = fixtures / "lgl" / "lgl.xml"
    if not path.exists():
        print(f"no LGL corpus at {path}; pass --fixtures DIR")
        return []
    root = ET.parse(path).getroot()
    out = []
    for article in root.iter("article"):
        toponyms = []
        for toponym in article.iter("toponym"):
            gaz = toponym.find("gaztag")
            entry = {"start": int(toponym.findtext("start")), "end": int(toponym.findtext("end")),
                     "phrase": toponym.findtext("phrase"), "geonameid": None,
                     "lat": None, "lon": None, "country": None, "admin1": None, "fcode": None}
            if gaz is not None and gaz.get("geonameid"):
                entry.update(geonameid=int(gaz.get("geonameid")),
                             lat=float(gaz.findtext("lat")), lon=float(gaz.findtext("lon")),
                             country=gaz.findtext("country"), admin1=gaz.findtext("admin1"),
                             fcode=gaz.findtext("fcode"))
            toponyms.append(entry)
        out.append({"docid": article.get("docid"), "text": article.findtext("text") or "",
                    "toponyms": toponyms})
        if limit and len(out) >= limit:
            break
    return out
