"""The public API is small and explicit: every name in ``__all__`` exists, and nothing else is
exported by star-import."""

from __future__ import annotations

import importlib

import pytest

PACKAGES = ["ctcoop", "ctcoop.model", "ctcoop.kb", "ctcoop.law"]


@pytest.mark.parametrize("name", PACKAGES)
def test_all_names_exist(name: str) -> None:
    module = importlib.import_module(name)
    assert len(module.__all__) == len(set(module.__all__)), "no name listed twice"
    for item in module.__all__:
        assert getattr(module, item) is not None, f"{name}.{item}"


def test_errors_share_one_root() -> None:
    from ctcoop import errors

    leaves = [
        errors.DataError,
        errors.InputError,
        errors.NotFoundError,
        errors.NetworkError,
        errors.AuthenticationError,
        errors.AccessError,
    ]
    assert all(issubclass(e, errors.CtcoopError) for e in leaves)
    assert len({e.exit_code for e in leaves}) == len(leaves)
