"""Fetch article pages and RSS/Atom feeds over HTTP(S), carefully (needs ``diemtin[fetch]``).

Guards, all on by default (:class:`FetchPolicy`):

- **no requests to internal addresses** (SSRF): the host name is resolved and *every*
  address it resolves to must be globally routable — loopback, private (RFC 1918, ULA),
  link-local (cloud metadata at 169.254.169.254), CGNAT, multicast, reserved and unspecified
  addresses are refused, also for IPv4-mapped IPv6. The connection then goes to the address
  that was checked (pinned), so a DNS answer that changes between check and connect
  (rebinding) cannot redirect it. Every redirect hop is checked again. ``allow_private``
  (CLI ``--allow-private``) lifts this, ``allowed_networks`` lifts it for some networks;
- only ``http``/``https``; no proxies from the environment (they would bypass the check);
- connect/read **timeouts** and a **total deadline** per response (a server that drips one
  byte a second is cut off);
- a **size cap** on the (decompressed) body, checked while streaming;
- at most ``max_redirects`` redirects;
- **robots.txt** is fetched (same guards) and obeyed for every page and feed (RFC 9309: a
  missing robots.txt allows all, an unreachable one (5xx, network error) disallows all).

Feeds are parsed from the downloaded bytes with ``feedparser`` (which then never touches the
network itself); each entry's link is fetched like a page. Pages go through
:func:`diemtin.ingest.html.parse_html`. An entry's date (``published``, else ``updated``) is
kept as the page's ``feed_published`` meta field, which the cleaner uses when the page itself
states no date, so ``digest --since`` keeps articles from pages that carry none.
"""

from __future__ import annotations

import dataclasses
import email.utils
import ipaddress
import re
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from diemtin import __version__
from diemtin.errors import InputError, require
from diemtin.types import RawDocument, RejectedInput

Resolver = Callable[[str, int], list[str]]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
               "application/xml", "text/xml", "application/feed+json")
_TEXT_TYPES = ("text/plain",)


@dataclass(frozen=True)
class FetchPolicy:
    """Limits and permissions for :class:`Fetcher`."""

    allow_private: bool = False
    allowed_networks: tuple[str, ...] = ()  # e.g. ("127.0.0.1/32",): exempt from the check
    timeout: float = 10.0  # seconds to connect, and between two reads
    total_timeout: float = 30.0  # seconds for one whole response, body included
    max_bytes: int = 5 * 1024 * 1024  # body size cap (after decompression)
    max_redirects: int = 5
    user_agent: str = f"diemtin/{__version__} (news summariser; respects robots.txt)"
    robots: bool = True  # obey robots.txt


@dataclass(frozen=True)
class FetchedPage:
    """One HTTP response body, after redirects."""

    url: str  # the final URL
    status: int
    content_type: str
    charset: str | None
    data: bytes
    redirects: tuple[str, ...] = ()


@dataclass(frozen=True)
class FetchResult:
    """Articles fetched (as raw documents ready for the cleaner) and what was refused."""

    documents: tuple[RawDocument, ...]
    rejected: tuple[RejectedInput, ...] = field(default=())


class _Refused(Exception):
    """Raised inside the transport when a hop must not be made."""


