"""``charte worker``: a Celery worker running Charte's background jobs (publishing, scheduling, SLA reminders) and
the ingestion of the listening sources (unless ``CHARTE_LISTENING=false``)."""

from __future__ import annotations

import logging

import click

from charte.settings import load_settings


@click.command()
@click.option(
    "--concurrency",
    "-c",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    help="Jobs run at the same time in this worker.",
)
@click.option(
    "--pool",
    type=click.Choice(["threads", "prefork", "solo"]),
    default="threads",
    show_default=True,
    help="How jobs run: threads (default, light), prefork (processes) or solo (one at a time).",
)
@click.option(
    "--loglevel", type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]), default="INFO", show_default=True
)
@click.option("--hostname", "-n", default=None, help="Worker name (default: charte@<host>).")
def worker(concurrency: int, pool: str, loglevel: str, hostname: str | None) -> None:
    """Run background jobs from the broker (CHARTE_BROKER_URL: Redis by default, or RabbitMQ)."""
    settings = load_settings()
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines carry full URLs
    from charte.workers.celery_app import get_app  # imported late: celery is only needed here

    argv = [
        "worker",
        f"--loglevel={loglevel}",
        f"--concurrency={concurrency}",
        f"--pool={pool}",
        f"--queues={settings.queue_name}",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    if hostname:
        argv.append(f"--hostname={hostname}")
    get_app().worker_main(argv)
