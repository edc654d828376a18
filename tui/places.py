"""The gazetteer for the workstation: opened off the UI thread, built in the background when missing.

Until it is there, suggestions come without places, and the workstation says
so once; building it (about 20 s, once per machine) shows its progress in
notifications and, when done, documents opened from then on get places too.
"""

from __future__ import annotations

from store.grounding.gazetteer import open_gazetteer


def start(app, build: bool) -> None:
    """Open (and, with `build`, build) the gazetteer in a thread; sets `app.gazetteer`."""
    app.gazetteer = None
    app.gazetteer_status = None
    app.run_worker(lambda: _open(app, build), thread=True, group="gazetteer",
                   exit_on_error=False, name="gazetteer")


def _open(app, build: bool) -> None:
    gazetteer = open_gazetteer(build=False)
    if gazetteer.available:
        app.gazetteer = gazetteer
        return
    reason = gazetteer.status or "no gazetteer"
    app.gazetteer_status = reason
    if not build:
        return  # not the workstation (a test, a script): the annotate status line says it
    app.call_from_thread(app.notify, "place suggestions off until the gazetteer is built"
                         " (building it now, about 20 s, once)", severity="warning", markup=False)
    shown = set()

    def progress(stage: str, done: int, total: int) -> None:
        if stage not in shown:
            shown.add(stage)
            app.call_from_thread(app.notify, f"gazetteer: {stage} {done:,}/{total:,}",
                                 markup=False, timeout=3)

    gazetteer = open_gazetteer(build=True, progress=progress)
    if gazetteer.available:
        app.gazetteer = gazetteer
        app.call_from_thread(app.notify, "gazetteer ready: place suggestions on", markup=False)
    else:
        app.call_from_thread(app.notify, f"place suggestions off: {gazetteer.status}",
                             severity="warning", markup=False)


def start_batch(app, batch: int = 50) -> None:
    """Compute suggestions, without places, for every document that has none (new imports),
    in a background thread, `batch` documents per short transaction."""
    from store.records import suggestions as sugg
    from tui.worker import read

    def work() -> None:
        def run(db) -> int:
            return sugg.compute_batch(db, sugg.needing_suggestions(db), batch=batch,
                                      skip_computed=True)
        read(app.db_path, run)

    app.run_worker(work, thread=True, group="suggest-batch", exit_on_error=False,
                   name="suggest-batch")
