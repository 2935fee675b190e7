"""Small helpers every app may use (slugs, sanitising, memoised lookups); imports no app."""
