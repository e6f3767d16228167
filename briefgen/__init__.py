"""briefgen: a static site generator for annotated briefings.

Every claim in a briefing carries citations that resolve to the exact passage of a source
article, and the build proves it. The pipeline is load → segment → resolve → check → render,
with mkdocs as a thin engine adapter on top (see :mod:`briefgen.build`).
"""

__version__ = "0.1.0"
