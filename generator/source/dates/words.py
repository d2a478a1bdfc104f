"""The English words of dates: months, weekdays, seasons, thirds, ordinals (SPEC 5)."""

from __future__ import annotations

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SEASONS = ("spring", "summer", "autumn", "winter")  # northern hemisphere: March-May, ..., December-February
SEASON_MONTHS = {1: 3, 2: 6, 3: 9, 4: 12}  # the month each season begins
THIRDS = ("early", "mid", "late")


def month_name(month: int) -> str:
    """English month name ("October")."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, not {month}")
    return MONTH_NAMES[month - 1]


def month_number(word: str) -> int | None:
    """1..12 for a month name or its abbreviation ("Oct", "Sept."), else None."""
    word = word.lower().rstrip(".")
    if word == "sept":
        return 9
    for number, name in enumerate(MONTH_NAMES, 1):
        lower = name.lower()
        if word == lower or (len(word) >= 3 and lower.startswith(word) and len(word) <= len(lower)):
            return number
    return None


def weekday_number(word: str) -> int | None:
    """0 (Monday)..6 for a weekday name or abbreviation ("Wed", "Thurs"), else None."""
    word = word.lower().rstrip(".")
    for number, name in enumerate(WEEKDAY_NAMES):
        if len(word) >= 3 and name.lower().startswith(word):
            return number
    return None


def season_number(word: str) -> int | None:
    """1 (spring)..4 (winter); `fall` is autumn."""
    word = word.lower()
    if word == "fall":
        return 3
    return SEASONS.index(word) + 1 if word in SEASONS else None


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st ..."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
