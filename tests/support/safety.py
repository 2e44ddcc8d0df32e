"""What the life-safety net tests share: a model reading that says urgent (or calm) with high
confidence, to check that the net's vetoes and frames decide over it."""

from __future__ import annotations

from bot.classifier import Classification


def urgent_model() -> Classification:
    return Classification("repair", "elevator", True, 0.95, 0.95, 0.95, 0.95)


def calm_model() -> Classification:
    return Classification("inquiry", "other", False, 0.9, 0.9, 0.9, 0.9)
