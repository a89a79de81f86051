"""Background work: job classes (``jobs``) and the two ways to run them.

``runner.InProcessRunner`` runs them in threads inside ``charte serve`` (the embedded default,
nothing else to install); ``celery_app`` runs the same jobs in ``charte worker`` processes fed by
Redis (or RabbitMQ). Jobs only implement ``run``; :class:`~charte.workers.jobs.Job` owns the lifecycle.
"""
