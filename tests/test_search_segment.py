"""Material's search index cuts Chinese text into words with jieba; search_segment.Segmenter does the
same cutting once per distinct run of Chinese text. The index must not change for it."""

import json

import pytest

from generator import search_segment, search_words
from generator.build import Project, build
from tests.conftest import copy_project

pytest.importorskip("jieba")
from material.plugins.search.plugin import SearchIndex  # noqa: E402

TRICKY = ["", "abc", "中文", "中文abc中文", "\u200b中文\u200b", "  固定资产投资增长7.2%左右  ", "𠀀𠀁字",
          "〇一二三", "々〆ヶ", "芗城区2024年上半年", "（一）稳增长", "中\u200b文", "ＡＢＣ全角", "\u3000中文\u3000"]


def _texts(project: Project) -> list[str]:
    """Lines of the built pages' Markdown and of the seed reports: what the index is made of, and more."""
    lines = []
    for path in sorted(project.docs.rglob("*.md")) + sorted(project.seeds.glob("*.txt")):
        lines += path.read_text(encoding="utf-8").splitlines()
    return lines


def test_the_segmenter_cuts_every_text_as_material_does(built):
    project, _generated = built
    search_words.register_words(project.data)  # as the build does before indexing
    texts = _texts(project) + TRICKY
    material = SearchIndex()
    ours = search_segment.Segmenter()
    assert [ours(text) for text in texts] == [material._segment_chinese(text) for text in texts]
    assert [ours(text) for text in texts] == [material._segment_chinese(text) for text in texts]  # remembered


def test_a_run_is_cut_once_however_often_it_appears(monkeypatch):
    calls = []
    ours = search_segment.Segmenter()
    cut = ours._cut
    monkeypatch.setattr(ours, "_cut", lambda data: calls.append(data) or cut(data))
    text = "目标与成效，目标与成效；目标与成效"
    assert ours(text) == SearchIndex()._segment_chinese(text)
    assert ours("目标与成效") == SearchIndex()._segment_chinese("目标与成效")
    assert calls == ["目标与成效".encode()]


def test_the_search_index_is_the_same_with_and_without_the_segmenter(built, tmp_path, monkeypatch):
    project, _generated = built
    used = []
    install = search_segment.install
    monkeypatch.setattr(search_segment, "install", lambda config: used.append(install(config)))
    again = Project(copy_project(tmp_path / "with"))
    build(again)
    assert used and all(used)
    monkeypatch.setattr(search_segment, "install", lambda config: False)
    plain = Project(copy_project(tmp_path / "without"))
    build(plain)
    ours = (again.site / "search" / "search_index.json").read_bytes()
    assert ours == (plain.site / "search" / "search_index.json").read_bytes()
    docs = json.loads(ours)["docs"]
    assert any("\u200b" in entry["text"] for entry in docs)  # Chinese was cut into words


def test_install_needs_a_material_search_plugin():
    class Config:
        plugins = {"other": object()}

    assert search_segment.install(Config()) is False
