"""All UI texts, Ukrainian, one module per feature.

Handlers and services import from here; tests compare against these constants.
A translation is a new set of modules, not a hunt through handlers.
"""
