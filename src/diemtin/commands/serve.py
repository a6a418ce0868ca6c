"""``diemtin serve``: the HTTP API and the editors' web page over one article store."""

from __future__ import annotations

import errno
import socket
from typing import Any

import click

from diemtin.cli import EXIT_OK
from diemtin.errors import require
from diemtin.web.settings import Settings


def build_settings(**flags: Any) -> Settings:
    """Settings from the environment (``DIEMTIN_*``) overridden by the flags given."""
    return Settings.from_env(**flags)


def _check_port(host: str, port: int) -> None:
    """Fail with a one-line error when ``host:port`` cannot be listened on (another server
    holds it, or the address is not this machine's), before uvicorn logs it and exits 3."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET  # as uvicorn chooses
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((host, port))
        except socket.gaierror as exc:
            raise click.ClickException(f"cannot listen on {host}: {exc.strerror}: check --host") from None
        except OSError as exc:
            hint = {
                errno.EADDRINUSE: "stop the program that uses it or choose another --port",
                errno.EADDRNOTAVAIL: "this machine has no such address: check --host",
                errno.EACCES: "ports below 1024 need privileges: choose another --port",
            }.get(exc.errno or 0, "check --host and --port")
            raise click.ClickException(
                f"cannot listen on {host}:{port} ({exc.strerror or exc}): {hint}"
            ) from None


def run_server(settings: Settings, log_level: str = "info", announce: str | None = None) -> None:
    """Serve until interrupted (uvicorn, one process). The store is opened and the port
    checked first, so a bad ``--db`` or a taken port is a one-line error; ``announce`` is
    printed on stderr once both are fine."""
    uvicorn = require("uvicorn", "diemtin serve", "web")
    require("fastapi_offline", "diemtin serve", "web")  # /docs without a CDN
    from diemtin.web.app import create_app

    app = create_app(settings)
    _check_port(settings.host, settings.port)
    if announce:
        click.echo(announce, err=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level=log_level,
                log_config=_log_config(log_level), proxy_headers=False, server_header=False)


def _log_config(log_level: str) -> dict[str, object]:
    """uvicorn's logging set-up plus the ``diemtin`` logger on the same stderr handler (the
    library only has a NullHandler, so the server's own errors would go nowhere)."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["diemtin"] = {
        "handlers": ["default"], "level": log_level.upper(), "propagate": False,
    }
    return config


@click.command(
    "serve",
    epilog="""Examples:

\b
  diemtin serve --db news.db                     # http://127.0.0.1:8000
  diemtin serve --db news.db --root ../shared/examples --port 8080
  DIEMTIN_DB=news.db diemtin serve
""",
)
@click.option("--db", type=click.Path(dir_okay=False), default=None,
              help="SQLite database file (created when missing). [env: DIEMTIN_DB; default: diemtin.db]")
@click.option("--host", default=None,
              help="Address to listen on. [env: DIEMTIN_HOST; default: 127.0.0.1, this machine only]")
@click.option("--port", type=click.IntRange(0, 65535), default=None,
              help="TCP port. [env: DIEMTIN_PORT; default: 8000]")
@click.option("--root", type=click.Path(file_okay=False, exists=True), default=None,
              help="Folder the page/API may read articles from (nothing outside it). [env: DIEMTIN_ROOT]")
@click.option("--max-body-bytes", type=click.IntRange(min=1), default=None,
              help="Largest request body. [env: DIEMTIN_MAX_BODY_BYTES; default: 2 MiB]")
@click.option("--max-upload-bytes", type=click.IntRange(min=1), default=None,
              help="Largest uploaded file. [env: DIEMTIN_MAX_UPLOAD_BYTES; default: 20 MiB]")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              default="info", show_default=True, help="Server log level.")
def serve_cmd(
    db: str | None, host: str | None, port: int | None, root: str | None,
    max_body_bytes: int | None, max_upload_bytes: int | None, log_level: str,
) -> int:
    """Serve the HTTP API (OpenAPI at /docs) and the web page for editors.

    Listens on 127.0.0.1 (this machine only) unless --host says otherwise. Editors open the
    page to paste or upload articles, read stories and their cited summaries; programs call
    the same JSON endpoints.
    """
    require("fastapi", "diemtin serve", "web")
    settings = build_settings(db=db, host=host, port=port, root=root,
                              max_body_bytes=max_body_bytes, max_upload_bytes=max_upload_bytes)
    if not settings.is_loopback:
        click.echo(f"diemtin: warning: listening on {settings.host}: other machines can reach "
                   "this server (it has no authentication)", err=True)
    run_server(settings, log_level, announce=f"diemtin: serving {settings.db} on "
               f"http://{settings.host}:{settings.port}/ (API docs at /docs)")
    return EXIT_OK
