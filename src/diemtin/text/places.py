"""Vietnam's provinces and centrally run cities (the 63 of 2008–2025), for telling places
apart in citations."""

from __future__ import annotations

import functools
import re

from diemtin.text.language import strip_marks

#: Their names as news writes them; the provinces merged in 2025 keep their names in text.
PROVINCES = (
    "Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "An Giang", "Bà Rịa Vũng Tàu",
    "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre", "Bình Định", "Bình Dương",
    "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Đắk Lắk", "Đắk Nông", "Điện Biên",
    "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Tĩnh", "Hải Dương",
    "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu",
    "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình",
    "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh",
    "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa",
    "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc",
    "Yên Bái",
)


def base(word: str) -> str:
    """``word`` without marks, lower case ("Đắk" -> "dak")."""
    return strip_marks(word).casefold()


#: Spellings in use besides the official one, without marks ("Đác Lắc", "Daklak").
_VARIANTS = {"dac lac": "dak lak", "daklak": "dak lak", "dak lac": "dak lak", "dac nong": "dak nong",
             "daknong": "dak nong", "tp hcm": "ho chi minh", "hcm": "ho chi minh",
             "tphcm": "ho chi minh", "sai gon": "ho chi minh", "hue": "thua thien hue",
             "tt hue": "thua thien hue", "ba ria": "ba ria vung tau", "vung tau": "ba ria vung tau",
             "kontum": "kon tum"}
_BY_BASE = {" ".join(base(w) for w in p.split()): p for p in PROVINCES}
_BY_BASE.update({k: _BY_BASE[v] for k, v in _VARIANTS.items()})
_LONGEST = max(len(k.split()) for k in _BY_BASE)
_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=4096)
def provinces_in(text: str) -> frozenset[str]:
    """The provinces ``text`` names: runs of capitalised words (or an acronym such as
    "TP.HCM") that spell one, in any of its usual spellings, and start a name or follow an
    acronym ("UBND Quảng Nam"); "hòa bình" in lower case is peace, "Nguyễn Long An" a
    person, "báo Hòa Bình" a newspaper."""
    spans = list(_WORD.finditer(text))
    words = [m.group() for m in spans]
    found = set()
    k = 0
    while k < len(words):
        joined = k > 0 and not text[spans[k - 1].end():spans[k].start()].strip()
        before = words[k - 1] if joined else ""
        if (not words[k][:1].isupper() or (before[:1].isupper() and not before.isupper())
                or before.lower() in _NOT_A_PLACE_AFTER):
            k += 1  # (a run inside a longer name is a person's: "Nguyễn Long An")
            continue
        for n in range(min(_LONGEST, len(words) - k), 0, -1):
            run = words[k:k + n]
            if not all(w[:1].isupper() for w in run):
                continue
            name = _BY_BASE.get(" ".join(base(w) for w in run))
            if name:
                found.add(name)
                k += n - 1
                break
        k += 1
    return frozenset(found)


#: Words before a name that make it a publication's: "báo Hòa Bình", "đài Hà Nội".
_NOT_A_PLACE_AFTER = frozenset({"báo", "đài", "chí"})
