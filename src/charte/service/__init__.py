"""Use cases of the service: organisations, users, authentication, tokens, teams, accounts, policies, checks.

No web framework here: the API, the CLI and the workers call these functions with a
:class:`~charte.store.repositories.Store` and the acting :class:`~charte.service.principal.Principal`.
"""
