"""MkDocs hooks: keep docs/ in step with seeds/ and data/ when MkDocs itself is run.

Declared in mkdocs.yml, so plain `mkdocs serve` and `mkdocs build` regenerate the pages
(only those whose inputs changed) and the preview reloads when a seed or data file is edited.
"""

import logging
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.reportsite")


def _project(config):
    from generator.build import Project

    return Project(Path(config.config_file_path).parent)


def on_config(config):
    from generator import build
    from generator.model import ReportsiteError

    if build.BUILDING:
        return config  # `python -m generator build` generated the pages already
    project = _project(config)
    if Path(config.docs_dir).resolve() != project.docs.resolve():
        return config
    try:
        generated = build.generate(project)
    except ReportsiteError as exc:
        # Keep serving the last good pages; say what is wrong in the server's log.
        log.error(exc.line())
        return config
    written = build.write_generated(project, generated)
    if written["docs"] or written["data"]:
        log.info("reportsite: regenerated %d pages and %d data files", len(written["docs"]), len(written["data"]))
    return config


def on_serve(server, config, builder):
    project = _project(config)
    for folder in (project.seeds, project.data):
        server.watch(str(folder))
    return server


def on_pre_build(config):
    # Teach jieba the catalogs' Chinese names before Material's search cuts the pages (search_words.py).
    from generator import search_words

    search_words.register_words(_project(config).data)


def on_page_content(html, page, config, files):
    # Report pages rank first; English pages keep their quoted Chinese out of the shared index (search_words.py).
    from generator import search_words

    search_words.boost_report_page(page)
    if search_words.is_english_page(page.file.src_uri):
        return search_words.exclude_quoted_chinese(html)
    return html
