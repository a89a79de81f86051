"""Alembic environment: online migrations only, batch mode so SQLite can alter tables."""

from __future__ import annotations

from alembic import context

from charte.store.db import make_engine
from charte.store.models import Base
from charte.store.models.listening import compared_by_autogenerate

config = context.config
engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
try:
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=engine.dialect.name == "sqlite",
            compare_type=True,
            include_object=compared_by_autogenerate,
        )
        with context.begin_transaction():
            context.run_migrations()
finally:
    engine.dispose()
