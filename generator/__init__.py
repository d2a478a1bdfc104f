"""Topic timelines as static websites: Markdown and YAML entries in, a static site out."""

__version__ = "0.1.0"
