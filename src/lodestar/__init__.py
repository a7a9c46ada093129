"""Lodestar: ICT governance, budget, portfolio and oversight information system."""
