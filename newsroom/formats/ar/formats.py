"""Date and number formats for Arabic, which Django's own `ar` locale does not provide.

Month names come from Django's Arabic translation (يناير، فبراير…, the names used by most
Arab news sites). 24-hour times, as Iraqi and Gulf newsrooms print them.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "Y/m/d"
SHORT_DATETIME_FORMAT = "Y/m/d H:i"
FIRST_DAY_OF_WEEK = 6  # Saturday
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%Y/%m/%d %H:%M"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
