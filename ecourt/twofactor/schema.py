"""The OpenAPI description of the API's HTTP Basic, which this app's subclass replaces.

drf-spectacular describes only the classes it knows by their exact path; without this, the schema would
drop "basicAuth" although Basic still works (outside production, and with TWOFACTOR_API_BASIC).
"""

from __future__ import annotations

from drf_spectacular.authentication import BasicScheme


class TwoFactorBasicScheme(BasicScheme):  # type: ignore[no-untyped-call]
    target_class = "ecourt.twofactor.authentication.BasicAuthentication"
