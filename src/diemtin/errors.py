"""Error types. Every message says what went wrong and how to fix it, on one line.

The CLI turns :class:`DiemtinError` into ``diemtin: error: <message>`` and a non-zero exit;
library callers catch :class:`DiemtinError` (the only type the library raises on bad input).
"""

from __future__ import annotations

import re


def printable(text: str) -> str:
    """``text`` with line breaks and other unprintable characters escaped (``\\n``,
    ``\\udcff`` for an undecodable byte of a file name), so that a message naming it stays
    one line that no file name can forge."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


class DiemtinError(Exception):
    """Base class of every error diemtin raises on purpose."""


class InputError(DiemtinError):
    """An input (file, stdin, string) that cannot be read as an article.

    ``str(err)`` is ``"<source>: <reason>"`` and fits on one line.
    """

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = " ".join(reason.split())
        super().__init__(f"{printable(source)}: {self.reason}")


class UsageError(DiemtinError):
    """A wrong argument value (budget, method name, option combination)."""


class NoArticlesError(DiemtinError):
    """Nothing usable was left to summarise."""


class TooLargeError(DiemtinError):
    """More input than one operation takes (a summary of more sentences than it holds)."""


class DiemtinWarning(UserWarning):
    """Something in the input that was read around, not refused (a corpus's training-only
    annotation file dropped, clusters with different numbers of references). Issued with
    :func:`warnings.warn`; the CLI prints it as ``diemtin: warning: <message>``."""


class OptionalDependencyError(DiemtinError):
    """A feature needs an extra that is not installed."""

    def __init__(self, feature: str, extra: str, module: str) -> None:
        super().__init__(
            f"{feature} needs the optional package '{module}': "
            f"install it with: pip install 'diemtin[{extra}]'"
        )


def require(module: str, feature: str, extra: str):  # type: ignore[no-untyped-def]
    """Import ``module`` or raise :class:`OptionalDependencyError` naming the extra."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise OptionalDependencyError(feature, extra, module) from exc


#: Fix hints in library messages that name command-line options of ``summarize``/``ingest``,
#: and what to say instead where those options do not exist (``diemtin eval``, the web API).
_ENCODING_HINTS = (
    (" or name its encoding with --encoding", ""),
    ("read it with --encoding viqr", "convert it to Unicode"),
)
_SIZE_HINT = " (raise it with --max-bytes)"
_FORMAT_HINT = "; if it is a plain-text article, pass --input-format news-text"
_FOREIGN_HINT = "use --keep-foreign to include it"
_INSTALL_HINT = re.compile(r": install it with: pip install '[^']*'")
_DETECT_HINT = re.compile(r"; auto-detection reads it as [^;()]* \(drop --encoding to detect it\)")


def without_cli_hints(reason: str, size_hint: str = "") -> str:
    """``reason`` without hints naming ``--encoding`` (also "drop --encoding"), ``--max-bytes``, ``--input-format``,
    ``--method`` or ``--keep-foreign`` (the web API's ``keep_foreign`` instead) or telling the
    reader to ``pip install`` an extra; ``size_hint`` (e.g. ``" (the server's
    --max-upload-bytes)"``) replaces the size-limit one."""
    for hint, instead in _ENCODING_HINTS:
        reason = reason.replace(hint, instead)
    reason = _DETECT_HINT.sub("", reason)
    reason = reason.replace(_SIZE_HINT, size_hint)
    reason = reason.replace(_FORMAT_HINT, "")
    reason = reason.replace(_FOREIGN_HINT, "send keep_foreign: true to include it")
    reason = reason.replace("choose another --method", "choose another method")
    return _INSTALL_HINT.sub(", which is not installed here", reason)
