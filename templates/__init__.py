"""The built-in briefgen page templates (shipped as package data)."""
