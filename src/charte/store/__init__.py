"""Storage: tables (``models``), repositories (all SQL lives there), connections and migrations."""
