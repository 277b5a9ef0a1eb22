"""Shared API plumbing: pagination, the error shape, schema helpers and the v1 router.

``API_FEATURE_LEVEL`` grows by one with every change of the API; docs/api-changelog.md says what each
level added, so a client can tell what the server it talks to supports.
"""

API_FEATURE_LEVEL = 9
