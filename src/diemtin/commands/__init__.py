"""One module per ``diemtin`` sub-command; each parses options, calls the library, prints.

Commands return their exit code (see :mod:`diemtin.cli`).
"""
