"""sdd-kg: a knowledge graph of the US state-created danger doctrine."""

__version__ = "0.1.0"
