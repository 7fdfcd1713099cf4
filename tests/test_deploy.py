"""Publishing: `mkdocs gh-deploy` (what `make deploy` and the GitHub workflow run) pushes the site, in both
languages, to a gh-pages branch; here the remote is a local bare repository, so no network is needed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT, copy_project

REPORT = "zhangzhou-2022-work-report"
GIT_ENV = {"GIT_AUTHOR_NAME": "reportsite test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "reportsite test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "NO_MKDOCS_2_WARNING": "1"}


def _run(args, cwd: Path, timeout: int = 900) -> str:
    env = {**os.environ, **GIT_ENV}
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    command = " ".join(map(str, args))
    assert result.returncode == 0, f"{command} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


def test_make_deploy_workflow_uses_gh_deploy():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "mkdocs gh-deploy --force" in makefile.split("deploy:", 1)[1].split("\n\n", 1)[0]
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML reads the key `on` as true
    assert workflow["permissions"]["contents"] == "write"
    steps = workflow["jobs"]["deploy"]["steps"]
    uses = [s["uses"].split("@")[0] for s in steps if "uses" in s]
    assert all(u.startswith("actions/") for u in uses), "only GitHub's own actions"
    assert any(s.get("run") == "make deploy" for s in steps)


def test_gh_deploy_pushes_both_languages_to_a_bare_repository(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs").mkdir(exist_ok=True)  # a fresh clone has docs/ (docs/.gitkeep); MkDocs insists on it
    # A renamed id, to see its redirect published too.
    (project / "data" / "redirects.yaml").write_text(
        f"- from: reports/zhangzhou-2022/\n  to: reports/{REPORT}/\n", encoding="utf-8")
    remote = tmp_path / "remote.git"
    _run(["git", "init", "--bare", "--initial-branch=main", str(remote)], tmp_path)
    _run(["git", "init", "--initial-branch=main"], project)
    _run(["git", "add", "-A"], project)
    _run(["git", "commit", "-q", "-m", "site sources"], project)
    _run(["git", "remote", "add", "publish", str(remote)], project)
    _run(["git", "push", "-q", "publish", "main"], project)

    mkdocs = Path(sys.executable).parent / "mkdocs"
    _run([str(mkdocs), "gh-deploy", "--force", "--remote-name", "publish", "--message", "publish {sha}"], project)

    files = set(_run(["git", "ls-tree", "-r", "--name-only", "gh-pages"], remote).split())
    for path in ("index.html", "en/index.html", ".nojekyll", f"reports/{REPORT}/index.html",
                 f"en/reports/{REPORT}/index.html", "data/links.csv", "search/search_index.json",
                 "reports/zhangzhou-2022/index.html", "en/reports/zhangzhou-2022/index.html"):
        assert path in files, path
    zh = _run(["git", "show", f"gh-pages:reports/{REPORT}/index.html"], remote)
    en = _run(["git", "show", f"gh-pages:en/reports/{REPORT}/index.html"], remote)
    assert '<html lang="zh"' in zh and "漳州市2022年政府工作报告" in zh
    assert '<html lang="en"' in en and "Zhangzhou Municipal Government Work Report 2022" in en
    redirect = _run(["git", "show", "gh-pages:en/reports/zhangzhou-2022/index.html"], remote)
    assert f'url=../{REPORT}/' in redirect and '<html lang="en">' in redirect
    message = _run(["git", "log", "-1", "--format=%s", "gh-pages"], remote).strip()
    head = _run(["git", "rev-parse", "HEAD"], project).strip()
    assert message.startswith("publish ") and head.startswith(message.split()[1])  # {sha}: the source commit
    # main on the remote is untouched by publishing
    assert _run(["git", "rev-parse", "main"], remote).strip() == head
