"""Accounts, roles and who the actor is (Qt-free).

- users.py: local users with argon2 password hashes, sign-in with lock-out, change/reset password.
- access.py: what each role may see and do; services call `access.require` and a refusal is logged.
- identity.py: who a CLI process acts as (the OS account from the real user id, or `--user`).
- demo.py: the demo database's accounts (marked as demo).
"""
