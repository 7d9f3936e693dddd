"""Arabic as written in Iraq: "5 كانون الثاني 2027", day/month/year, a decimal point.

Django's ``ar`` formats write 12,5 for twelve and a half and 1.234 for a thousand and more:
with the Latin digits the site shows, Iraqi readers write 12.5 and 1,234 (ADR 0008).
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "g:i A"
DATETIME_FORMAT = "j F Y، g:i A"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
# The right-to-left marks keep the day first when the numbers sit in an Arabic sentence.
SHORT_DATE_FORMAT = "d\u200f/m\u200f/Y"
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y g:i A"
# Saturday, as the calendars printed in Iraq begin the week.
FIRST_DAY_OF_WEEK = 6
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
