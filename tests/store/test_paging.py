"""The one pagination type: a window of a list in memory, a conversion that keeps the counts."""

from __future__ import annotations

from charte.store.paging import Page


def test_window_and_map_keep_total_limit_and_offset() -> None:
    page = Page.window(list(range(7)), limit=3, offset=5)
    assert (list(page.items), page.total, page.limit, page.offset) == ([5, 6], 7, 3, 5)
    shown = page.map(str)
    assert (list(shown.items), shown.total, shown.limit, shown.offset) == (["5", "6"], 7, 3, 5)
    assert list(Page.window([1, 2], limit=5, offset=9).items) == []
