"""File formats in and out: CSV, vCard, iCalendar and the complete database dump."""
