"""The briefgen mkdocs theme: its folder is the theme directory."""
