"""Chinese word cutting for Material's search index, done once per distinct run of Chinese text.

Material's search plugin cuts every run of Han characters of every section of every page into words
with jieba, compiling its pattern again on each call. A site's pages repeat the same runs (headings,
introductions, indicator and region names) thousands of times, so the plugin's cutter is replaced,
for one build at a time, by one that keeps each run's cut: the index is the same, made in less time.
"""

from __future__ import annotations

ZWSP = "\u200b"  # what Material puts around and between the words, for its search separator


class Segmenter:
    """A stand-in for Material's SearchIndex._segment_chinese with the same output, remembering each run's cut.

    Made anew for every build: teaching jieba words (search_words.register_words) changes its cuts."""

    def __init__(self):
        import jieba
        from backrefs import bre

        self._cut = jieba.cut
        self._han = bre.compile(r"(\p{script: Han}+)", bre.UNICODE)  # Material's pattern, compiled once
        self._runs: dict[str, str] = {}

    def _replace(self, match) -> str:
        run = match.group(0)
        found = self._runs.get(run)
        if found is None:
            # As Material calls it (bytes in), so the words are the very same.
            found = self._runs[run] = ZWSP + ZWSP.join(self._cut(run.encode("utf-8"))) + ZWSP
        return found

    def __call__(self, data: str) -> str:
        return self._han.sub(self._replace, data).strip(ZWSP)


def install(config) -> bool:
    """Give this build's Material search index (made by the plugin's on_config) a fresh Segmenter; False
    when there is none to give (no Material search plugin, or no jieba: Material then cuts nothing)."""
    try:
        import jieba  # noqa: F401
        from material.plugins.search.plugin import SearchPlugin
    except ImportError:
        return False
    done = False
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None) if isinstance(plugin, SearchPlugin) else None
        if callable(getattr(index, "_segment_chinese", None)):  # made by the plugin's on_config
            index._segment_chinese = Segmenter()
            done = True
    return done
