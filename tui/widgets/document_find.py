"""The document view's find in the text: matches highlighted, next and previous (a mixin).

The view keeps `_search` (a tui.document.search.DocumentSearch over its text),
`_current_match`, `_search_version` (in its strip cache's key), `_cursor`, `selecting`,
`move_cursor`, `select` and `_refresh_offsets`; here is only how a query becomes
matches and how the cursor goes from one to the next.
"""

from __future__ import annotations


class DocumentFind:
    """Mixed into DocumentView."""

    def set_search(self, query: str, origin: int | None = None) -> int:
        """Highlight case-insensitive matches of `query`; go to the first at/after `origin`
        (the cursor when None).

        Returns the number of matches (0 for an empty query).
        """
        count = self._search.set_query(query)
        self._current_match = None
        self._search_version += 1
        self.refresh()
        if count:
            self._go_to_match(self._search.first_at_or_after(
                self._cursor if origin is None else origin))
        return count

    @property
    def match_count(self) -> int:
        return self._search.count

    @property
    def current_match(self) -> tuple[int, int] | None:
        return self._current_match

    def _go_to_match(self, match: tuple[int, int] | None) -> None:
        if match is None:
            return
        old = self._current_match
        self._current_match = match
        if old is not None:
            self._refresh_offsets(*old)
        self._refresh_offsets(*match)
        self.move_cursor(match[0], extend=self.selecting)

    def next_match(self) -> bool:
        """Go to the next match (wrapping). False if there are no matches."""
        if not self._search.count:
            return False
        if self._current_match is None:
            self._go_to_match(self._search.first_at_or_after(self._cursor + 1))
        else:
            self._go_to_match(self._search.after(self._current_match))
        return True

    def prev_match(self) -> bool:
        """Go to the previous match (wrapping). False if there are no matches."""
        if not self._search.count:
            return False
        limit = self._current_match[0] if self._current_match else self._cursor
        self._go_to_match(self._search.before(limit))
        return True

    def select_current_match(self) -> bool:
        """Make the current match the selection. False if there is none."""
        match = self.current_match
        if match is None:
            return False
        self.select(*match)
        return True

    def clear_search(self) -> None:
        had = bool(self._search.count)
        self._search.set_query("")
        self._current_match = None
        self._search_version += 1
        if had:
            self.refresh()
