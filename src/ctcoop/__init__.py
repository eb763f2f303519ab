"""ctcoop: international counter-terrorism cooperation law as software.

The public entry points are :func:`load_kb` (the knowledge base) and the ``law`` functions.
"""

TYPE_CHECKING = False  # not typing's: importing typing would slow every start
if TYPE_CHECKING:  # imported on first use: ``ctcoop`` itself must stay cheap for the CLI
    from ctcoop.errors import CtcoopError, DataError, InputError, NotFoundError

__all__ = ["CtcoopError", "DataError", "InputError", "NotFoundError", "__version__", "load_kb"]


def package_version() -> str:
    """The version declared once, in pyproject.toml (read from the installed metadata)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ctcoop")
    except PackageNotFoundError:
        return "0+unknown"


def __getattr__(name: str) -> object:
    # Lazy: importing ctcoop must stay cheap for the CLI.
    if name == "__version__":
        return package_version()
    if name in {"CtcoopError", "DataError", "InputError", "NotFoundError"}:
        from ctcoop import errors

        return getattr(errors, name)
    if name == "load_kb":
        from ctcoop.kb import load_kb

        return load_kb
    raise AttributeError(name)
