"""A static careers site generator: Markdown postings in, a static site with JobPosting data out."""

__version__ = "0.1.0"
