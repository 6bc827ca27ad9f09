"""The input layer: text, HTML, files, stdin and URLs -> Article, and every way input goes bad."""
from __future__ import annotations

import datetime as dt
import io
import json
import sys
import urllib.error
from email.message import Message
from pathlib import Path

import pytest

from tacitus.errors import (BinaryInput, EmptyInput, FetchError, InputError, InputTooLarge,
                            NotEnglish)
from tacitus.options import Options
from tacitus.reading import fetch, read, read_html, read_text
from tacitus.reading.text import is_boilerplate, is_heading, is_related_heading

FIXTURES = Path(__file__).parent / "fixtures" / "reading"
REFERENCE = Path(__file__).parents[2] / "shared" / "reference" / "ukraine-ceasefire-call.txt"
OPTIONS = Options()


def section_texts(article, kind):
    return [article.text[s.start:s.end] for s in article.sections if s.kind == kind]


def assert_offsets_exact(article):
    """Sections are ordered, disjoint, trimmed views of the text, and cover every word of it."""
    previous_end = 0
    for section in article.sections:
        piece = article.text[section.start:section.end]
        assert piece == piece.strip() and piece
        assert section.start >= previous_end
        assert not article.text[previous_end:section.start].strip()
        previous_end = section.end
    assert previous_end == len(article.text)


# --- plain text -------------------------------------------------------------------------------

def test_plain_text_headline_subtitles_and_body():
    article = read(FIXTURES / "port-strike.txt")
    assert article.title == "Dockworkers Walk Out in Valdora as Wage Talks Collapse"
    assert section_texts(article, "headline") == [article.title]
    assert section_texts(article, "subtitle") == [
        "Union leaders say the strike will last until the port authority returns to the table",
        "Authority blames union for disruption",
    ]
    body = section_texts(article, "body")
    assert len(body) == 5
    assert body[0].startswith("Thousands of dockworkers")
    assert body[-1].startswith("The regional labour minister")
    assert article.source == str(FIXTURES / "port-strike.txt")
    assert article.language == "en" and article.published is None
    assert_offsets_exact(article)


def test_plain_text_boilerplate_and_related_links_are_dropped():
    article = read(FIXTURES / "port-strike.txt")
    for gone in ("Estimated read time", "Advertisement", "Share this article", "Related:",
                 "Sign up for", "cookies", "You May Also Like", "tram line", "Fishing fleet",
                 "harbour land dispute"):
        assert gone not in article.text, gone
    # the paragraph around the dropped "Advertisement" line keeps both of its lines
    assert "container terminal that the authority had refused" in article.text
    assert '"We came with a fair offer and they walked away from it," Ilves said.' in article.text


@pytest.mark.parametrize("line", [
    "Estimated read time 2 min read", "4 min read", "5 minute read", "Reading time: 3 minutes",
    "12 March 2024 · 3 min read", "You May Also Like", "Related:", "Related: Port volumes hit a record",
    "Share this article", "Share on Facebook", "Advertisement", "Story continues below advertisement",
    "Sign up for our daily newsletter.", "Subscribe now",
    "We use cookies to give you the best experience on our website.", "Accept all cookies",
    "Read more", "Read more: Why the talks failed", "© 2025 Example Media Ltd", "All rights reserved.",
])
def test_boilerplate_lines(line):
    assert is_boilerplate(line) or is_related_heading(line)
    article = read_text(f"Title line\n\nPolice arrested two men, the ministry said.\n\n{line}", OPTIONS)
    assert line not in article.text


@pytest.mark.parametrize("line", [
    "Police in Lagos arrested 40 protesters on Monday, officials said.",
    "The bakery uses cookies from a supplier in the north, the inspector said.",
    "Sign-up rates for the army reserve fell by a third, the ministry said.",
    "Readers shared the article widely.",
])
def test_reporting_is_not_boilerplate(line):
    assert not is_boilerplate(line)
    assert line in read_text(f"Title line\n\n{line}", OPTIONS).text


def test_heading_rules():
    assert is_heading("Pentagon defends decision amid rising pressure")
    assert is_heading("Will the ceasefire hold?")
    assert not is_heading("The talks resumed on Monday.")
    assert not is_heading("“We will not back down,” he said.”")
    assert not is_heading("The minister listed three demands:")
    assert not is_heading("Two lines\nof one paragraph")


def test_no_title_when_first_line_is_a_sentence():
    article = read_text("Police arrested 40 protesters in Lagos on Monday.\n\nThe governor said the "
                        "march had not been approved.", OPTIONS)
    assert article.title is None
    assert [s.kind for s in article.sections] == ["body", "body"]


def test_headline_only_text_is_read():
    article = read_text("Trump calls for ceasefire in Ukraine", OPTIONS)
    assert article.title == "Trump calls for ceasefire in Ukraine"
    assert [s.kind for s in article.sections] == ["headline"]


