"""No models: search reads the articles' tables. This module lets Django send the app its
migrate signals, with which SQLite's triggers are rebuilt (search/triggers.py)."""
