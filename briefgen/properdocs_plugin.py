"""The briefgen plugin for ProperDocs, mkdocs's drop-in continuation (see :mod:`briefgen.mkdocs_plugin`)."""

from .mkdocs_plugin import define_plugin

BriefgenPlugin = define_plugin("properdocs")
