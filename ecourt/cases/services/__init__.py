"""Write paths of the cases app. Every change of a case goes through a function in this package."""
