"""The named actors the actor suggester knows: edit this list, nothing else.

Each entry: the name coders use, its ACLED actor kind, the spellings news
copy uses for it, and a note where the kind depends on where or when (ACLED
codes a state's forces abroad as External/Other forces; the Taliban became
Afghanistan's state forces in August 2021). Spellings in capitals
("IS", "SDF") match only in capitals; other words match in any case, with a
space or hyphen between words and any apostrophe.
"""

from __future__ import annotations

STATE = "State forces"
REBEL = "Rebel group"
POLITICAL_MILITIA = "Political militia"
IDENTITY_MILITIA = "Identity militia"
EXTERNAL = "External/Other forces"

ABROAD = "External/Other forces when operating outside its own country"

# (name, kind, spellings, note)
ACTORS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("Islamic State (IS)", REBEL, (
        "Islamic State", "ISIS", "ISIL", "IS", "Daesh", "Daish",
        "Islamic State of Iraq and Syria", "Islamic State of Iraq and the Levant"), ""),
    ("Islamic State West Africa Province (ISWAP)", REBEL, (
        "ISWAP", "Islamic State West Africa Province"), ""),
    ("al-Qaeda", REBEL, ("al-Qaeda", "al-Qaida", "al-Qa'ida", "Qaeda"), ""),
    ("al-Qaeda in the Arabian Peninsula (AQAP)", REBEL, (
        "AQAP", "al-Qaeda in the Arabian Peninsula"), ""),
    ("Hayat Tahrir al-Sham (HTS)", REBEL, (
        "HTS", "Hayat Tahrir al-Sham", "Hay'at Tahrir al-Sham", "Tahrir al-Sham"), ""),
    ("al-Nusra Front", REBEL, ("al-Nusra Front", "Nusra Front", "Jabhat al-Nusra"), ""),
    ("Hurras al-Din", REBEL, (
        "Hurras al-Din", "Hurras ad-Din", "Guardians of Religion Organization",
        "Guardians of Religion"), ""),
    ("Syrian Democratic Forces (SDF)", REBEL, ("SDF", "Syrian Democratic Forces"), ""),
    ("People's Protection Units (YPG)", REBEL, ("YPG", "People's Protection Units"), ""),
    ("Kurdistan Workers' Party (PKK)", REBEL, ("PKK", "Kurdistan Workers' Party"), ""),
    ("Wagner Group", EXTERNAL, ("Wagner Group", "Wagner", "Wagner mercenaries"), ""),
    ("Taliban", REBEL, ("Taliban",), "State forces of Afghanistan from August 2021"),
    ("al-Shabaab", REBEL, ("al-Shabaab", "al-Shabab", "Shabaab"), ""),
    ("Boko Haram", REBEL, ("Boko Haram", "JAS"), ""),
    ("Hamas", REBEL, ("Hamas", "Qassam Brigades", "Izz ad-Din al-Qassam Brigades"),
     "check ACLED's current coding for the movement and its armed wing"),
    ("Hezbollah", POLITICAL_MILITIA, ("Hezbollah", "Hizbollah", "Hizballah"),
     "External/Other forces in Syria; check ACLED's coding by context"),
    ("Houthis (Ansar Allah)", REBEL, ("Houthis", "Houthi", "Houthi forces", "Ansar Allah", "Ansarallah"), ""),
    ("US forces", EXTERNAL, (
        "US forces", "U.S. forces", "USA forces", "American forces", "US troops", "U.S. troops",
        "American troops", "US special forces", "American special forces",
        "US special operations troops", "US Special Operations forces", "US military", "U.S. military",
        "USA military", "US army", "US soldiers", "American soldiers", "US Marines",
        "US Central Command", "CENTCOM"), ABROAD),
    ("Coalition forces", EXTERNAL, (
        "coalition forces", "International Coalition", "International Coalition Forces",
        "US-led coalition", "U.S.-led coalition", "USA-led coalition", "Global Coalition",
        "Operation Inherent Resolve", "coalition soldiers", "coalition helicopters"), ""),
    ("Russian forces", EXTERNAL, (
        "Russian forces", "Russian troops", "Russian military", "Russian army",
        "Russian contractors"), ABROAD),
    ("Syrian government forces", STATE, (
        "Syrian government forces", "Syrian army", "Syrian Arab Army", "SAA", "regime forces",
        "Syrian regime forces", "government forces", "government-backed troops"),
     "'government forces' alone: check which government"),
    ("Pro-government forces", POLITICAL_MILITIA, (
        "pro-government forces", "pro-government fighters", "pro-government militias",
        "pro-government militia", "pro-regime forces", "pro-regime militants", "pro-regime troops",
        "pro-regime fighters", "National Defence Forces", "National Defense Forces", "NDF",
        "pro-government faction", "pro-government unit"), ""),
    ("Turkish forces", EXTERNAL, (
        "Turkish forces", "Turkish army", "Turkish military", "Turkish troops",
        "Turkish Armed Forces", "Turkish Intelligence"), ABROAD),
    ("Syrian National Army (Turkish-backed factions)", REBEL, (
        "Syrian National Army", "SNA", "Turkish-backed factions", "Turkish-backed faction",
        "Free Syrian Army", "FSA"), ""),
    ("Ahrar al-Sharqiyyah", REBEL, ("Ahrar al-Sharqiyyah", "Ahrar al-Sharqiya"), ""),
    ("Iranian forces", EXTERNAL, (
        "Iranian forces", "IRGC", "Islamic Revolutionary Guard Corps", "Quds Force"), ABROAD),
    ("Israeli forces", STATE, (
        "Israeli forces", "IDF", "Israel Defense Forces", "Israeli army", "Israeli military"),
     "check ACLED's coding by territory"),
    ("Ukrainian forces", STATE, ("Ukrainian forces", "Ukrainian army", "Ukrainian military"), ""),
    ("Iraqi security forces", STATE, ("Iraqi security forces", "Iraqi forces", "Iraqi army"), ""),
    ("Unidentified armed group", POLITICAL_MILITIA, (
        "unidentified gunmen", "unknown gunmen", "armed men", "gunmen"),
     "ACLED codes unidentified armed groups as political militias"),
    ("Security forces", STATE, ("security forces", "police forces"), "check which state"),
)
