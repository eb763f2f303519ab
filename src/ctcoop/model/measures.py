"""The closed vocabulary of cooperation and obligation types.

Each measure is defined once here and mapped to the pillars of the UN Global Counter-Terrorism
Strategy (A/RES/60/288) and to the strands of the EU Counter-Terrorism Strategy (2005).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Pillar(StrEnum):
    """The four pillars of the UN Global Counter-Terrorism Strategy (A/RES/60/288, annex)."""

    CONDITIONS = "I"
    PREVENT_COMBAT = "II"
    CAPACITY = "III"
    HUMAN_RIGHTS = "IV"


PILLAR_TITLES: dict[Pillar, str] = {
    Pillar.CONDITIONS: "Measures to address the conditions conducive to the spread of terrorism",
    Pillar.PREVENT_COMBAT: "Measures to prevent and combat terrorism",
    Pillar.CAPACITY: "Measures to build States' capacity to prevent and combat terrorism and to "
    "strengthen the role of the United Nations system in this regard",
    Pillar.HUMAN_RIGHTS: "Measures to ensure respect for human rights for all and the rule of law "
    "as the fundamental basis of the fight against terrorism",
}


class Strand(StrEnum):
    """The four strands of the EU Counter-Terrorism Strategy (Council doc. 14469/4/05 REV 4)."""

    PREVENT = "prevent"
    PROTECT = "protect"
    PURSUE = "pursue"
    RESPOND = "respond"


class Measure(StrEnum):
    CRIMINALIZATION = "criminalization"
    TERRORIST_FINANCING = "terrorist_financing"
    ASSET_FREEZING = "asset_freezing"
    TRAVEL_BAN = "travel_ban"
    ARMS_EMBARGO = "arms_embargo"
    SAFE_HAVEN_DENIAL = "safe_haven_denial"
    EXTRADITION = "extradition"
    PROSECUTE_OR_EXTRADITE = "prosecute_or_extradite"
    MUTUAL_LEGAL_ASSISTANCE = "mutual_legal_assistance"
    INFORMATION_EXCHANGE = "information_exchange"
    BORDER_CONTROL = "border_control"
    TRANSPORT_SECURITY = "transport_security"
    WMD_SECURITY = "wmd_security"
    JOINT_OPERATIONS = "joint_operations"
    JOINT_EXERCISES = "joint_exercises"
    CAPACITY_BUILDING = "capacity_building"
    PREVENTION = "prevention"
    ONLINE_CONTENT = "online_content"
    VICTIMS_SUPPORT = "victims_support"
    HUMAN_RIGHTS_SAFEGUARDS = "human_rights_safeguards"
    MONITORING_REPORTING = "monitoring_reporting"
    MUTUAL_RECOGNITION = "mutual_recognition"
    DATA_TRANSFER = "data_transfer"
    JURISDICTION = "jurisdiction"


@dataclass(frozen=True)
class MeasureInfo:
    measure: Measure
    definition: str
    pillars: tuple[Pillar, ...]
    strands: tuple[Strand, ...]


def _info(m: Measure, definition: str, pillars: str, strands: str) -> MeasureInfo:
    return MeasureInfo(
        m,
        definition,
        tuple(Pillar(p) for p in pillars.split()),
        tuple(Strand(s) for s in strands.split()),
    )


_P = Measure
MEASURES: dict[Measure, MeasureInfo] = {
    i.measure: i
    for i in (
        _info(
            _P.CRIMINALIZATION,
            "Making terrorist acts offences under domestic law, with "
            "penalties that reflect their gravity.",
            "II",
            "pursue",
        ),
        _info(
            _P.TERRORIST_FINANCING,
            "Preventing and suppressing the provision or collection of "
            "funds for terrorist acts or terrorists.",
            "II",
            "pursue prevent",
        ),
        _info(
            _P.ASSET_FREEZING,
            "Freezing without delay the funds and economic resources of "
            "designated persons and entities, and prohibiting making funds available to them.",
            "II",
            "pursue",
        ),
        _info(
            _P.TRAVEL_BAN,
            "Preventing the entry into or transit through a territory of designated individuals.",
            "II",
            "protect pursue",
        ),
        _info(
            _P.ARMS_EMBARGO,
            "Preventing the supply, sale or transfer of arms and related "
            "materiel to designated persons and groups.",
            "II",
            "pursue",
        ),
        _info(
            _P.SAFE_HAVEN_DENIAL,
            "Denying safe haven to those who finance, plan, support or commit terrorist acts.",
            "II",
            "pursue",
        ),
        _info(
            _P.EXTRADITION,
            "Surrendering a person to another state for prosecution or "
            "punishment of a terrorist offence.",
            "II",
            "pursue",
        ),
        _info(
            _P.PROSECUTE_OR_EXTRADITE,
            "The duty to submit a case for prosecution when not "
            "extraditing the alleged offender (aut dedere aut judicare).",
            "II IV",
            "pursue",
        ),
        _info(
            _P.MUTUAL_LEGAL_ASSISTANCE,
            "Assistance between judicial authorities in "
            "investigations, prosecutions and proceedings: evidence, records, witnesses.",
            "II",
            "pursue",
        ),
        _info(
            _P.INFORMATION_EXCHANGE,
            "Exchanging operational information and intelligence between authorities and agencies.",
            "II III",
            "pursue protect",
        ),
        _info(
            _P.BORDER_CONTROL,
            "Effective border controls and control of identity and travel "
            "documents to prevent movement of terrorists.",
            "II",
            "protect",
        ),
        _info(
            _P.TRANSPORT_SECURITY,
            "Security of civil aviation, maritime navigation, fixed platforms, cargo and the post.",
            "II",
            "protect",
        ),
        _info(
            _P.WMD_SECURITY,
            "Preventing non-state actors from acquiring nuclear, chemical, "
            "biological or radiological weapons and materials.",
            "II",
            "protect",
        ),
        _info(
            _P.JOINT_OPERATIONS,
            "Joint investigations, task forces, patrols and operations of two or more states.",
            "II",
            "pursue respond",
        ),
        _info(
            _P.JOINT_EXERCISES,
            "Joint counter-terrorism exercises of armed or security forces.",
            "II III",
            "respond",
        ),
        _info(
            _P.CAPACITY_BUILDING,
            "Technical assistance, training and equipment to build "
            "states' capacity to counter terrorism.",
            "III",
            "prevent protect pursue respond",
        ),
        _info(
            _P.PREVENTION,
            "Addressing conditions conducive to terrorism, radicalisation and "
            "violent extremism; incitement.",
            "I",
            "prevent",
        ),
        _info(
            _P.ONLINE_CONTENT,
            "Countering terrorist use of the internet and terrorist content online.",
            "I II",
            "prevent",
        ),
        _info(
            _P.VICTIMS_SUPPORT,
            "Support, protection and assistance for victims of terrorism.",
            "I IV",
            "respond",
        ),
        _info(
            _P.HUMAN_RIGHTS_SAFEGUARDS,
            "Respect for human rights, refugee law and humanitarian "
            "law in counter-terrorism; due process for listed persons.",
            "IV",
            "prevent pursue",
        ),
        _info(
            _P.MONITORING_REPORTING,
            "Reporting on implementation and monitoring by a committee or peer review.",
            "III",
            "pursue",
        ),
        _info(
            _P.MUTUAL_RECOGNITION,
            "Recognising another state's judicial decisions or security "
            "regime as equivalent to one's own.",
            "II",
            "pursue protect",
        ),
        _info(
            _P.DATA_TRANSFER,
            "Transfer of personal data (passenger records, financial "
            "messages) to another party under agreed safeguards.",
            "II IV",
            "protect pursue",
        ),
        _info(
            _P.JURISDICTION,
            "Establishing jurisdiction over the offences (territory, nationality, flag, victims).",
            "II",
            "pursue",
        ),
    )
}


def parse_measure(text: str) -> Measure:
    """Read a measure name; raises ValueError listing the vocabulary on a bad one."""
    try:
        return Measure(text.strip().lower().replace("-", "_"))
    except ValueError:
        names = ", ".join(m.value for m in Measure)
        raise ValueError(f"{text!r} is not a measure; use one of: {names}") from None
