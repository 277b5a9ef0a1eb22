"""The knowledge loop's fixtures (a court's expert group with an expert and an approver, the real decree),
shared with ecourt/qa's tests so the assistant is tested on answers made by the qa services themselves."""

from ecourt.qa.tests.conftest import approver, decree, department, expert, group  # noqa: F401
