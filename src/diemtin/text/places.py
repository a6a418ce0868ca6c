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


#: A line of a province's name and little else: "QUẢNG NAM", "Thừa Thiên - Huế", "TP.HCM:".
_HEADING_SHAPE = re.compile(r"[\w .\-–:]+")
#: Words that may come before the name in such a line ("TỈNH QUẢNG NAM", "TP HỒ CHÍ MINH").
_HEADING_KINDS = ("tinh", "tp", "thanh pho")


def is_place_heading(text: str) -> bool:
    """Whether the line only names a province or centrally run city, in capitals or title
    case ("QUẢNG NAM", "Thừa Thiên - Huế", "TP.HCM", "TỈNH ĐẮK LẮK"): the subheading of a
    roundup's section, not a reporter's byline."""
    text = text.strip()
    if not text or len(text) > 40 or not _HEADING_SHAPE.fullmatch(text):
        return False
    words = _WORD.findall(text)
    if not words or not all(w[:1].isupper() for w in words):
        return False
    key = " ".join(base(w) for w in words)
    for kind in _HEADING_KINDS:
        if key.startswith(kind + " ") and key[len(kind) + 1:] in _BY_BASE:
            return True
    return key in _BY_BASE


#: Words before a name that make it a publication's: "báo Hòa Bình", "đài Hà Nội".
_NOT_A_PLACE_AFTER = frozenset({"báo", "đài", "chí"})
