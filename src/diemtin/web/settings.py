"""The server's settings: one object, from CLI flags over ``DIEMTIN_*`` environment variables.

=========================  ==========================  ===========================================
field                      environment                 meaning
=========================  ==========================  ===========================================
``db``                     ``DIEMTIN_DB``              SQLite database file (created when missing)
``host``                   ``DIEMTIN_HOST``            address to listen on (loopback by default)
``port``                   ``DIEMTIN_PORT``            TCP port
``root``                   ``DIEMTIN_ROOT``            folder the server may read articles from
``max_body_bytes``         ``DIEMTIN_MAX_BODY_BYTES``  largest request body (413 above)
``max_upload_bytes``       ``DIEMTIN_MAX_UPLOAD_BYTES`` largest uploaded file (413 above)
``max_articles``           ``DIEMTIN_MAX_ARTICLES``    most articles in one request (422 above)
``max_words_limit``        ``DIEMTIN_MAX_WORDS_LIMIT`` largest ``max_words`` a request may ask
``allowed_hosts``          ``DIEMTIN_ALLOWED_HOSTS``   ``Host`` names accepted (comma-separated;
                                                       default: loopback names when bound to
                                                       loopback, else any)
=========================  ==========================  ===========================================
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from diemtin.errors import UsageError

LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class Settings:
    """Everything the web app needs to know; built once, injected into every route."""

    db: Path = Path("diemtin.db")
    host: str = LOOPBACK
    port: int = 8000
    root: Path | None = None
    #: 2 MB: a news article is 3-20 kB, so this holds ~100 pasted articles.
    max_body_bytes: int = 2 * 1024 * 1024
    #: 20 MB: one upload may be a JSONL/ViMs corpus file, not just one article.
    max_upload_bytes: int = 20 * 1024 * 1024
    max_articles: int = 100
    max_words_limit: int = 2000
    #: ``None``: the loopback names when ``host`` is loopback (a DNS-rebinding guard), else any.
    allowed_hosts: tuple[str, ...] | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then ``DIEMTIN_<FIELD>`` variables, then ``overrides`` that are not None."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"DIEMTIN_{f.name.upper()}")
            if raw not in (None, ""):
                values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls().with_values(**values)

    def with_values(self, **values: Any) -> Settings:
        """A copy with ``values`` converted to each field's type and checked."""
        known = {f.name for f in fields(self)}
        unknown = set(values) - known
        if unknown:
            raise UsageError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        converted: dict[str, Any] = {}
        for name, value in values.items():
            try:
                if name in ("db", "root"):
                    converted[name] = Path(value).expanduser()
                elif name == "host":
                    converted[name] = str(value).strip()
                elif name == "allowed_hosts":
                    items = value.split(",") if isinstance(value, str) else value
                    converted[name] = tuple(h.strip().lower() for h in items if h.strip())
                else:
                    converted[name] = int(value)
            except (TypeError, ValueError):
                raise UsageError(f"setting {name}: {value!r} is not a valid value") from None
        out = replace(self, **converted)
        out.check()
        return out

    def check(self) -> None:
        """Raise :class:`UsageError` with a fix for any impossible value."""
        if not 0 <= self.port <= 65535:
            raise UsageError(f"port {self.port} is out of range: use 1-65535 (0 picks a free one)")
        for name in ("max_body_bytes", "max_upload_bytes", "max_articles", "max_words_limit"):
            if getattr(self, name) < 1:
                raise UsageError(f"setting {name} must be at least 1")
        if self.root is not None and not self.root.is_dir():
            raise UsageError(f"--root {self.root}: not a folder: give an existing directory")

    @property
    def host_names(self) -> frozenset[str] | None:
        """``Host`` header names to accept; ``None`` accepts any."""
        if self.allowed_hosts is not None:
            names = frozenset(self.allowed_hosts)
            return None if "*" in names else names
        if self.is_loopback:
            return frozenset({"127.0.0.1", "localhost", "::1", self.host.lower()})
        return None

    @property
    def is_loopback(self) -> bool:
        """Whether ``host`` only accepts connections from this machine."""
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False
