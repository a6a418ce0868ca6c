"""From a pile of articles to stories: wire-copy detection, story clustering, digests.

- :func:`cluster_stories` / :class:`StoryIndex` (:mod:`diemtin.stories.cluster`);
- :func:`near_duplicate_groups` (:mod:`diemtin.stories.dedup`);
- :func:`parse_published` (:mod:`diemtin.text.dates`);
- :func:`digest` (:mod:`diemtin.stories.digest`).
"""

from diemtin.stories.cluster import ClusterConfig, StoryIndex, cluster_stories
from diemtin.stories.dedup import near_duplicate_groups
from diemtin.text.dates import parse_published

__all__ = [
    "ClusterConfig",
    "StoryIndex",
    "cluster_stories",
    "near_duplicate_groups",
    "parse_published",
]
