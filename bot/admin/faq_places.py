"""The place a FAQ entry is limited to, as staff write it: names, not keys.

The form's ``province_key`` and ``unit_key`` fields show the province's and the unit's
names ("Thành phố Hà Nội", "Phường Ba Đình") and take what staff type -- a name as
public lists write it ("Hà Nội", "TP.HCM", "phường Tân Định") or a key -- and hand the
schema the keys of the 34-province map. A name the map does not know is refused,
and the form says so next to its field (``FaqKind.check`` refuses unknown keys
whatever their way in).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from knowledge.editing.errors import editing_message
from knowledge.places.admin_map import AdminMap, get_admin_map

PLACE_FIELDS = ("province_key", "unit_key")


async def _map() -> AdminMap:
    return await asyncio.to_thread(get_admin_map)  # loaded once per process


async def place_names(values: Mapping[str, str]) -> dict[str, str]:
    """The form's values with the keys of its place shown as names."""
    province_key, unit_key = values.get("province_key", ""), values.get("unit_key", "")
    if not province_key:
        return dict(values)
    admin_map = await _map()
    province = admin_map.province(province_key)
    unit = admin_map.unit(province_key, unit_key) if province and unit_key else None
    return {
        **values,
        "province_key": province.name if province else province_key,
        "unit_key": unit.name if unit else unit_key,
    }


async def place_keys(values: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The posted values with the place's names read as keys, and a Vietnamese error
    for a field naming a place the map does not know."""
    typed = {field: " ".join(str(values.get(field, "") or "").split()) for field in PLACE_FIELDS}
    if not typed["province_key"]:
        return {**values, **typed}, {}
    admin_map = await _map()
    province = admin_map.province(typed["province_key"]) or admin_map.find_province(
        typed["province_key"]
    )
    if province is None:
        return {**values, **typed}, {"province_key": editing_message("unknown_province")}
    unit_text = typed["unit_key"]
    unit = None
    if unit_text:
        unit = admin_map.unit(province.key, unit_text) or admin_map.find_new_unit(
            province.name, unit_text
        )
        if unit is None:
            return {**values, **typed}, {"unit_key": editing_message("unknown_unit")}
    keyed = {"province_key": province.key, "unit_key": unit.key if unit else ""}
    return {**values, **keyed}, {}
