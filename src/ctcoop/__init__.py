"""ctcoop: international counter-terrorism cooperation law as software.

The public entry points are :func:`load_kb` (the knowledge base) and the ``law`` functions.
"""

from ctcoop.errors import CtcoopError, DataError, InputError, NotFoundError

__version__ = "0.1.0"

__all__ = ["CtcoopError", "DataError", "InputError", "NotFoundError", "__version__", "load_kb"]


def __getattr__(name: str) -> object:
    # Lazy: importing ctcoop must stay cheap for the CLI.
    if name == "load_kb":
        from ctcoop.kb import load_kb

        return load_kb
    raise AttributeError(name)
