"""Input readers: one parser per format, auto-detected, never a silent guess."""

from diemtin.ingest.formats import detect_format, parse_abmusu_line, parse_text, parse_vims
from diemtin.ingest.read import ReadResult, read_inputs, read_path

__all__ = [
    "ReadResult",
    "detect_format",
    "parse_abmusu_line",
    "parse_text",
    "parse_vims",
    "read_inputs",
    "read_path",
]
