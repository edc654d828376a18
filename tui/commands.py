"""The command palette's provider: every action bound on the current screen, by description."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class ScreenActionsProvider(Provider):
    """Lists the screen's (and app's) bindings so every action is reachable by name."""

    def _actions(self):
        seen = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.description or (active.node, binding.action) in seen:
                continue
            seen.add((active.node, binding.action))
            name = binding.description
            help_text = f"{self.app.get_key_display(binding)}  ·  {binding.id or binding.action}"
            yield name, help_text, partial(active.node.run_action, binding.action)

    async def discover(self) -> Hits:
        for name, help_text, command in self._actions():
            yield DiscoveryHit(name, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, command in self._actions():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, text=name, help=help_text)