def _address_problem(address: str, policy: FetchPolicy) -> str | None:
    """Why connecting to ``address`` is refused under ``policy``, or ``None``."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if policy.allow_private:
        return None
    if any(ip in ipaddress.ip_network(net, strict=False) for net in policy.allowed_networks):
        return None
    for test, what in (
        (ip.is_loopback, "a loopback"), (ip.is_link_local, "a link-local"),
        (ip.is_unspecified, "an unspecified"), (ip.is_multicast, "a multicast"),
        (ip.is_private, "a private"), (ip.is_reserved, "a reserved"),
        (not ip.is_global, "a non-global"),
    ):
        if test:
            return f"{what} address"
    return None


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise _Refused(f"cannot resolve host {host!r} ({exc.strerror or exc})") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def check_url(url: str, policy: FetchPolicy, resolver: Resolver = system_resolver) -> str:
    """The address to connect to for ``url``, after checking scheme, host and every address.

    Raises :class:`InputError` (naming ``url``) when the request must not be made.
    """
    try:
        return _checked_address(url, policy, resolver)
    except _Refused as exc:
        raise InputError(url, str(exc)) from None


def _split_url(url: str) -> tuple[str, str, int]:
    """Scheme, host and port of an http(s) URL; :class:`_Refused` for anything else."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise _Refused(f"not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https"):
        what = f"a {parts.scheme}: URL" if parts.scheme else "a URL without http:// or https://"
        raise _Refused(f"only http and https URLs are fetched, not {what}")
    host = parts.hostname
    if not host:
        raise _Refused("URL without a host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise _Refused("URL with an invalid port") from None
    return parts.scheme, host, port


def _checked_address(url: str, policy: FetchPolicy, resolver: Resolver) -> str:
    _, host, port = _split_url(url)
    addresses = resolver(host, port)
    if not addresses:
        raise _Refused(f"host {host!r} resolves to no address")
    for address in addresses:
        problem = _address_problem(address, policy)
        if problem:
            hint = "" if policy.allow_private else " (use --allow-private to fetch from it)"
            where = f"{address} is" if host == address else f"{host} resolves to {address},"
            raise _Refused(f"refused: {where} {problem}{hint}")
    return addresses[0]


def _transport_class() -> type:
    httpx = require("httpx", "fetching URLs", "fetch")

    class GuardedTransport(httpx.BaseTransport):  # type: ignore[misc, name-defined]
        """Checks every request's host and connects to the checked (pinned) address."""

        def __init__(self, policy: FetchPolicy, resolver: Resolver) -> None:
            self._policy = policy
            self._resolver = resolver
            self._inner = httpx.HTTPTransport(trust_env=False)

        def handle_request(self, request: Any) -> Any:
            url = request.url
            address = _checked_address(str(url), self._policy, self._resolver)
            extensions = dict(request.extensions)
            if url.scheme == "https":
                extensions["sni_hostname"] = url.host  # TLS still verifies the real name
            pinned = httpx.Request(
                request.method, url.copy_with(host=address), headers=request.headers,
                stream=request.stream, extensions=extensions,
            )
            return self._inner.handle_request(pinned)

        def close(self) -> None:
            self._inner.close()

    return GuardedTransport


class Fetcher:
    """An HTTP client with the guards of :class:`FetchPolicy` (use as a context manager)."""

    def __init__(self, policy: FetchPolicy | None = None, resolver: Resolver = system_resolver) -> None:
        httpx = require("httpx", "fetching URLs", "fetch")
        self.policy = policy or FetchPolicy()
        self._resolver = resolver
        timeout = httpx.Timeout(self.policy.timeout)
        self._client = httpx.Client(
            transport=_transport_class()(self.policy, resolver), timeout=timeout,
            follow_redirects=False, trust_env=False,
            headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": "gzip, deflate"},
        )
        self._robots: dict[str, tuple[RobotFileParser | None, str]] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -------------------------------------------------------------------------- requests

    def _one(self, url: str, max_bytes: int) -> tuple[int, dict[str, str], bytes, str | None]:
        """One request, no redirects: status, headers, body (capped), Location if any."""
        httpx = require("httpx", "fetching URLs", "fetch")
        deadline = time.monotonic() + self.policy.total_timeout
        try:
            with self._client.stream("GET", url) as resp:
                headers = {k.lower(): v for k, v in resp.headers.items()}
                if resp.is_redirect:
                    return resp.status_code, headers, b"", headers.get("location")
                declared = headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise InputError(url, f"response is {int(declared):,} bytes, over the "
                                          f"{max_bytes:,}-byte limit (raise it with --max-bytes)")
                chunks: list[bytes] = []
                size = 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise InputError(url, f"response is over the {max_bytes:,}-byte limit "
                                              "(raise it with --max-bytes)")
                    if time.monotonic() > deadline:
                        raise InputError(url, f"response took over {self.policy.total_timeout:g} s")
                    chunks.append(chunk)
                return resp.status_code, headers, b"".join(chunks), None
        except _Refused as exc:
            raise InputError(url, str(exc)) from None
        except httpx.TimeoutException:
            raise InputError(url, f"timed out (no answer within {self.policy.timeout:g} s)") from None
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise InputError(url, f"request failed ({type(exc).__name__}: {exc})") from None

    def get(self, url: str, *, max_bytes: int | None = None, check_robots: bool = True) -> FetchedPage:
        """GET ``url`` following up to ``max_redirects`` redirects, each hop checked.

        Raises :class:`InputError` (naming the URL) on a refused address, a robots.txt
        disallow, an HTTP error status, a timeout, or a body over the size cap.
        """
        cap = max_bytes or self.policy.max_bytes
        current, hops = url, list[str]()
        for _ in range(self.policy.max_redirects + 1):
            try:
                _split_url(current)
            except _Refused as exc:
                raise InputError(current, str(exc)) from None
            if check_robots and self.policy.robots:
                self._check_robots(current)
            status, headers, data, location = self._one(current, cap)
            if location is None:
                if status >= 400:
                    raise InputError(current, f"HTTP status {status}")
                ctype, _, params = headers.get("content-type", "").partition(";")
                charset = next(
                    (p.split("=", 1)[1].strip().strip('"\'') for p in params.split(";")
                     if p.strip().lower().startswith("charset=")), None,
                )
                return FetchedPage(_without_credentials(current), status, ctype.strip().lower(),
                                   charset, data, tuple(hops))
            hops.append(current)
            current = urljoin(current, location)
        raise InputError(url, f"more than {self.policy.max_redirects} redirects")

    # ----------------------------------------------------------------------------- robots

    def allowed_by_robots(self, url: str) -> bool:
        """Whether the site's robots.txt lets our user agent fetch ``url``."""
        try:
            self._check_robots(url)
        except InputError:
            return False
        return True

    def _check_robots(self, url: str) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            try:
                self._robots[origin] = self._load_robots(origin)
            except InputError as exc:  # the host itself is refused
                raise InputError(url, exc.reason) from None
        rules, note = self._robots[origin]
        if rules is not None and not rules.can_fetch(self.policy.user_agent, url):
            raise InputError(url, f"disallowed by the site's robots.txt{note}")

    def _load_robots(self, origin: str) -> tuple[RobotFileParser | None, str]:
        """Parsed rules (``None``: no robots.txt, all allowed) and a note for refusals."""
        rules = RobotFileParser()
        try:
            page = self.get(origin + "/robots.txt", max_bytes=512 * 1024, check_robots=False)
        except InputError as exc:
            if exc.reason.startswith("HTTP status 4"):
                return None, ""
            if exc.reason.startswith("refused"):
                raise
            if exc.reason.startswith(("request failed", "timed out")):
                # the site itself cannot be reached: say so (the page would fail the same way)
                raise InputError(origin, f"cannot reach the site: {exc.reason}") from None
            # unreachable (5xx, timeout, network error): disallow all, RFC 9309 section 2.3.1.4
            rules.parse(["User-agent: *", "Disallow: /"])
            return rules, f" (robots.txt unreachable: {exc.reason}; RFC 9309 says: disallow all)"
        rules.parse(page.data.decode("utf-8", errors="replace").splitlines())
        return rules, ""


# ------------------------------------------------------------------------------ articles

def _without_credentials(url: str) -> str:
    """``url`` without a ``user:password@`` part: what is stored and shown names the page,
    never the secret used to get it."""
    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL urllib can split ("http://[::1/x"): drop any "...@" anyway
        return re.sub(r"(//)[^/?#@]*@", r"\1", url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return parts._replace(netloc=host).geturl()


def _is_feed(page: FetchedPage) -> bool:
    if page.content_type in _FEED_TYPES:
        return True
    head = page.data[:512].lstrip().lower()
    return page.content_type not in _HTML_TYPES and (
        head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed")
    )


def page_document(page: FetchedPage) -> RawDocument:
    """A fetched HTML page → :class:`RawDocument` (charset from the header, else detected)."""
    from diemtin.ingest.encoding import detect_and_decode
    from diemtin.ingest.html import parse_html

    if page.content_type and page.content_type not in _HTML_TYPES + _TEXT_TYPES:
        raise InputError(page.url, f"not a web page or feed (content type {page.content_type})")
    # Detect first: Vietnamese legacy-font pages are routinely labelled iso-8859-1/windows-1252.
    try:
        text, _ = detect_and_decode(page.data, page.url)
    except InputError:
        if not page.charset:
            raise
        try:
            text = page.data.decode(page.charset)
        except (LookupError, UnicodeDecodeError):
            raise InputError(page.url, f"page is not valid {page.charset} text") from None
    if page.content_type in _TEXT_TYPES:
        from diemtin.text.normalize import normalize_text

        return RawDocument(text=normalize_text(text), source=page.url, format="news-text",
                           meta={"url": page.url})
    return parse_html(text, page.url, url=page.url)


def feed_entries(page: FetchedPage, unlinked: list[str] | None = None) -> list[tuple[str, str | None]]:
    """``(link, date)`` of each entry of an RSS/Atom feed, in feed order (absolute URLs, each
    once); ``date`` is the entry's own (:func:`_entry_date`) or ``None``. The titles of
    entries without a link are appended to ``unlinked`` (when given)."""
    feedparser = require("feedparser", "reading RSS/Atom feeds", "fetch")
    parsed = feedparser.parse(page.data, response_headers={"content-location": page.url})
    if not parsed.entries:
        why = f": {parsed.bozo_exception}" if getattr(parsed, "bozo", False) else ""
        raise InputError(page.url, f"not an RSS/Atom feed with entries{why}")
    entries: dict[str, str | None] = {}
    for e in parsed.entries:
        if e.get("link"):
            entries.setdefault(urljoin(page.url, e.get("link", "")), _entry_date(e))
    if unlinked is not None:
        unlinked.extend(str(e.get("title") or "(untitled)") for e in parsed.entries if not e.get("link"))
    return list(entries.items())


def _entry_date(entry: Any) -> str | None:
    """A feed entry's date (``published``, else ``updated``) as ``YYYY-MM-DD HH:MM:SS`` in
    Vietnam's time, as :mod:`diemtin.text.dates` reads dates (``Fri, 20 May 2016 10:00:00
    +0700`` → 10:00, ``… 03:00:00 GMT`` → 10:00); ``None`` when it has none that parses to a year
    from 1900 to 2200 (a Unix time stamp read as RFC 822 gives the year 1463)."""
    from diemtin.text.dates import in_vietnam, parse_published

    for key in ("published", "updated"):
        raw = str(entry.get(key) or "").strip()
        when: datetime | None = None
        if raw:
            try:  # RSS: RFC 822 ("Fri, 20 May 2016 10:00:00 +0700"), which parse_published misreads
                when = in_vietnam(email.utils.parsedate_to_datetime(raw))
            except (TypeError, ValueError, IndexError, OverflowError):
                when = parse_published(raw)  # Atom: ISO 8601
        if when is None and (stamp := entry.get(f"{key}_parsed")):
            when = in_vietnam(datetime(*stamp[:6]).replace(tzinfo=UTC))  # feedparser's reading (UTC)
        if when is not None and 1900 <= when.year <= 2200:  # the range page dates are read in
            return when.isoformat(sep=" ")
    return None


def _with_feed_date(doc: RawDocument, date: str | None) -> RawDocument:
    """``doc`` with its feed entry's date as ``feed_published`` (the page's own date, when
    it has one, still wins: see :func:`diemtin.cleaner.clean_article`)."""
    if not date:
        return doc
    return dataclasses.replace(doc, meta={**doc.meta, "feed_published": date})


def _refused(exc: InputError) -> RejectedInput:
    """A failed URL as reported: without the password it may carry."""
    shown = _without_credentials(exc.source)
    return RejectedInput(shown, exc.reason.replace(exc.source, shown))


def iter_articles(
    urls: Iterable[str], fetcher: Fetcher, *, limit: int | None = None,
) -> Iterator[RawDocument | RejectedInput]:
    """Fetch each URL: a page gives one document, a feed one per entry (at most ``limit``)."""
    for url in urls:
        try:
            page = fetcher.get(url)
            if not _is_feed(page):
                yield page_document(page)
                continue
            unlinked: list[str] = []
            entries = feed_entries(page, unlinked)[:limit]
        except InputError as exc:
            yield _refused(exc)
            continue
        if unlinked:  # an entry with no link has no page to fetch: say so, once per feed
            shown = ", ".join(repr(t[:60]) for t in unlinked[:3]) + (" …" if len(unlinked) > 3 else "")
            yield RejectedInput(page.url, f"{len(unlinked)} feed entr{'y has' if len(unlinked) == 1 else 'ies have'} "
                                          f"no link to fetch ({shown})")
        for link, date in entries:
            try:
                yield _with_feed_date(page_document(fetcher.get(link)), date)
            except InputError as exc:
                yield _refused(exc)


def fetch_articles(
    urls: Iterable[str], policy: FetchPolicy | None = None, *, limit: int | None = None,
    resolver: Resolver = system_resolver,
) -> FetchResult:
    """Fetch pages and feeds into raw documents; refused or failed URLs are listed, never
    raised, so one bad URL does not stop the batch."""
    docs: list[RawDocument] = []
    rejected: list[RejectedInput] = []
    with Fetcher(policy, resolver) as fetcher:
        for item in iter_articles(urls, fetcher, limit=limit):
            (docs if isinstance(item, RawDocument) else rejected).append(item)  # type: ignore[arg-type]
    return FetchResult(tuple(docs), tuple(rejected))
