"""What a quote states: the dates, amounts and numbers in its words, read the way news and
official releases write them, and whether it names a person or a place.

A quote is read once (`read_quote`) into the facts it states; a field is then checked against
them (`states_date`, `states_amount`, `states_number`, `names`). Each fact keeps where it was
found, so that `dt why` can mark the words.

- dates: "28 September 2015", "Sept. 28, 2015", "September 28" (the source's year),
  "September 2015", "2015", "2015-09-28", "28.09.2015", "5-18 September 2019", and "today",
  "yesterday", "on Monday", "last Tuesday", resolved against the source's publication day;
- amounts: "$3 billion", "US$3bn", "USD 3.99 billion", "$737 million", "Rs 19,800 crore",
  "₹7,995 crore", "Rs 4,168-cr", "3 billion dollars", "14,000 Crores" (crore: rupees); a
  hedged amount ("about", "nearly",
  "over" ...) states any value within the rounding of its last digit, an unhedged one only
  itself ("$3 billion" never supports 3.2e9);
- numbers: "22 Apache", "six (6)", "fifteen".
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Container, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .dates import PartialDate

Span = tuple[int, int]  # where in the quote: start, end
DateFact = tuple[int, int | None, int | None]  # year, month, day

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip
_HINDI_MONTHS = {
    "जनवरी": 1, "फरवरी": 2, "फ़रवरी": 2, "मार्च": 3, "अप्रैल": 4, "मई": 5, "जून": 6,
    "जुलाई": 7, "अगस्त": 8, "सितंबर": 9, "सितम्बर": 9, "अक्टूबर": 10, "अक्तूबर": 10,
    "नवंबर": 11, "नवम्बर": 11, "दिसंबर": 12, "दिसम्बर": 12,
}  # fmt: skip
_MONTHS |= _HINDI_MONTHS
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_NUMERIC_DATES = [  # (regex, what its groups are: year, month number, day, 2-digit year)
    (re.compile(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b"), "ynd"),
    (re.compile(r"\b(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d{2})\b"), "dny"),
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2})\b"), "ndz"),  # US style: 4/9/18
]  # the forms with a month's name: _named_dates
_YEAR_ONLY = re.compile(r"\b((?:19|20)\d{2})\b")
_NUMERIC_HINT = re.compile(r"\d[-./]\d")


_RELATIVE = re.compile(
    r"\b(today|yesterday|tomorrow|(?:(last|next|this|on)\s+)?"
    r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b",
    re.IGNORECASE,
)

_SCALE = {
    "trillion": 10**12, "tn": 10**12, "billion": 10**9, "bn": 10**9, "b": 10**9,
    "million": 10**6, "mn": 10**6, "m": 10**6, "mln": 10**6, "crore": 10**7, "crores": 10**7,
    "cr": 10**7, "lakh": 10**5, "lakhs": 10**5, "thousand": 10**3, "k": 10**3,
}  # fmt: skip
_NUMBER = r"(\d{1,3}(?:,\d{2,3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_UNITS = "trillion|billion|million|crores?|lakhs?|thousand|bn|tn|mln|mn|cr|b|m|k"
_UNIT = rf"(?:\s*-?\s*({_UNITS})\b(?:\.(?=\w))?)?"  # "Rs 4,168-cr", "cr." only mid-word
_HEDGE = (
    r"(about|around|approximately|approx\.?|nearly|almost|roughly|some|over|more than|"
    r"less than|close to|upwards of|up to|an estimated|estimated|~|≈)\s*$"
)
_AMOUNT_RES = [
    (re.compile(r"(?:US\s?\$|USD\s?|\$)\s?" + _NUMBER + _UNIT, re.IGNORECASE), "USD"),
    (re.compile(r"(?:Rs\.?|INR|₹)\s?" + _NUMBER + _UNIT, re.IGNORECASE), "INR"),
    (
        re.compile(
            _NUMBER + r"\s*(trillion|billion|million)\s+(?:US\s+|American\s+)?dollars\b",
            re.IGNORECASE,
        ),
        "USD",
    ),
    (re.compile(_NUMBER + r"\s*(crores?|lakhs?)\s+(?:of\s+)?rupees\b", re.IGNORECASE), "INR"),
    # "more than 14,000 Crores": crore and lakh count only rupees
    (re.compile(r"(?<![\w$₹.,])" + _NUMBER + r"\s*(crores?|lakhs?)\b", re.IGNORECASE), "INR"),
]
_HEDGE_RE = re.compile(_HEDGE, re.IGNORECASE)

_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)
_WORD_NUMBERS = {w: i for i, w in enumerate(_NUMBER_WORDS.split())}
_WORD_NUMBERS |= {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100}
_WORD_NUMBERS |= {"dozen": 12}
_QUANTITY = re.compile(r"\b(\d{1,3}(?:,\d{3})*|" + "|".join(_WORD_NUMBERS) + r")\b", re.I)


@dataclass(frozen=True)
class Amount:
    low: Decimal
    high: Decimal
    currency: str
    where: Span


_DIGITS = re.compile(r"\d+(?:,\d+)*")
_RELATIVE_HINT = re.compile(
    r"\b(?:today|yesterday|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
)
_MONTH_NAME = re.compile(r"(?<!\w)(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + ")")
_MONTH_NAME_TEXT = re.compile(_MONTH_NAME.pattern, re.IGNORECASE)


class Quote:
    """The facts one quote states, each kind read on first use: most quotes are checked
    against a few fields, and a cheap test of the text (`states_*`) skips most reading."""

    def __init__(self, text: str, published: PartialDate | None = None) -> None:
        self.text = text
        self.published = published
        self.folded = text.casefold()
        self._dates: dict[DateFact, list[Span]] | None = None
        self._amounts: list[Amount] | None = None
        self._numbers: dict[int, list[Span]] | None = None
        self._digits: set[str] | None = None
        self._months: set[int] | None = None
        self._relative: bool | None = None

    @property
    def digits(self) -> set[str]:
        """The digit groups of the text (with and without thousands commas, leading zeros)."""
        if self._digits is None:
            groups = _DIGITS.findall(self.text)
            found = set(groups)
            for group in groups:
                if "," in group:
                    found.add(group.replace(",", ""))
                    found.update(group.split(","))
                if group[0] == "0":
                    found.add(group.lstrip("0"))
            self._digits = found
        return self._digits

    @property
    def months(self) -> set[int]:
        """The months named (a name may start a longer word, as `_MONTH_NAME` reads it)."""
        if self._months is None:
            self._months = _months_named(self.folded)
        return self._months

    @property
    def relative(self) -> bool:
        """Whether a relative day word (today, Monday ...) occurs."""
        if self._relative is None:
            # each of the words holds "day" but tomorrow: a string search spares the regex
            maybe = "day" in self.folded or "tomorrow" in self.folded
            self._relative = maybe and _RELATIVE_HINT.search(self.folded) is not None
        return self._relative

    @property
    def dates(self) -> dict[DateFact, list[Span]]:
        if self._dates is None:
            self._dates = {}
            _read_dates(self, self.published)
        return self._dates

    @property
    def amounts(self) -> list[Amount]:
        if self._amounts is None:
            self._amounts = []
            _read_amounts(self)
        return self._amounts

    @property
    def numbers(self) -> dict[int, list[Span]]:
        if self._numbers is None:
            self._numbers = {}
            for m in _QUANTITY.finditer(self.text):
                word = m.group(1).lower().replace(",", "")
                number = _WORD_NUMBERS[word] if word in _WORD_NUMBERS else int(word)
                self._numbers.setdefault(number, []).append(m.span())
        return self._numbers


_STEMS = [(name, month) for name, month in _MONTHS.items() if len(name) == 3]  # jan ... dec


def _months_named(folded: str) -> set[int]:
    """What `_MONTH_NAME` finds in a casefolded text, by string search where the text is
    ASCII (four times faster): every English name starts with its three-letter form, so a
    three-letter form at the start of a word is a match, and the month of any longer name
    matched there."""
    if not folded.isascii():
        return {_MONTHS[m] for m in _MONTH_NAME.findall(folded)}
    found = set()
    for stem, month in _STEMS:
        at = folded.find(stem)
        while at >= 0:
            if at == 0 or not (folded[at - 1].isalnum() or folded[at - 1] == "_"):
                found.add(month)
                break
            at = folded.find(stem, at + 1)
    return found


def read_quote(text: str, published: PartialDate | None = None) -> Quote:
    """The dates, amounts and numbers `text` states (read when first asked for); relative
    dates and dates without a year are resolved against `published` (the source's
    publication date)."""
    return Quote(text, published)


_TOKEN = re.compile(  # Devanagari words whole, with their vowel signs
    r"(\d+)(?:st|nd|rd|th)?|((?:[^\W\d_]|[\u0900-\u0963\u0970-\u097f])+)\.?|([-–/])"
)
_RANGE_WORDS = {"-", "–", "to", "and"}
Token = tuple[str, str, int, int]  # kind ("n" number, "w" word, "s" separator), text, start, end


def _tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    found: list[Token] = []
    for m in _TOKEN.finditer(text, start, len(text) if end is None else end):
        number, word, sep = m.groups()
        kind, value = ("n", number) if number else ("w", word.lower()) if word else ("s", sep)
        found.append((kind, value, m.start(), m.end()))
    return found


def _named_dates(text: str, year_of_source: int | None) -> list[tuple[DateFact, Span]]:
    """The dates written with a month's name: "28 September 2015", "Sept. 28, 2015",
    "5-18 September 2019", "September 5-18, 2019", "September 2015", and without a year
    (the source's). The words around each month's name are read (a name counts only next to
    a number)."""
    found: list[tuple[DateFact, Span]] = []
    windows: list[list[int]] = []
    for m in _MONTH_NAME_TEXT.finditer(text):
        a, b = max(0, m.start() - 24), min(len(text), m.end() + 24)
        if windows and a <= windows[-1][1]:
            windows[-1][1] = b
        else:
            windows.append([a, b])
    for a, b in windows:
        found += _dates_in(_tokens(text, a, b), year_of_source)
    return found


def _dates_in(tokens: list[Token], year_of_source: int | None) -> list[tuple[DateFact, Span]]:
    found: list[tuple[DateFact, Span]] = []

    def day(i: int) -> int | None:
        if 0 <= i < len(tokens) and tokens[i][0] == "n" and len(tokens[i][1]) <= 2:
            value = int(tokens[i][1])
            return value if 1 <= value <= 31 else None
        return None

    def year(i: int) -> int | None:
        if 0 <= i < len(tokens) and tokens[i][0] == "n" and len(tokens[i][1]) == 4:
            value = int(tokens[i][1])
            return value if 1900 <= value <= 2099 else None
        return None

    def ranged(i: int) -> bool:
        return 0 <= i < len(tokens) and tokens[i][1] in _RANGE_WORDS

    for i, (kind, value, _, _) in enumerate(tokens):
        month = _MONTHS.get(value) if kind == "w" else None
        if month is None:
            continue
        days: list[int] = []
        first = last = i
        before = i - 2 if i >= 2 and tokens[i - 1][1] == "of" else i - 1
        if day(before) is not None:  # 28 September, 5-18 September
            days.append(day(before) or 0)
            first = before
            if ranged(before - 1) and day(before - 2) is not None:
                days.append(day(before - 2) or 0)
                first = before - 2
            after = i + 1
        elif day(i + 1) is not None and year(i + 1) is None:  # September 28, September 5-18
            days.append(day(i + 1) or 0)
            last = after = i + 1
            if ranged(i + 2) and day(i + 3) is not None:
                days.append(day(i + 3) or 0)
                last = after = i + 3
            after += 1
        else:
            after = i + 1
        stated = year(after)
        if stated is not None:
            last = after
        elif not days:
            continue  # a month's name alone ("may", "in March") states nothing here
        y = stated if stated is not None else year_of_source
        if y is None:
            continue
        span = (tokens[first][2], tokens[last][3])
        stated_days: list[int | None] = [*days] or [None]
        for d in stated_days:
            if _valid(y, month, d):
                found.append(((y, month, d), span))
    return found


def _read_dates(quote: Quote, published: PartialDate | None) -> None:
    text, year_of_source = quote.text, published.year if published else None
    assert quote._dates is not None
    dates = quote._dates
    if quote.months:
        for fact, span in _named_dates(text, year_of_source):
            dates.setdefault(fact, []).append(span)
    for m in _YEAR_ONLY.finditer(text):
        dates.setdefault((int(m.group(1)), None, None), []).append(m.span())
    if _NUMERIC_HINT.search(text) is None:
        return _read_relative(quote, published)
    for regex, shape in _NUMERIC_DATES:
        for m in regex.finditer(text):
            parts = dict(zip(shape, m.groups(), strict=True))
            y = int(parts["y"]) if "y" in parts else 2000 + int(parts["z"])
            month, d = int(parts["n"]), int(parts["d"])
            if _valid(y, month, d):
                dates.setdefault((y, month, d), []).append(m.span())
    _read_relative(quote, published)


def _read_relative(quote: Quote, published: PartialDate | None) -> None:
    """Today, yesterday, tomorrow, (last, next, on) Monday: days of the publication's week."""
    if published is None or published.precision != "day" or not quote.relative:
        return
    text, dates = quote.text, quote.dates
    base = published.start
    for m in _RELATIVE.finditer(text):
        word, qualifier, weekday = (g.lower() if g else None for g in m.groups())
        if word == "today":
            found = base
        elif word == "yesterday":
            found = base - dt.timedelta(days=1)
        elif word == "tomorrow":
            found = base + dt.timedelta(days=1)
        else:
            assert weekday is not None
            back = (base.weekday() - _WEEKDAYS.index(weekday)) % 7
            if qualifier == "next":
                found = base + dt.timedelta(days=(7 - back) % 7 or 7)
            else:  # "on Monday", "Monday", "this Monday": the week up to the publication day
                found = base - dt.timedelta(days=back or (7 if qualifier == "last" else 0))
        dates.setdefault((found.year, found.month, found.day), []).append(m.span())


def _read_amounts(quote: Quote) -> None:
    text = quote.text
    assert quote._amounts is not None
    for regex, currency in _AMOUNT_RES:
        for m in regex.finditer(text):
            digits, unit = m.group(1), (m.group(2) or "").lower()
            if unit in ("m", "b", "k") and m.group(2) is None:
                unit = ""
            try:
                number = Decimal(digits.replace(",", ""))
            except InvalidOperation:
                continue
            scale = _SCALE.get(unit, 1)
            stated = number * scale
            if "." in digits:
                step = Decimal(1).scaleb(-len(digits.split(".")[1])) * scale
            else:
                whole = digits.replace(",", "")
                step = Decimal(10) ** (len(whole) - len(whole.rstrip("0"))) * scale
            hedged = _HEDGE_RE.search(text[max(0, m.start() - 20) : m.start()]) is not None
            slack = step / 2 if hedged else Decimal(0)
            quote._amounts.append(Amount(stated - slack, stated + slack, currency, m.span()))


def _valid(year: int, month: int | None, day: int | None) -> bool:
    if month is None:
        return day is None
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        return False
    return True


def _may_state_date(quote: Quote, date: PartialDate, digits: Container[str] | None = None) -> bool:
    """A cheap test: could the text state `date` at all? (its year, its day, its month's
    name, or a relative word; `digits`: what stands for `quote.digits`)"""
    digits = quote.digits if digits is None else digits
    year = str(date.year) in digits or str(date.year)[2:] in digits
    if date.month is None:  # the year, or a day given without one (the source's year)
        return year or quote.relative or bool(digits and quote.months)
    numeric = year and str(date.month) in digits  # 2015-09-28, 28.09.2015, 9/28/15
    if date.day is None:
        named = date.month in quote.months and (year or bool(digits))
        return named or numeric or quote.relative
    if str(date.day) not in digits:
        return quote.relative
    return numeric or date.month in quote.months or quote.relative


_FULL_MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip


@functools.cache
def _literal_forms(year: int, month: int, day: int) -> tuple[str, ...]:
    """The commonest ways to write a day, casefolded: a string search finds them."""
    name = _FULL_MONTHS[month - 1]
    return (f"{day} {name} {year}", f"{name} {day}, {year}", f"{day} {name}, {year}")


def states_date(quote: Quote, date: PartialDate, first: bool = False) -> list[Span]:
    """Where `quote` states `date` (a more precise mention states a partial date too).
    `first`: one place is enough (tried first with a plain string search)."""
    found: list[Span] = []
    if not _may_state_date(quote, date):
        return found
    if first and date.month is not None and date.day is not None:
        for form in _literal_forms(date.year, date.month, date.day):
            at = quote.folded.find(form)
            end = at + len(form)
            if (
                at >= 0
                and (at == 0 or not quote.folded[at - 1].isdigit())
                and (end == len(quote.folded) or not quote.folded[end].isdigit())
            ):
                return [(at, end)]
    for (year, month, day), spans in quote.dates.items():
        if year != date.year:
            continue
        if date.month is not None and month != date.month:
            continue
        if date.day is not None and day != date.day:
            continue
        found += spans
    return found


_CURRENCY_HINT = re.compile(r"\$|₹|rs\b|rs\.|inr|usd|dollar|rupee|crore", re.IGNORECASE)


def states_amount(quote: Quote, amount: int, currency: str) -> list[Span]:
    if _CURRENCY_HINT.search(quote.text) is None:
        return []
    value = Decimal(amount)
    return [a.where for a in quote.amounts if a.currency == currency and a.low <= value <= a.high]


_WORDS_OF = {n: [w for w, m in _WORD_NUMBERS.items() if m == n] for n in _WORD_NUMBERS.values()}


def _may_state_number(quote: Quote, number: int, digits: Container[str] | None = None) -> bool:
    words = _WORDS_OF.get(number, ())
    digits = quote.digits if digits is None else digits
    return str(number) in digits or any(w in quote.folded for w in words)


class _Within(Container[str]):
    """A looser, cheaper stand-in for `Quote.digits`: any string in the text once its commas
    are dropped. Each member of `Quote.digits` made of digits alone (what the tests ask for)
    is in here too, and it is never empty (true), so a test false with it is false with the
    real set."""

    def __init__(self, text: str) -> None:
        self.text = text.replace(",", "")

    def __contains__(self, item: object) -> bool:
        return isinstance(item, str) and item in self.text


def may_state(quote: Quote, check: str, value: Any) -> bool:
    """A cheap test: could `quote` state the claim at all (see `Claim` for `check` and
    `value`)? False for a text is false for every part of it, so one test over a record's
    quotes joined by newlines can spare reading each: it looks only for the digits, month
    names, relative day words, currency hints and first words of names the readers need.
    It is true wherever a form of `literal_needles` is found (each holds what it looks for),
    so the two may be tried in either order."""
    if check == "date":  # digits looked for by string search: no set of them is built
        return _may_state_date(quote, value, _Within(quote.text))
    if check == "amount":
        return _CURRENCY_HINT.search(quote.text) is not None
    if check == "number":
        return _may_state_number(quote, value, _Within(quote.text))
    if check == "names":
        return any(len(n) >= 3 and n.casefold().split()[0] in quote.folded for n in value)
    return True


def states_number(quote: Quote, number: int) -> list[Span]:
    if not _may_state_number(quote, number):
        return []
    return quote.numbers.get(number, [])


@functools.cache
def _name_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)")


