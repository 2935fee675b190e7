"""Search over the stories: Arabic spellings folded, headline matches first, then the newest.

docs/search.md explains the design; docs/benchmarks.md has the figures.
"""
