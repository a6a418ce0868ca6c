"""Options and helpers shared by several commands."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import click

from diemtin.ingest.read import DEFAULT_MAX_BYTES, STDIN, ReadResult, read_inputs
from diemtin.types import RejectedInput


def input_paths(paths: Sequence[str]) -> list[str]:
    """The paths given (``-`` once: stdin can be read only once), or stdin when none are
    given and stdin is not a terminal."""
    if paths:
        first = paths.index(STDIN) if STDIN in paths else len(paths)
        return [p for k, p in enumerate(paths) if p != STDIN or k == first]
    if not sys.stdin.isatty():
        return [STDIN]
    raise click.UsageError("give at least one file or directory (or pipe an article on stdin)")


def read_or_fail(paths: Sequence[str], fmt: str | None, encoding: str | None, max_bytes: int) -> ReadResult:
    """Read inputs, print one line per rejected file, fail when nothing is readable."""
    result = read_inputs(input_paths(paths), fmt=fmt, encoding=encoding, max_bytes=max_bytes)
    report_rejected(result.rejected)
    if not result.documents:
        raise click.ClickException("no readable article in the input")
    return result


def report_rejected(rejected: Iterable[RejectedInput]) -> None:
    """One ``diemtin: skipped FILE: reason`` line per rejected input, on stderr."""
    for bad in rejected:
        click.echo(f"diemtin: skipped {bad}", err=True)


def _new_file_mode() -> int:
    """The permissions ``open()`` would give a new file (0666 less the umask)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


#: ``-o`` names that mean this process's own stdout (written like ``-o -``, so that a
#: redirected ``>> log`` is appended to, never truncated or replaced).
_STDOUT_NAMES = frozenset({"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"})


def echo_or_fail(text: str) -> None:
    """Print ``text`` to stdout; a full disk or closed pipe is a one-line error, not a
    traceback."""
    try:
        click.echo(text, nl=False)
        sys.stdout.flush()
    except BrokenPipeError:
        # the reader went away (``| head``): stop quietly, as other command-line tools do
        with contextlib.suppress(OSError):
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, sys.stdout.fileno())
            os.close(null)
        raise SystemExit(1) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write to stdout: {exc.strerror or exc}") from None


def _output_target(output: str) -> tuple[Path, os.stat_result | None]:
    """Where ``-o output`` writes, and what is there now (``None``: nothing yet).

    A symlink is followed the way the shell's ``>`` follows it: the kernel opens the path
    first, so its own checks apply (``fs.protected_symlinks`` refuses another user's link in
    a shared folder such as /tmp), then the link's final target is what gets replaced.
    """
    if output.endswith(("/", os.sep)):
        raise click.ClickException(f"cannot write {output}: names a folder; name a file")
    target = Path(output)
    if not target.is_symlink():
        return target, (target.stat() if target.exists() else None)
    with contextlib.suppress(FileNotFoundError):  # a dangling link creates its target
        st = os.stat(output)  # ELOOP for a loop
        if not stat.S_ISREG(st.st_mode):
            return target, st  # a device, pipe or folder: written in place (or refused)
    fd = os.open(output, os.O_WRONLY | os.O_CREAT, 0o666)  # the kernel's checks (EACCES)
    try:
        st = os.fstat(fd)
    finally:
        os.close(fd)
    return Path(os.path.realpath(output)), st


def write_output(text: str, output: str | None) -> None:
    """Write to ``output`` or to stdout.

    A regular file (or a new one) is replaced atomically: a crash never leaves half a file,
    and an existing file keeps its permissions (and, when run as root, its owner). A
    symlink's target is replaced, not the link. A device, pipe or socket (``/dev/null``, a
    fifo) is written in place; ``/dev/stdout`` is stdout itself. A file name that is not
    valid UTF-8 (its undecodable bytes) is written as ``\\udcXX`` escapes, so that the output
    is valid UTF-8 (and JSON output valid JSON).
    """
    if output == "":
        raise click.UsageError("-o/--output needs a file name (or - for stdout)")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    if not output or output in _STDOUT_NAMES:
        echo_or_fail(text)
        return
    try:
        target, st = _output_target(output)
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise click.ClickException(f"cannot write {output}: it is a directory; name a file")
        if st is not None and not stat.S_ISREG(st.st_mode):
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
            return
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        if st is not None:
            with contextlib.suppress(OSError):  # only root may give a file away
                os.fchown(fd, st.st_uid, st.st_gid)
        # never carry setuid/setgid/sticky bits over to a file with a new owner
        os.chmod(fd, (st.st_mode & 0o777) if st is not None else _new_file_mode())
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _known_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A bad ``--encoding`` is a usage error up front, not one rejected file per input."""
    from diemtin.ingest.encoding import canonical_encoding, unknown_encoding

    if value is not None:
        try:
            canonical_encoding(value)
        except LookupError:
            raise click.BadParameter(unknown_encoding(value)) from None
    return value


input_options = [
    click.option("--input-format", "fmt", type=click.Choice(["news-text", "vims", "abmusu", "jsonl", "html"]),
                 default=None, help="Input format (default: detected per file)."),
    click.option("--encoding", default=None, callback=_known_encoding, help="Input encoding (default: detected: UTF-8/16, cp1258, tcvn3, vni); viqr only when named."),
    click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
                 help="Refuse input files larger than this."),
]


def with_input_options(func):  # type: ignore[no-untyped-def]
    for opt in reversed(input_options):
        func = opt(func)
    return func