def names(quote: Quote, *candidates: str) -> list[Span]:
    """Where `quote` names any of `candidates` (whole words, any case)."""
    found: list[Span] = []
    folded = quote.folded
    for name in candidates:
        words = name.casefold().split()
        if (
            len(name) < 3
            or words[0] not in folded
            or (len(words) == 1 and name.casefold() not in folded)
        ):
            continue
        phrase = " ".join(words)
        spans = list(whole(folded, phrase))
        if not spans and len(words) > 1:  # "Rajnath  Singh", "Lewis-McChord" ...
            spans = [m.span() for m in _name_pattern(tuple(words)).finditer(folded)]
        found += spans
    return found


def has_whole(text: str, needle: str, digits_only: bool = False) -> bool:
    """Whether `whole` finds `needle` at all (asked for every claim: the first find usually
    answers, without a generator)."""
    at = text.find(needle)
    if at < 0:
        return False
    if _alone(text, at, at + len(needle), digits_only):
        return True
    return next(whole(text, needle, digits_only, at + 1), None) is not None


def whole(text: str, needle: str, digits_only: bool = False, start: int = 0) -> Iterator[Span]:
    """Where `needle` occurs in `text` (from `start`) not inside a longer word (`digits_only`:
    not inside a longer number), by string search."""
    at = text.find(needle, start)
    while at >= 0:
        if _alone(text, at, at + len(needle), digits_only):
            yield at, at + len(needle)
        at = text.find(needle, at + 1)


