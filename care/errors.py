"""Errors a person can act on. Every package has its own base with an `exit_code`; main.py and the
console print the message instead of a traceback for any exception that carries one."""


class AnbuError(Exception):
    """A problem in the domain workflows: bad input, a missing configuration, a refused action."""

    exit_code = 2


class ConfigurationError(AnbuError):
    exit_code = 3
    # what is wrong as a key the console words in the user's language, with its values
    # (care.telephony_config.problem sets them); "" when only the English message exists
    problem: str = ""
    params: tuple[str, ...] = ()
