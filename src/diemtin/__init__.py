"""diemtin (điểm tin): Vietnamese news round-up.

Clean raw articles, group them into stories, and write faithful, cited multi-document
summaries. The public API::

    import diemtin
    article = diemtin.clean(raw_text)                  # -> Article(title, paragraphs, ...)
    summary = diemtin.summarize([raw1, raw2], max_words=120)
    print(summary.text)                                # one sentence per line
    summary.sentences[0].citations                     # articles that state it

Names are imported lazily (on first use), so ``import diemtin`` loads nothing heavy.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "clean": "diemtin.cleaner",
    "clean_article": "diemtin.cleaner",
    "summarize": "diemtin.summarizer.core",
    "cluster_stories": "diemtin.stories.cluster",
    "StoryIndex": "diemtin.stories.cluster",
    "digest": "diemtin.stories.digest",
    "available_methods": "diemtin.summarizer.methods",
    "read_inputs": "diemtin.ingest.read",
    "read_path": "diemtin.ingest.read",
    "split_sentences": "diemtin.text.sentences",
    "filter_vietnamese": "diemtin.text.language",
    "normalize_text": "diemtin.text.normalize",
    "render_summary": "diemtin.render",
    "Article": "diemtin.types",
    "Citation": "diemtin.types",
    "RawDocument": "diemtin.types",
    "Sentence": "diemtin.types",
    "Story": "diemtin.types",
    "Summary": "diemtin.types",
    "SummarySentence": "diemtin.types",
    "DiemtinError": "diemtin.errors",
    "InputError": "diemtin.errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'diemtin' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])