def _alone(text: str, at: int, end: int, digits_only: bool) -> bool:
    """Whether text[at:end] is not part of a longer word (or number, with `digits_only`)."""
    inside = str.isdigit if digits_only else str.isalnum
    return (at == 0 or not inside(text[at - 1])) and (end == len(text) or not inside(text[end]))


@functools.lru_cache(maxsize=4096)  # the same dates and names recur across records
def literal_needles(check: str, value: object) -> tuple[tuple[str, bool], ...]:
    """What a plain string search may look for to find a claim stated the commonest way:
    a day written out ("28 september 2015"), a name; casefolded; with whether only digits
    bound it. Empty: the claim needs reading."""
    if check == "date" and isinstance(value, PartialDate):
        if value.day and value.month:
            return tuple(
                (form, True) for form in _literal_forms(value.year, value.month, value.day)
            )
        if value.month:
            return ((f"{_FULL_MONTHS[value.month - 1]} {value.year}", True),)
        return ((str(value.year), True),)
    if check == "names" and isinstance(value, tuple):
        return tuple((" ".join(n.casefold().split()), False) for n in value if len(n) >= 3)
    if check == "amount" and isinstance(value, tuple):
        amount, currency = value
        return tuple((form, True) for form in _amount_forms(amount, currency))
    if check == "number" and isinstance(value, int):
        forms = [f"{value:,}", str(value)] if value >= 1000 else [str(value)]
        return tuple((form, False) for form in forms)  # "22" in "22 Apache", not in "22nd"
    return ()


