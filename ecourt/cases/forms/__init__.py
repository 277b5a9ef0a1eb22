"""Forms of the case pages: they parse and check what the user typed; services do the rest.

Dates are typed dd/mm/yyyy (ISO also works); amounts in VND may be written with thousands
separators ("300.000", "300,000" or "300 000"). Each step form knows the service function that takes
its step (``take``), so the step view stays the same for every step.
"""

from .intake import PARTY_PREFIX, IntakeForm, PartyForm, PartyFormSet
from .lists import AssignFromListForm, CaseListFilterForm
from .steps import STEP_FORMS, StepForm

__all__ = [
    "PARTY_PREFIX",
    "STEP_FORMS",
    "AssignFromListForm",
    "CaseListFilterForm",
    "IntakeForm",
    "PartyForm",
    "PartyFormSet",
    "StepForm",
]
