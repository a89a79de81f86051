"""What detectors and connectors share: a plugin names its params model once, as its base's type argument.

``class LinksDetector(Detector[LinksParams])`` or ``class WebhookConnector(Connector[WebhookParams])``:
the base's ``__init_subclass__`` calls :func:`bind_params`, which sets ``Params`` (what a policy rule's or
a publishing target's parameters are validated with) from that argument, so ``self.params`` is typed
without a cast and no subclass repeats ``Params = …``.
"""

from __future__ import annotations

from typing import ClassVar, Protocol, get_args, get_origin

from pydantic import BaseModel


class Plugin(Protocol):
    """A class that names its params model (a detector or a connector)."""

    Params: ClassVar[type[BaseModel]]


def bind_params(cls: type[Plugin], base: type) -> None:
    """Set ``cls.Params`` from ``cls(base[XParams])``; a subclass of a bound class inherits it.

    Raises ``TypeError`` at class creation for a ``Params`` attribute, an argument that is not a pydantic
    model, or a class that names none.
    """
    if "Params" in cls.__dict__:
        raise TypeError(
            f"{cls.__name__}: name the params model as {base.__name__}[{cls.__dict__['Params'].__name__}], "
            "not with a Params attribute"
        )
    for parent in cls.__dict__.get("__orig_bases__", ()):
        origin = get_origin(parent)
        if isinstance(origin, type) and issubclass(origin, base):
            (argument,) = get_args(parent)
            if not (isinstance(argument, type) and issubclass(argument, BaseModel)):
                raise TypeError(
                    f"{cls.__name__}: {base.__name__}[...] takes a pydantic model, not {argument!r}"
                )
            cls.Params = argument
            return
    if not hasattr(cls, "Params"):
        raise TypeError(
            f"{cls.__name__} must name its params model: class {cls.__name__}({base.__name__}"
            f"[{cls.__name__}Params])"
        )