def test_one_paragraph_a_line_and_windows_line_endings():
    paragraphs = [
        "Rescue teams evacuated more than 300 residents from villages along the river on Sunday after "
        "the banks gave way, the regional emergency service said in a statement.",
        "Two people were reported missing, and the service said roads into the valley would stay closed "
        "until Wednesday while engineers inspected the bridges.",
    ]
    article = read_text("\r\n".join(["Floods force hundreds from their homes", *paragraphs]), OPTIONS)
    assert article.title == "Floods force hundreds from their homes"
    assert section_texts(article, "body") == paragraphs
    assert "\r" not in article.text
    assert_offsets_exact(article)


def test_hard_wrapped_paragraph_stays_one_block():
    text = ("Title of the story\n\nThe minister said the talks would resume in\nGeneva next week, "
            "according to a statement\nreleased by her office.")
    article = read_text(text, OPTIONS)
    assert [s.kind for s in article.sections] == ["headline", "body"]


def test_reference_text_reads_with_its_subtitles():
    if not REFERENCE.exists():
        pytest.skip("shared reference data not present")
    article = read(REFERENCE)
    assert article.title == "Trump Calls for Ceasefire in Ukraine During Talk With Putin"
    assert "U.S. pauses arms shipments as Russia intensifies attacks" in section_texts(article, "subtitle")
    assert "Pentagon defends decision amid rising pressure" in section_texts(article, "subtitle")
    assert "Estimated read time" not in article.text and "You May Also Like" not in article.text
    assert_offsets_exact(article)


# --- HTML ---------------------------------------------------------------------------------------

def test_html_text_and_metadata():
    article = read(FIXTURES / "council-page.html")
    assert article.title == "City Council Votes to Freeze Transit Fares"
    assert article.published == dt.date(2024, 3, 12)
    assert article.published_time == "18:45-05:00"
    assert article.outlet == "The Northbridge Courier"
    assert article.author == "Priya Holloway"
    assert article.url == "https://courier.example/news/2024/03/council-freezes-fares"
    assert section_texts(article, "headline") == [article.title]
    assert section_texts(article, "subtitle") == ["Mayor calls the decision a relief for commuters",
                                                  "Transit agency warns of budget gap"]
    assert len(section_texts(article, "body")) == 4
    assert_offsets_exact(article)


def test_html_boilerplate_is_dropped():
    article = read(FIXTURES / "council-page.html")
    for gone in ("Home", "Opinion", "Subscribe", "Estimated read time", "min read", "Advertisement",
                 "You May Also Like", "cycle lanes", "summer term", "Library renovation", "Copyright",
                 "All rights reserved", "Privacy policy"):
        assert gone not in article.text, gone


def test_broken_html_still_gives_its_text():
    article = read(FIXTURES / "broken-page.html")
    assert article.title == "Flood waters recede in Marrow Valley"
    for words in ("began to recede", "evacuated more than 300 residents", "roads would stay closed",
                  "food and blankets"):
        assert words in article.text


def test_html_meta_published_time_is_a_fallback():
    page = ("<html><head><title>Ministers meet in Ankara</title>"
            '<meta property="article:published_time" content="2025-02-03T07:05:09Z"></head>'
            "<body><article><h1>Ministers meet in Ankara</h1><p>The foreign ministers of three countries "
            "met in Ankara on Monday to discuss grain shipments across the Black Sea, officials said.</p>"
            "<p>They agreed to meet again next month, according to a joint statement.</p></article></body></html>")
    article = read_html(page, OPTIONS, source="page.html")
    assert article.published == dt.date(2025, 2, 3)
    assert article.published_time == "07:05:09+00:00"


def test_html_bytes_in_windows_1252():
    page = ("<html><head><meta charset='windows-1252'><title>Caf\u00e9 owners protest</title></head><body>"
            "<article><h1>Caf\u00e9 owners protest</h1><p>Caf\u00e9 owners in the old town marched to the "
            "mayor\u2019s office on Friday to protest against the \u201cterrace tax\u201d, police said.</p>"
            "<p>The mayor said the tax would stay in place until the end of the year.</p></article></body></html>")
    article = read_html(page.encode("cp1252"), OPTIONS, source="cafe.html")
    assert "mayor\u2019s office" in article.text and "\u201cterrace tax\u201d" in article.text
    assert article.title == "Caf\u00e9 owners protest"


