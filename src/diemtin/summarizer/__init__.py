"""Extractive multi-document summarisation with redundancy control and citations."""

from diemtin.summarizer.core import resolve_budget, summarize, summarize_pool
from diemtin.summarizer.methods import DEFAULT_METHOD, available_methods, get_method, register
from diemtin.summarizer.pool import SentencePool, build_pool

__all__ = [
    "DEFAULT_METHOD",
    "SentencePool",
    "available_methods",
    "build_pool",
    "get_method",
    "register",
    "resolve_budget",
    "summarize",
    "summarize_pool",
]
