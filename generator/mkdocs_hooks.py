"""MkDocs hooks: keep docs/ in step with seeds/ and data/ when MkDocs itself is run.

Declared in mkdocs.yml, so plain `mkdocs serve` and `mkdocs build` regenerate the pages
(only those whose inputs changed) and the preview reloads when a seed or data file is edited.
"""

import logging
from pathlib import Path

from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.reportsite")


def _project(config):
    from generator.build import Project

    return Project(Path(config.config_file_path).parent)


def site_info(project) -> dict:
    """data/site.yaml (publisher, contact, licence, each {zh, en}) and the date the site is updated:
    SOURCE_DATE_EPOCH when set (reproducible builds), else today in UTC."""
    import datetime
    import os

    import yaml
    from mkdocs.exceptions import ConfigurationError

    path = project.data / "site.yaml"
    info = {}
    if path.exists():
        try:
            info = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"data/site.yaml:{mark.line + 1}" if mark else "data/site.yaml"
            raise ConfigurationError(f"{where}: not valid YAML ({getattr(exc, 'problem', None) or exc})") from None
        if not isinstance(info, dict):
            raise ConfigurationError("data/site.yaml:1: expected keys publisher, contact, licence")
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (datetime.datetime.fromtimestamp(int(epoch), datetime.UTC) if epoch and epoch.isdigit()
              else datetime.datetime.now(datetime.UTC))
    info["updated"] = moment.date().isoformat()
    return info


def on_config(config):
    from generator import build
    from generator.model import ReportsiteError

    config.extra["site_info"] = site_info(_project(config))
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


def on_env(env, config, files):
    # The theme's templates do not change during a build; without this, Jinja stats every template
    # file on every include of every page (thousands of pages, dozens of includes each).
    env.auto_reload = False
    return env


def on_serve(server, config, builder):
    # The inputs are watched, not what the generator writes: a rebuild starts by writing the pages that
    # changed into docs/ and the records into data/reports/ (on_config), and a change seen there would
    # start a second, identical rebuild (at a thousand reports, a full MkDocs build of half a minute).
    project = _project(config)
    if Path(config.docs_dir).resolve() == project.docs.resolve():
        server.unwatch(config.docs_dir)
    server.watch(str(project.seeds))
    server.watch(str(project.data), recursive=False)  # the catalogs; data/reports/ is output
    if project.review_dir.is_dir():  # (a review folder made later is seen once serve starts again)
        server.watch(str(project.review_dir))
    return server


def on_pre_build(config):
    # Teach jieba the catalogs' Chinese names before Material's search cuts the pages (search_words.py).
    from generator import search_words

    search_words.register_words(_project(config).data)


@event_priority(100)  # before any plugin reads the Markdown
def on_page_markdown(markdown, page, config, files):
    # Finished HTML blocks skip Markdown and the search index (raw_blocks.py).
    from generator import raw_blocks

    return raw_blocks.lift(markdown)


@event_priority(100)  # before any plugin reads the finished page
def on_post_page(output, page, config):
    from generator import raw_blocks

    return raw_blocks.restore(output, page.file.abs_src_path)


@event_priority(100)  # before any plugin reads the page's HTML
def on_page_content(html, page, config, files):
    from generator import raw_blocks, search_words

    html = raw_blocks.settle(html)  # the lifted blocks' markers, as empty placeholders
    # Report pages rank first; English pages keep their quoted Chinese out of the shared index (search_words.py).
    search_words.boost_report_page(page)
    if search_words.is_english_page(page.file.src_uri):
        return search_words.exclude_quoted_chinese(html)
    return html