def ceasefire_page(paragraphs: list[str], title: str) -> str:
    """A realistic news page around the reference article (built in memory, never stored)."""
    body = "\n".join(f"<h2>{p}</h2>" if is_heading(p) else f"<p>{p}</p>" for p in paragraphs)
    ld = json.dumps({"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Global Affairs Desk"},
        {"@type": "NewsArticle", "headline": title, "datePublished": "2025-07-04"}]})
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} - Global Affairs Desk</title><script type="application/ld+json">{ld}</script></head>
<body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/markets">Markets</a></li><li><a href="/newsletters">Newsletters</a></li></ul></nav></header>
<main><article><h1>{title}</h1><div class="meta"><span class="date">July 4, 2025</span>
<span class="read-time">Estimated read time 2 min read</span></div>
{body}
<section class="related"><h3>You May Also Like</h3><ul>
<li><a href="/r/1">Grain exporters brace for a slower harvest season</a></li>
<li><a href="/r/2">Central bank holds interest rates steady again</a></li>
<li><a href="/r/3">Heatwave strains power grids across southern Europe</a></li></ul></section>
</article></main><footer><p>Copyright 2025 Global Affairs Desk</p></footer></body></html>"""


def test_reference_article_wrapped_in_a_page():
    if not REFERENCE.exists():
        pytest.skip("shared reference data not present")
    blocks = [b.strip() for b in REFERENCE.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    title = blocks[0]
    boilerplate = {"Estimated read time 2 min read", "You May Also Like"}
    paragraphs = [b for b in blocks[1:] if b not in boilerplate]
    article = read_html(ceasefire_page(paragraphs, title), OPTIONS, source="https://news.example/ceasefire")
    assert article.published == dt.date(2025, 7, 4)
    assert article.title == title
    for paragraph in paragraphs:
        assert paragraph in article.text
    for gone in ("Estimated read time", "You May Also Like", "Grain exporters", "Central bank",
                 "Heatwave", "Newsletters", "Markets", "Copyright"):
        assert gone not in article.text, gone
    assert article.url == "https://news.example/ceasefire"
    assert_offsets_exact(article)


# --- options override what the input says ------------------------------------------------------

def test_options_override_html_metadata():
    options = Options(published=dt.date(2024, 3, 13), url="https://mirror.example/fares",
                      outlet="Wire Digest", title="Fares frozen")
    article = read(FIXTURES / "council-page.html", options)
    assert (article.published, article.url, article.outlet, article.title) == (
        dt.date(2024, 3, 13), "https://mirror.example/fares", "Wire Digest", "Fares frozen")
    assert article.published_time is None  # the page's time belongs to the page's date
    same_day = read(FIXTURES / "council-page.html", Options(published=dt.date(2024, 3, 12)))
    assert same_day.published_time == "18:45-05:00"


def test_options_override_text_metadata():
    options = Options(published=dt.date(2026, 1, 5), title="Given title", outlet="Desk", url="https://x.example/a")
    article = read(FIXTURES / "port-strike.txt", options)
    assert article.title == "Given title"
    assert article.published == dt.date(2026, 1, 5)
    assert (article.outlet, article.url) == ("Desk", "https://x.example/a")
    assert section_texts(article, "headline") == ["Dockworkers Walk Out in Valdora as Wage Talks Collapse"]


# --- encodings, stdin, streams ------------------------------------------------------------------

CP1252_TEXT = ("Caf\u00e9 owners protest new terrace tax\n\n"
               "Caf\u00e9 owners in the old town marched to the mayor\u2019s office on Friday \u2014 "
               "the third protest this month \u2014 to demand that the \u201cterrace tax\u201d be scrapped, "
               "police said. The mayor\u2019s spokesman said the tax was fair.\n")


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_eight_bit_text_reads_correctly(tmp_path, encoding):
    text = CP1252_TEXT if encoding == "cp1252" else CP1252_TEXT.translate(
        {0x2019: "'", 0x2014: "-", 0x201c: '"', 0x201d: '"'})
    path = tmp_path / "cafe.txt"
    path.write_bytes(text.encode(encoding))
    article = read(path)
    assert article.title == "Caf\u00e9 owners protest new terrace tax"
    assert article.text == text.strip()


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CP1252_TEXT.encode("utf-8"))))
    article = read("-")
    assert article.source == "-"
    assert article.title == "Caf\u00e9 owners protest new terrace tax"


def test_open_stream():
    article = read(io.BytesIO((FIXTURES / "port-strike.txt").read_bytes()))
    assert article.title.startswith("Dockworkers Walk Out")


# --- URLs through a fake transport --------------------------------------------------------------

class FakeResponse:
    def __init__(self, body: bytes, content_type: str, length: int | None = None):
        self.stream = io.BytesIO(body)
        self.headers = Message()
        self.headers["Content-Type"] = content_type
        if length is not None:
            self.headers["Content-Length"] = str(length)
        self.closed = False

    def read(self, size=-1):
        return self.stream.read(size)

    def close(self):
        self.closed = True


def transport_for(response=None, error=None, calls=None):
    def transport(request, timeout):
        if calls is not None:
            calls.append((request.full_url, timeout))
        if error is not None:
            raise error
        return response
    return transport


def test_url_html_through_fake_transport():
    calls = []
    page = (FIXTURES / "council-page.html").read_bytes()
    transport = transport_for(FakeResponse(page, "text/html; charset=utf-8"), calls=calls)
    article = read("https://courier.example/x", Options(fetch_timeout=7.5), transport=transport)
    assert calls == [("https://courier.example/x", 7.5)]
    assert article.source == "https://courier.example/x"
    assert article.published == dt.date(2024, 3, 12)
    assert "voted 9 to 4" in article.text


def test_url_plain_text_by_content_type():
    body = (FIXTURES / "port-strike.txt").read_bytes()
    article = read("https://wire.example/story", transport=transport_for(FakeResponse(body, "text/plain")))
    assert article.title.startswith("Dockworkers") and article.url == "https://wire.example/story"


def test_fetch_returns_body_and_content_type():
    response = FakeResponse(b"<html></html>", "text/html")
    assert fetch("https://a.example", OPTIONS, transport_for(response)) == (b"<html></html>", "text/html")
    assert response.closed


@pytest.mark.parametrize("error", [
    TimeoutError("timed out"),
    urllib.error.URLError(TimeoutError("timed out")),
    urllib.error.URLError("Name or service not known"),
    urllib.error.HTTPError("https://a.example", 404, "Not Found", Message(), None),
])
def test_fetch_failures_are_fetch_errors(error):
    with pytest.raises(FetchError) as raised:
        read("https://a.example/story", transport=transport_for(error=error))
    assert "https://a.example/story" in str(raised.value)


def test_timeout_message_names_the_limit():
    with pytest.raises(FetchError, match="no answer within 3 seconds"):
        fetch("https://a.example", Options(fetch_timeout=3), transport_for(error=TimeoutError()))


def test_oversize_response_is_refused():
    small = Options(max_bytes=1000)
    with pytest.raises(InputTooLarge):  # announced by Content-Length
        fetch("https://a.example", small, transport_for(FakeResponse(b"x", "text/html", length=5000)))
    with pytest.raises(InputTooLarge) as raised:  # found while reading
        fetch("https://a.example", small, transport_for(FakeResponse(b"x" * 5000, "text/html")))
    assert "https://a.example" in str(raised.value)


def test_binary_content_type_is_refused():
    with pytest.raises(BinaryInput, match="application/pdf"):
        read("https://a.example/report", transport=transport_for(FakeResponse(b"%PDF-1.7", "application/pdf")))


# --- bad input: every error names the input ------------------------------------------------------

@pytest.mark.parametrize("content", ["", "   \n\n  ", "Advertisement\n\nShare this article\n\n4 min read"])
def test_empty_input(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EmptyInput) as raised:
        read(path)
    assert str(path) in str(raised.value)


def test_html_without_article_text_is_empty():
    page = "<html><head><title>Index</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    with pytest.raises(EmptyInput, match="index.html"):
        read_html(page, OPTIONS, source="index.html")


@pytest.mark.parametrize("data", [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", b"\x89PNG\r\n\x1a\n\x00\x00",
                                  b"\xff\xd8\xff\xe0\x00\x10JFIF", b"The talks\x00\x00\x01\x02 resumed"])
def test_binary_input(tmp_path, data):
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    with pytest.raises(BinaryInput) as raised:
        read(path)
    assert str(path) in str(raised.value)


def test_too_large(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("The minister said the talks would resume. " * 100, encoding="utf-8")
    with pytest.raises(InputTooLarge, match="big.txt"):
        read(path, Options(max_bytes=1000))
    with pytest.raises(InputTooLarge, match="<text>"):
        read_text("word " * 500, Options(max_bytes=1000))


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read(tmp_path / "nowhere.txt")


def test_german_is_refused():
    with pytest.raises(NotEnglish, match="German") as raised:
        read(FIXTURES / "strike-german.txt")
    assert "strike-german.txt" in str(raised.value)


@pytest.mark.parametrize("text, script", [
    ("Докеры в порту Валдора объявили забастовку после срыва переговоров с администрацией порта. "
     "Профсоюз заявил, что забастовка продлится до возобновления переговоров.", "Cyrillic"),
    ("瓦尔多拉港的码头工人周二举行罢工，此前与港口管理局的谈判破裂。工会表示，罢工将持续到管理局重返谈判桌为止。", "CJK"),
])
def test_other_scripts_are_refused(text, script):
    with pytest.raises(NotEnglish, match=script):
        read_text(text, OPTIONS, source="story.txt")


def test_short_english_passes_and_english_with_foreign_names_passes():
    read_text("Police detain 25 in Istanbul", OPTIONS)
    read_text("Lula da Silva met Emmanuel Macron and Olaf Scholz in Brasília on Tuesday, and the "
              "leaders of the three countries said they would meet again in Paris next year.", OPTIONS)
