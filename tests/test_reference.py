"""The shared reference article, through the real command line, scored by the shared checker."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ARTICLE = "ukraine-ceasefire-call.txt"

PAGE = """<!doctype html><html><head><title>{title}</title>
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "{title}", "datePublished": "2025-07-04T09:30:00Z"}}</script></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav>
<article><h1>{title}</h1><p class="meta">Estimated read time 2 min read</p>
{body}</article>
<aside><h2>You May Also Like</h2><ul>
<li><a href="/a">Markets rally as central bank holds rates steady</a></li>
<li><a href="/b">Five things to know before the summit in Brussels</a></li>
<li><a href="/c">Opinion: what the election means for the region</a></li></ul></aside>
<footer>Copyright 2025 Example News. All rights reserved.</footer></body></html>"""


def _tacitus(*args: str, stdin: str | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tacitus", "code", *args, "--format", "jsonl"],
                            cwd=REPO, stdin=subprocess.PIPE if stdin is not None else None,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _html(text: str) -> str:
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    title, body = lines[0], lines[1:]
    body = [l for l in body if l not in ("Estimated read time 2 min read", "You May Also Like")]
    # Short lines are the article's sub-headings.
    html = "\n".join(f"<h2>{l}</h2>" if len(l.split()) < 9 else f"<p>{l}</p>" for l in body)
    return PAGE.format(title=title, body=html)


@pytest.fixture(scope="module")
def runs(shared, tmp_path_factory) -> dict[str, tuple[int, str, str]]:
    """The three codings, run at once: with --published, without, and an HTML page without."""
    text = (shared / "reference" / ARTICLE).read_text(encoding="utf-8")
    page = tmp_path_factory.mktemp("page") / "page.html"
    page.write_text(_html(text), encoding="utf-8")
    article = str(shared / "reference" / ARTICLE)
    procs = {"published": _tacitus(article, "--published", "2025-07-04"),
             "undated": _tacitus(article), "html": _tacitus(str(page))}
    return {k: (p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for k, p in procs.items()}


def _check(shared: Path, jsonl: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(shared / "tools" / "check_reference.py"), "-"],
                          input=jsonl, capture_output=True, text=True, timeout=60)


def _assert_accepted(shared: Path, run: tuple[int, str, str]) -> None:
    code, out, err = run
    assert code == 0, err
    report = _check(shared, out)
    summary = report.stdout.strip().splitlines()[-1]
    assert " 0 forbidden" in summary, report.stdout
    unexplained = int(re.search(r"(\d+) unexplained", summary).group(1))
    assert unexplained <= 3, report.stdout
    assert report.returncode == 0, report.stdout


def test_reference_accepted_with_published(shared, runs):
    _assert_accepted(shared, runs["published"])


def test_without_published_relative_dates_stay_unresolved(runs):
    code, out, err = runs["undated"]
    assert code == 0, err
    events = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert events
    thursday = [e["date"] for e in events if (e["date"].get("text") or "").lower().endswith("thursday")]
    assert thursday, [e["date"] for e in events]
    assert all(d["value"] is None for d in thursday), thursday


def test_reference_as_html_page_dated_by_json_ld(shared, runs):
    _assert_accepted(shared, runs["html"])


def test_html_page_boilerplate_is_not_coded(runs):
    code, out, err = runs["html"]
    assert code == 0, err
    for line in out.splitlines():
        for evidence in json.loads(line)["evidence"]:
            assert "read time" not in evidence["sentence"]
            assert "You May Also Like" not in evidence["sentence"]
            assert "central bank" not in evidence["sentence"]