def _amount_forms(amount: int, currency: str) -> list[str]:
    """An amount written exactly, the commonest ways (casefolded): "$3 billion",
    "$737 million", "$48,440,000", "rs 19,800 crore", "₹7,995 crore"."""
    if currency == "USD":
        forms = [f"${amount:,}"]
        for size, word in ((10**9, "billion"), (10**6, "million")):
            if amount >= size and (amount * 1000) % size == 0:
                forms.append(f"${amount / size:g} {word}")
        return forms
    if currency == "INR" and amount % 10**5 == 0 and amount >= 10**7:
        crore = f"{amount / 10**7:,.10g}"
        return [f"rs {crore} crore", f"₹{crore} crore", f"rs. {crore} crore"]
    return []


GENERIC_PLACE_WORDS = {
    "air", "force", "station", "base", "naval", "navy", "army", "joint", "military", "range",
    "camp", "fort", "field", "area", "training", "centre", "center", "school", "port", "bay",
    "sea", "ocean", "island", "islands", "north", "south", "east", "west", "northern",
    "southern", "eastern", "western", "central", "the", "and", "of", "de", "command",
    "cantonment", "airfield", "aerodrome", "airport", "city", "district", "state", "gulf",
    "coast", "waters", "mountain", "region", "exercise", "nas", "afb", "raf", "ins", "usa",
}  # fmt: skip


@functools.lru_cache(maxsize=1024)  # a place recurs in many records
def place_names(place: str) -> tuple[str, ...]:
    """The ways a quote may name a place: in full, without its parentheses or its region
    after a comma, what the parentheses hold, and each distinctive word ("Kalaikunda" for
    "Air Force Station Kalaikunda, West Bengal")."""
    head = place.split(",")[0]
    inside = [
        i for i in re.findall(r"\(([^)]*)\)", head) if i.casefold() not in GENERIC_PLACE_WORDS
    ]
    bare = re.sub(r"\s*\([^)]*\)", "", head).strip()
    words = [
        w
        for w in re.findall(r"[^\W\d_][\w'’.-]*", bare + " " + " ".join(inside))
        if len(w) >= 4 and w.casefold().strip(".") not in GENERIC_PLACE_WORDS
    ]
    return tuple(dict.fromkeys([place, head, bare, *inside, *words]))
