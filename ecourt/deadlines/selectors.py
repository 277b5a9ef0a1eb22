"""How a deadline looks today: due, due soon, overdue, met … (shown on dockets and case pages)."""

from __future__ import annotations

import datetime
import enum

from django.utils.translation import gettext_lazy as _

from .models import Deadline, DeadlineStatus, RuleKind


class DeadlineState(enum.StrEnum):
    DUE = "due"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MET = "met"
    CANCELLED = "cancelled"
    PAUSED = "paused"
    WINDOW_OPEN = "window_open"
    WINDOW_CLOSED = "window_closed"


STATE_LABELS = {
    DeadlineState.DUE: _("Due"),
    DeadlineState.DUE_SOON: _("Due soon"),
    DeadlineState.OVERDUE: _("Overdue"),
    DeadlineState.MET: _("Met"),
    DeadlineState.CANCELLED: _("No longer applies"),
    DeadlineState.PAUSED: _("Paused"),
    DeadlineState.WINDOW_OPEN: _("Open"),
    DeadlineState.WINDOW_CLOSED: _("Closed"),
}


def state_of(due_on: datetime.date, warn_on: datetime.date, today: datetime.date) -> DeadlineState:
    """State of a running duty falling due on ``due_on``, shown as due soon from ``warn_on``."""
    if today > due_on:
        return DeadlineState.OVERDUE
    if today >= warn_on:
        return DeadlineState.DUE_SOON
    return DeadlineState.DUE


def deadline_state(deadline: Deadline, today: datetime.date) -> DeadlineState:
    if deadline.kind == RuleKind.WINDOW:
        if deadline.status == DeadlineStatus.OPEN and today <= deadline.due_on:
            return DeadlineState.WINDOW_OPEN
        return DeadlineState.WINDOW_CLOSED
    if deadline.status == DeadlineStatus.MET:
        return DeadlineState.MET
    if deadline.status == DeadlineStatus.CANCELLED:
        return DeadlineState.CANCELLED
    if deadline.status == DeadlineStatus.PAUSED:
        return DeadlineState.PAUSED
    warn_on = deadline.due_on - datetime.timedelta(days=deadline.rule.due_soon_days)
    return state_of(deadline.due_on, warn_on, today)
