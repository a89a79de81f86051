"""The pages, one module per area: each has a ``router`` and registers its navigation entries."""
