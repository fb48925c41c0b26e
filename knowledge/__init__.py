"""Reference data in plain files, validated at start-up."""

from knowledge.loader import Knowledge, KnowledgeError, Region, Topic, load_knowledge

__all__ = ["Knowledge", "KnowledgeError", "Region", "Topic", "load_knowledge"]
