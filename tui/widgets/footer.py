"""The footer, whole at every width: keys that no longer fit beside the palette key are
hidden rather than cut ("1 label T▏^p palette"), worked out again after every resize and
every change of the keys shown (focus moving to the form, a remap)."""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's footer (compact, as every screen uses it), showing only whole keys."""

    def __init__(self, *args, compact: bool = True, **kwargs):
        super().__init__(*args, compact=compact, **kwargs)

    def on_mount(self) -> None:
        # Textual's footer waits for the screen's bindings signal; one mounted after the
        # screen settled (the annotate screen mounts it after the text) would wait for
        # the next focus change, blank until then. (Textual's own on_mount runs too.)
        self.bindings_changed(self.screen)

    async def recompose(self) -> None:
        await super().recompose()
        self._fit_soon()

    def on_resize(self) -> None:
        self._fit_soon()

    def _fit_soon(self, tries: int = 20) -> None:
        self.call_after_refresh(self.fit_keys, tries)

    def fit_keys(self, tries: int = 0) -> None:
        """Hide every key that would run under the palette key or off the right edge.

        The keys' places are worked out from their words (each is as wide as its key and
        description, one cell between keys in the compact footer), not read from the last
        layout: on a resize that layout is the old width's, and keys that were beyond the
        old edge have none at all."""
        keys = [k for k in self.query("FooterKey") if not k.has_class("-command-palette")]
        palettes = [k for k in self.query("FooterKey") if k.has_class("-command-palette")]
        if palettes and not palettes[0].outer_size and tries:
            self.set_timer(0.02, lambda: self.fit_keys(tries - 1))  # just recomposed
            return
        room = self.size.width
        if palettes and palettes[0].display:
            room -= palettes[0].outer_size.width
        if self.scroll_x:
            self.scroll_to(x=0, animate=False)
        x = 0
        for key in keys:
            right = x + cell_len(key.render().plain)
            wanted = "visible" if right <= room else "hidden"
            if key.styles.visibility != wanted:  # a style set is a refresh: only on change
                key.styles.visibility = wanted
            x = right + 1
