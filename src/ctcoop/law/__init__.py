"""Reasoning over the knowledge base: status, legal bases, obligations, gaps, statistics."""

from ctcoop.law.explain import Step
from ctcoop.law.status import Status, StatusResult, status

__all__ = ["Status", "StatusResult", "Step", "status"]
