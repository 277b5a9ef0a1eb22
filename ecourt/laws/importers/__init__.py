"""Readers of the legal corpus's sources: each turns files into checked ``DocumentInput`` records
before anything is written (see ``ecourt.laws.services.runs``)."""
