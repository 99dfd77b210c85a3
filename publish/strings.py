"""The few words publish itself adds to a page, by language. English is the fallback."""

from __future__ import annotations

import datetime as dt

STRINGS = {
    "en": {
        "skip": "Skip to main content",
        "contents": "Contents",
        "notes": "Notes",
        "note": "Note",
        "back_to_text": "Back to text for note",
        "glossary": "Glossary",
        "table": "Table",
        "made_with": "Made with",
        "listen": "Listen to this page",
        "captions": "Captions",
        "chapters": "Chapters",
        "readalong": "Read-along controls",
        "previous_sentence": "Previous sentence",
        "next_sentence": "Next sentence",
        "play": "Play",
        "pause": "Pause",
        "speed": "Speed",
        "player_help": "While these controls have focus: K plays or pauses, the left and right "
        "arrows go to the previous or next sentence. Select a sentence to hear it from there.",
        "download_audio": "Download the narration",
        "download_captions": "Download the captions",
        "download_epub": "E-book (EPUB)",
        "download_pdf": "Print handout (PDF)",
        "download_large_print": "Large-print handout (PDF)",
        "page": "Page",
        "pages": "Pages",
        "cover": "Cover",
        "landmarks": "Landmarks",
        "of": "of",
        "online_edition": "Read or listen online",
        "qr_alt": "QR code linking to",
        "image": "Image",  # announces a figure's alt text in the narration
    },
}
MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def strings_for(language: str) -> dict[str, str]:
    return STRINGS.get(language.split("-")[0].lower(), STRINGS["en"])


def long_date(date: dt.date, language: str) -> str:
    """A date written out in words, so no reader has to guess 03/04 order."""
    months = MONTHS.get(language.split("-")[0].lower(), MONTHS["en"])
    if language == "en-US":
        return f"{months[date.month - 1]} {date.day}, {date.year}"
    return f"{date.day} {months[date.month - 1]} {date.year}"
