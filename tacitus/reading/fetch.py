"""The one fetcher: GET an http(s) URL for `tacitus code URL`, `ingest` (feeds) and the web app.

Why it does not use `urllib.request.urlopen`:
- urlopen follows redirects to any scheme its handlers know (ftp, file, data) and to any
  address, so a page or a feed could make Tacitus read a private address (169.254.169.254,
  10/8, localhost) or a local file. Here only http and https are spoken, and every address a
  host resolves to is checked against the loopback, private, link-local, multicast and
  reserved ranges before connecting, at the first request and at every redirect
  (`Options.allow_private` lifts the check, for a news server on your own network). The
  connection goes to the address that was checked, so a second DNS answer cannot swap it.
- Its timeout bounds each socket read, not the whole answer: a server that sends one byte
  a second held `code URL` for ever. Here a timer shuts the socket down at the deadline
  (`Options.fetch_timeout`, wall clock, headers and body together).
- The body is read to at most `Options.max_bytes` + 1 bytes, then refused.

`transport(request, timeout)` (an urlopen-like callable) replaces the network in tests; the
URL is still checked, its redirects are its own affair.
"""
from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urljoin, urlsplit

from ..errors import FetchError, InputTooLarge
from ..options import Options

USER_AGENT = "tacitus/0.1 (political event coder; +https://github.com/)"
ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1"
MAX_REDIRECTS = 5
CHUNK = 65536
REDIRECTS = (301, 302, 303, 307, 308)

