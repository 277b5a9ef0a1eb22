"""Sign-in of citizens and lawyers through OpenID Connect (the national e-ID, VNeID)."""
