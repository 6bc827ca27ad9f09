"""The one fetcher: http(s) only, no private targets (first request and every redirect), a real
wall-clock deadline, a byte limit. Only a loopback server of the test's own is ever contacted:
other names resolve through a stub, and a connect spy proves no other address is tried."""
from __future__ import annotations

import http.server
import threading
import time

import pytest

import tacitus
from tacitus.errors import FetchError, InputTooLarge
from tacitus.options import Options
from tacitus.reading.fetch import Fetcher, blocked_reason, check_url, fetch

PAGE = b"<html><body><p>Dockworkers in Mombasa walked out on Monday.</p></body></html>"


class Handler(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        Handler.seen.append(self.path)
        routes = {"/ok": self._ok, "/to-ok": lambda: self._redirect("/ok"),
                  "/to-private": lambda: self._redirect("http://intranet.example/admin"),
                  "/to-metadata": lambda: self._redirect("http://169.254.169.254/latest/meta-data/"),
                  "/to-ftp": lambda: self._redirect("ftp://files.example/secret.txt"),
                  "/to-file": lambda: self._redirect("file:///etc/passwd"),
                  "/loop": lambda: self._redirect("/loop"), "/trickle": self._trickle,
                  "/huge": self._huge, "/announced": self._announced}
        routes.get(self.path, lambda: self.send_error(404))()

    def _ok(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def _redirect(self, where):
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _trickle(self):  # one byte at a time, never done
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            for _ in range(200):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass

    def _huge(self):  # no Content-Length: found out while reading
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            for _ in range(200):
                self.wfile.write(b"x" * 65536)
        except OSError:
            pass

    def _announced(self):
        self.send_response(200)
        self.send_header("Content-Length", str(10**9))
        self.end_headers()


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1]
    httpd.shutdown()


NAMES = {"news.example": ["127.0.0.1"], "intranet.example": ["10.1.2.3"],
         "metadata.example": ["169.254.169.254"], "v6.example": ["fd00::1"],
         "mixed.example": ["93.184.216.34", "192.168.0.7"], "link6.example": ["fe80::1"]}


def stub_resolver(host, port):
    if host in NAMES:
        return NAMES[host]
    if host[0].isdigit() or ":" in host:
        return [host]  # an address literal
    raise OSError("no such host (stub)")


def fetcher(options=Options(fetch_timeout=5), connected=None, trust_test_server=False):
    """A Fetcher that only ever connects to the test server; `trust_test_server` lets
    127.0.0.1 through the address check (as --allow-private would) and nothing else."""
    def connect(address, timeout):
        assert address[0] == "127.0.0.1", f"tried to connect to {address}"
        if connected is not None:
            connected.append(address)
        import socket
        return socket.create_connection(address, timeout)

    def blocked(address):
        return None if trust_test_server and address == "127.0.0.1" else blocked_reason(address)
    return Fetcher(options, resolver=stub_resolver, blocked=blocked, connect=connect)


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.9.9.9", "::1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254",
    "fd00::1", "fc00::5", "fe80::1", "224.0.0.1", "ff02::1", "0.0.0.0", "::", "::ffff:127.0.0.1",
    "::ffff:10.0.0.1", "100.64.0.1", "240.0.0.1", "255.255.255.255", "192.0.2.1", "fe80::1%eth0"])
def test_private_loopback_link_local_and_reserved_addresses_are_refused(address):
    assert blocked_reason(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_pass(address):
    assert blocked_reason(address) is None


@pytest.mark.parametrize("host", ["metadata.example", "intranet.example", "v6.example",
                                  "link6.example", "mixed.example", "127.0.0.1", "[::1]", "localhost.example"])
def test_a_name_resolving_to_a_private_address_is_refused_before_connecting(host):
    NAMES.setdefault("localhost.example", ["::1"])
    connected = []
    with pytest.raises(FetchError, match="refused|resolve") as raised:
        fetcher(connected=connected).get(f"http://{host}/latest/meta-data/")
    assert connected == []
    assert "allow-private" in str(raised.value) or "resolve" in str(raised.value)


def test_the_loopback_server_is_refused_by_default_and_reached_with_allow_private(server):
    Handler.seen.clear()
    url = f"http://127.0.0.1:{server}/ok"
    with pytest.raises(FetchError, match="loopback"):
        tacitus.read(url)
    assert Handler.seen == []  # not one byte sent
    body, kind = Fetcher(Options(allow_private=True)).get(url)
    assert body == PAGE and kind == "text/html"


def test_redirect_to_a_private_address_is_refused(server):
    connected = []
    for path in ("/to-private", "/to-metadata"):
        with pytest.raises(FetchError, match="refused"):
            fetcher(connected=connected, trust_test_server=True).get(f"http://news.example:{server}{path}")
    assert {address for address, _ in connected} == {"127.0.0.1"}


@pytest.mark.parametrize("path", ["/to-ftp", "/to-file"])
def test_redirect_to_another_scheme_is_refused(server, path):
    with pytest.raises(FetchError, match="only http and https"):
        fetcher(trust_test_server=True).get(f"http://news.example:{server}{path}")


def test_redirects_are_followed_and_capped(server):
    body, _ = fetcher(trust_test_server=True).get(f"http://news.example:{server}/to-ok")
    assert body == PAGE
    Handler.seen.clear()
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetcher(trust_test_server=True).get(f"http://news.example:{server}/loop")
    assert Handler.seen.count("/loop") == 6


def test_a_trickling_server_meets_the_wall_clock_deadline(server):
    started = time.monotonic()
    with pytest.raises(FetchError, match="no answer within 1 seconds"):
        fetcher(Options(fetch_timeout=1), trust_test_server=True).get(f"http://news.example:{server}/trickle")
    assert time.monotonic() - started < 3


def test_the_byte_limit_is_kept_on_the_socket(server):
    small = Options(max_bytes=100_000, fetch_timeout=5)
    with pytest.raises(InputTooLarge, match="over 100,000 bytes"):
        fetcher(small, trust_test_server=True).get(f"http://news.example:{server}/huge")
    with pytest.raises(InputTooLarge):
        fetcher(small, trust_test_server=True).get(f"http://news.example:{server}/announced")


@pytest.mark.parametrize("url", ["ftp://a.example/x", "file:///etc/passwd", "data:text/plain,hi",
                                 "http://user:pw@a.example/", "http:///nohost", "http://a.example:99999/"])
def test_only_plain_http_and_https_urls(url):
    with pytest.raises(FetchError):
        check_url(url)
    with pytest.raises(FetchError):
        fetch(url, Options(), transport=lambda request, timeout: pytest.fail("no request"))
