"""The ``diemtin`` command: a thin layer over the library.

Each sub-command lives in ``diemtin/commands/<name>.py`` and is imported only when used, so
``diemtin --help`` stays fast and optional extras are needed only by the commands that use
them.

Exit codes (all commands):

- 0: success;
- 1: error, nothing written (bad arguments values, no readable input, missing extra);
- 2: command-line usage error (unknown option, missing argument);
- 3: partial success: output written, but some inputs were rejected (each is listed on
  stderr as ``diemtin: skipped <file>: <reason>``).
"""

from __future__ import annotations

import importlib
import sqlite3
import sys
import warnings

import click

from diemtin import __version__
from diemtin.errors import DiemtinError, DiemtinWarning, UsageError

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3

#: name -> "module:attribute" of the click command
COMMANDS: dict[str, str] = {
    "summarize": "diemtin.commands.summarize:summarize_cmd",
    "inspect": "diemtin.commands.inspect:inspect_cmd",
    "eval": "diemtin.commands.evaluate:eval_cmd",
    "digest": "diemtin.commands.digest:digest_cmd",
    "ingest": "diemtin.commands.store:ingest_cmd",
    "serve": "diemtin.commands.serve:serve_cmd",
    "fetch": "diemtin.commands.fetch:fetch_cmd",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self._load(name) is not None]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name == module:
                return None  # command not built in this version
            raise
        cmd: click.Command = getattr(mod, attr)
        return cmd


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Example:\n\n  diemtin summarize ../shared/examples/nato-russia --max-words 120",
)
@click.version_option(__version__, prog_name="diemtin")
def cli() -> None:
    """diemtin (điểm tin): cited multi-document summaries of Vietnamese news.

    Exit codes: 0 ok, 1 error, 2 usage error, 3 output written but some inputs rejected.
    """


def main(argv: list[str] | None = None) -> int:
    """Entry point: library errors become one-line messages and exit code 1; library
    warnings (:class:`DiemtinWarning`) one ``diemtin: warning: <message>`` line each on
    stderr."""
    with warnings.catch_warnings():  # (restores the filters and showwarning on return)
        warnings.simplefilter("always", DiemtinWarning)
        others = warnings.showwarning

        def show(message, category, *args, **kwargs):  # type: ignore[no-untyped-def]
            if issubclass(category, DiemtinWarning):
                click.echo(f"diemtin: warning: {message}", err=True)
            else:
                others(message, category, *args, **kwargs)

        warnings.showwarning = show
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    try:
        rv = cli.main(args=argv, prog_name="diemtin", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.UsageError as exc:
        exc.show()
        return EXIT_USAGE
    except click.ClickException as exc:
        click.echo(f"diemtin: error: {exc.format_message()}", err=True)
        return EXIT_ERROR
    except click.Abort:
        click.echo("diemtin: aborted", err=True)
        return EXIT_ERROR
    except UsageError as exc:  # a wrong option value, found by the library
        click.echo(f"diemtin: error: {exc}", err=True)
        return EXIT_USAGE
    except DiemtinError as exc:
        click.echo(f"diemtin: error: {exc}", err=True)
        return EXIT_ERROR
    except sqlite3.Error as exc:
        # a read from a damaged or vanished database (writes become StoreError in the store)
        click.echo(f"diemtin: error: the database cannot be read ({exc}): restore the --db "
                   "file from a backup or start a new one", err=True)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
    # commands return their exit code (EXIT_PARTIAL when some inputs were rejected)
    return rv if isinstance(rv, int) else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
