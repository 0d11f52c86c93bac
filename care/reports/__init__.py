"""Reports the district office needs: weekly and monthly figures for a scope (the district, one 동,
one worker), computed with set-based SQL (care/reports/figures.py) into frozen dataclasses, and
written as XLSX, PDF, the 행복이음 outcome CSV or JSON (care/reports/service.py). Qt-free."""
