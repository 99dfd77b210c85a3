"""Numbers as a listener hears them: input text -> what the narration says (US English)."""

from __future__ import annotations

import pytest

from publish.audio.numbers import reader_for

SPOKEN = [
    # emergency and phone numbers: digit by digit, in groups
    ("Call 911.", "Call nine one one."),
    ("Call 911 now.", "Call nine one one now."),
    ("In an emergency, dial 999.", "In an emergency, dial nine nine nine."),
    ("Call or text 988 for help.", "Call or text nine eight eight for help."),
    (
        "If it is an emergency, 911 is the number.",
        "If it is an emergency, nine one one is the number.",
    ),
    ("Call 555-0100.", "Call five five five, zero one zero zero."),
    ("Call (555) 010-0199 today.", "Call five five five, zero one zero, zero one nine nine today."),
    ("Call 1-800-555-0100.", "Call one, eight zero zero, five five five, zero one zero zero."),
    ("Phone 555.867.5309.", "Phone five five five, eight six seven, five three zero nine."),
    (
        "Ring +44 20 7946 0958.",
        "Ring plus four four, two zero, seven nine four six, zero nine five eight.",
    ),
    # doses with units and decimals
    ("Take 1 mg.", "Take one milligram."),
    ("Take 2 mg.", "Take two milligrams."),
    ("Take 2.5 mg twice a day.", "Take two point five milligrams twice a day."),
    ("Take 0.5 mL.", "Take zero point five milliliters."),
    ("Take 250 µg daily.", "Take two hundred fifty micrograms daily."),
    ("Give 5 mL by mouth.", "Give five milliliters by mouth."),
    ("The dose is 1.25 mg/kg.", "The dose is one point two five milligrams per kilogram."),
    ("The dose is 75 mg/m² a day.", "The dose is seventy-five milligrams per square meter a day."),
    ("Drink 8 oz of water.", "Drink eight ounces of water."),
    ("Give 1 tsp.", "Give one teaspoon."),
    ("Use 2 tbsp.", "Use two tablespoons."),
    ("Take 1000 IU of vitamin D.", "Take one thousand international units of vitamin D."),
    ("Your pressure was 120 mmHg.", "Your pressure was one hundred twenty millimeters of mercury."),
    ("Wait 30 min.", "Wait thirty minutes."),
    ("Rest for 1 hr.", "Rest for one hour."),
    ("It weighs 3 kg.", "It weighs three kilograms."),
    ("The drip runs at 50 mL/hr.", "The drip runs at fifty milliliters per hour."),
    # ranges
    ("It takes 2–8 weeks.", "It takes two to eight weeks."),
    ("It takes 2-8 weeks.", "It takes two to eight weeks."),
    ("Take 10–20 mg.", "Take ten to twenty milligrams."),
    ("Take 100-1000 mg.", "Take one hundred to one thousand milligrams."),
    ("About 5–10% of people get it.", "About five to ten percent of people get it."),
    ("Ages 18-65 can join.", "Ages eighteen to sixty-five can join."),
    # fractions
    ("Take ½ tablet.", "Take half a tablet."),
    ("Take 1 ½ tablets.", "Take one and a half tablets."),
    ("Take ¼ tsp.", "Take a quarter of a teaspoon."),
    ("Take 1/2 tablet.", "Take half a tablet."),
    ("Take 1½ tsp.", "Take one and a half teaspoons."),
    ("Fill it 3/4 full.", "Fill it three quarters full."),
    ("About ⅓ of people.", "About one third of people."),
    # times
    ("Come at 10 a.m.", "Come at ten A M."),
    ("Come at 10:30 a.m. sharp.", "Come at ten thirty A M sharp."),
    ("The clinic closes at 5 p.m.", "The clinic closes at five P M."),
    ("Take it at 9:05 AM.", "Take it at nine oh five A M."),
    ("Visits end at 14:30.", "Visits end at fourteen thirty."),
    ("We open at 8:00.", "We open at eight o'clock."),
    # dates
    ("Your visit is on 2025-03-04.", "Your visit is on March fourth, twenty twenty-five."),
    ("Your visit is on 3/4/2025.", "Your visit is on March fourth, twenty twenty-five."),
    ("Come on March 3, 2024.", "Come on March third, twenty twenty-four."),
    ("Come on March 3.", "Come on March third."),
    ("It starts 3 March 2024.", "It starts the third of March, twenty twenty-four."),
    ("It was approved in 2017.", "It was approved in twenty seventeen."),
    ("Since 1999, it has helped.", "Since nineteen ninety-nine, it has helped."),
    ("By 2005 it was common.", "By two thousand five it was common."),
    # percentages
    ("About 5% of people.", "About five percent of people."),
    ("It works for 2.5% of people.", "It works for two point five percent of people."),
    ("Up to 100% of cases.", "Up to one hundred percent of cases."),
    # ordinals
    ("This is your 1st dose.", "This is your first dose."),
    ("On the 22nd day, rest.", "On the twenty-second day, rest."),
    ("It is the 3rd visit.", "It is the third visit."),
    # versions
    ("Use version 2.1 of the app.", "Use version two point one of the app."),
    ("Update to v3.0.1.", "Update to version three point zero point one."),
    # money
    ("It costs $20.", "It costs twenty dollars."),
    ("It costs $2.50.", "It costs two dollars and fifty cents."),
    ("A copay of $1,200 applies.", "A copay of one thousand two hundred dollars applies."),
    # plain numbers
    ("Take 2 tablets.", "Take two tablets."),
    ("About 1,000 people joined.", "About one thousand people joined."),
    ("It has 12 steps.", "It has twelve steps."),
    ("Your level was 7.5.", "Your level was seven point five."),
    ("It fell to -5 degrees.", "It fell to minus five degrees."),
    (
        "Over 2,500,000 doses were given.",
        "Over two million five hundred thousand doses were given.",
    ),
    ("There were 101 cases.", "There were one hundred one cases."),
    ("Room 4B is on the left.", "Room 4B is on the left."),
    ("CAR-T uses T cells.", "CAR-T uses T cells."),
]


@pytest.mark.parametrize(("text", "spoken"), SPOKEN, ids=[t for t, _ in SPOKEN])
def test_numbers_are_read_as_a_listener_needs(text: str, spoken: str) -> None:
    reader = reader_for("en-US")
    assert reader is not None
    assert reader.read(text) == spoken


def test_the_table_is_long_enough() -> None:
    assert len(SPOKEN) >= 60


def test_british_english_keeps_and_and_reads_dates_day_first() -> None:
    reader = reader_for("en-GB")
    assert reader is not None
    assert reader.read("There were 101 cases.") == "There were one hundred and one cases."
    assert reader.read("Come on 3/4/2025.") == "Come on April third, twenty twenty-five."