Resolver = Callable[[str, int], list[str]]


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def blocked_reason(address: str) -> str | None:
    """Why connecting to `address` is refused, or None for a public address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    for test, kind in ((ip.is_loopback, "a loopback"), (ip.is_link_local, "a link-local"),
                       (ip.is_multicast, "a multicast"), (ip.is_private, "a private"),
                       (ip.is_reserved, "a reserved"), (ip.is_unspecified, "an unspecified"),
                       (not ip.is_global, "a non-public")):
        if test:
            return f"{kind} address ({address})"
    return None


def system_resolver(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


@dataclass
class Fetcher:
    """GET within the options' limits. `resolver(host, port) -> [address]` and `blocked(address)
    -> reason | None` are the seams tests replace (a stub resolver; a policy that lets their
    own loopback server through)."""

    options: Options
    resolver: Resolver = system_resolver
    blocked: Callable[[str], str | None] = blocked_reason
    connect: Callable[[tuple[str, int], float], socket.socket] = socket.create_connection

    def get(self, url: str) -> tuple[bytes, str]:
        """(body, content type) of `url`, following at most MAX_REDIRECTS redirects."""
        deadline = time.monotonic() + self.options.fetch_timeout
        for _ in range(MAX_REDIRECTS + 1):
            response, connection, watchdog = self._request(url, deadline)
            try:
                if response.status in REDIRECTS and response.getheader("Location"):
                    url = urljoin(url, response.getheader("Location").strip())
                    continue
                if response.status >= 400:
                    raise FetchError(url, f"the server answered {response.status} {response.reason}",
                                     "Check the address, or save the page and pass the file")
                body = read_limited(response, url, self.options)
                if watchdog.fired.is_set():  # the socket was shut: what came is not the whole
                    raise _timeout(url, self.options)
                return body, response.getheader("Content-Type") or ""
            except (OSError, http.client.HTTPException) as error:
                if watchdog.fired.is_set():
                    raise _timeout(url, self.options) from error
                raise _failed(url, error, self.options, deadline) from error
            finally:
                watchdog.cancel()
                connection.close()
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects",
                         "Pass the address the page finally lives at")

    def _request(self, url: str, deadline: float):
        scheme, host, port, target = check_url(url)
        address = self._address(url, host, port)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _timeout(url, self.options)
        try:
            sock = self.connect((address, port), remaining)
        except OSError as error:
            raise _failed(url, error, self.options, deadline) from error
        watchdog = _Watchdog(sock, remaining)
        try:
            if scheme == "https":
                sock = ssl.create_default_context().wrap_socket(
                    sock, server_hostname=host, do_handshake_on_connect=False)
                watchdog.sock = sock  # the TLS socket owns the descriptor now
                sock.do_handshake()
            connection = _Connection(host, port, sock, remaining)
            connection.request("GET", target, headers={"User-Agent": USER_AGENT, "Accept": ACCEPT,
                                                       "Accept-Encoding": "identity"})
            response = connection.getresponse()
        except (OSError, http.client.HTTPException) as error:
            watchdog.cancel()
            sock.close()
            if watchdog.fired.is_set():
                raise _timeout(url, self.options) from error
            raise _failed(url, error, self.options, deadline) from error
        except BaseException:
            watchdog.cancel()
            sock.close()
            raise
        return response, connection, watchdog

    def _address(self, url: str, host: str, port: int) -> str:
        try:
            addresses = self.resolver(host, port)
        except (OSError, UnicodeError) as error:
            raise FetchError(url, f"the host {host!r} could not be resolved ({error})",
                             "Check the address and the connection") from error
        if not addresses:
            raise FetchError(url, f"the host {host!r} has no address", "Check the address")
        if not self.options.allow_private:
            for address in addresses:
                reason = self.blocked(address)
                if reason:
                    raise FetchError(url, f"refused: {host} resolves to {reason}",
                                     "Tacitus fetches public addresses only; for a server on your "
                                     "own network pass --allow-private (Options.allow_private)")
        return addresses[0]


def check_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, request target) of an http(s) URL; anything else is refused."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise FetchError(url, f"not a valid URL ({error})", "Check the address") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(url, f"the scheme {scheme or '(none)'!r} is not fetched, only http and https",
                         "Pass an http(s) address, or a local file by its path")
    if not parts.hostname or parts.username or parts.password:
        raise FetchError(url, "the URL needs a host name and no user name or password",
                         "Check the address")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80), target


class _Connection(http.client.HTTPConnection):
    """An HTTP(S) connection over a socket already connected to a checked address."""

    def __init__(self, host: str, port: int, sock: socket.socket, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.sock = sock

    def connect(self):  # already connected; http.client must never open another socket
        raise http.client.HTTPException("the connection was closed")


def read_limited(response, url: str, options: Options) -> bytes:
    """The body, refused once it passes `options.max_bytes` (announced or read)."""
    length = (response.headers.get("Content-Length") or "").strip()
    if length.isdigit() and int(length) > options.max_bytes:
        raise too_large(url, int(length), options)
    chunks, total = [], 0
    read = getattr(response, "read1", None) or response.read
    while True:
        chunk = read(min(CHUNK, options.max_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > options.max_bytes:
            raise too_large(url, total, options)
    return b"".join(chunks)


def too_large(name: str, size: int, options: Options) -> InputTooLarge:
    return InputTooLarge(name, f"the input is over {options.max_bytes:,} bytes (read {size:,})",
                         "Split it into single articles, or raise Options.max_bytes (--max-bytes)")


class _Watchdog:
    """The wall-clock deadline: at `seconds` it shuts the socket down, which ends whatever
    read is waiting on it (a socket timeout only bounds one read)."""

    def __init__(self, sock: socket.socket, seconds: float):
        self.sock, self.fired = sock, threading.Event()
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True
        self.timer.start()

    def _fire(self) -> None:
        self.fired.set()
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already closed

    def cancel(self) -> None:
        self.timer.cancel()


def _timeout(url: str, options: Options) -> FetchError:
    return FetchError(url, f"no answer within {options.fetch_timeout:g} seconds",
                      "Try again later or raise Options.fetch_timeout")


def _failed(url: str, error: BaseException, options: Options, deadline: float | None = None) -> FetchError:
    reason = getattr(error, "reason", None) or error
    timed_out = isinstance(reason, TimeoutError) or "timed out" in str(reason)
    if timed_out or (deadline is not None and time.monotonic() >= deadline):
        return _timeout(url, options)
    return FetchError(url, f"could not be fetched ({reason})",
                      "Check the address and the connection, or save the page and pass the file")


def fetch(url: str, options: Options, transport=None) -> tuple[bytes, str]:
    """GET `url` within `options.fetch_timeout` seconds and `options.max_bytes` bytes.

    `transport` is called like `urllib.request.urlopen(request, timeout=...)` and returns a
    response with `.headers` and `.read(n)`; tests pass a fake so they never touch the network.
    """
    if transport is None:
        return Fetcher(options).get(url)
    check_url(url)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": ACCEPT})
    try:
        response = transport(request, timeout=options.fetch_timeout)
    except urllib.error.HTTPError as error:
        raise FetchError(url, f"the server answered {error.code} {error.reason}",
                         "Check the address, or save the page and pass the file") from error
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        raise _failed(url, error, options) from error
    try:
        return read_limited(response, url, options), response.headers.get("Content-Type") or ""
    except (TimeoutError, OSError) as error:
        raise _failed(url, error, options) from error
    finally:
        close = getattr(response, "close", None)
        if close:
            close()
