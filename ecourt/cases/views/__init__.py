"""Pages of the cases app: thin views that parse input with forms, call a selector or a service, and render.

A case is read only through ``access_case_for_user``; every list shown is recorded with ``audit_list``;
every change goes through ``ecourt.cases.services``.
"""

from .case import detail, step
from .intake import intake
from .lists import assignments, docket, overdue, overview

__all__ = ["assignments", "detail", "docket", "intake", "overdue", "overview", "step"]
