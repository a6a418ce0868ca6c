"""One name per news outlet.

Pages name their outlet in several ways: a dateline abbreviation ("TTO -"), the site name of
the HTML head ("TUOI TRE ONLINE"), a credit ("Theo Tuổi Trẻ"), or only the web address
("tuoitre.vn"). A digest that lists "TTO" and "Tuổi Trẻ Online" as two outlets counts one
source twice, so :func:`canonical_outlet` gives every known spelling of a major Vietnamese
outlet the one name below. An outlet not listed keeps the name its page gives.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable

from diemtin.text.boilerplate import outlet_from_credit
from diemtin.text.language import strip_marks
from diemtin.text.names import looks_like_person
from diemtin.types import Article, web_site

#: The name shown for each outlet, then the other ways pages write it. Case, marks, spaces
#: and punctuation do not matter ("TUOI TRE ONLINE", "Tuổi trẻ online" and "tuoitre-online"
#: are one spelling), nor a leading "Báo"/"Tạp chí"/"Đài" or a trailing "Online"/"điện tử".
#: Outlets known by their initials keep them ("SGGP", "TTXVN"); an abbreviation that may
#: stand for more than one outlet ("ND", "TN") is not listed.
OUTLETS: dict[str, tuple[str, ...]] = {
    "VnExpress": ("VNE", "vnexpress.net", "VnExpress International"),
    "Tuổi Trẻ": ("TTO", "tuoitre.vn", "Tuổi Trẻ Online", "Tuổi Trẻ TP.HCM"),
    "Thanh Niên": ("TNO", "thanhnien.vn", "Thanh Niên Online"),
    "Dân trí": ("dantri.com.vn", "Dân trí Online"),
    "VietNamNet": ("vietnamnet.vn", "VNN"),
    "Znews": ("znews.vn", "Zing", "Zing.vn", "Zing News", "ZingNews", "zingnews.vn", "news.zing.vn"),
    "Lao Động": ("LĐO", "LĐ", "laodong.vn", "Lao Động Online"),
    "Tiền Phong": ("TPO", "tienphong.vn", "Tiền Phong Online"),
    "Người Lao Động": ("NLĐO", "NLĐ", "nld.com.vn", "Người Lao Động Online"),
    "SGGP": ("Sài Gòn Giải Phóng", "sggp.org.vn", "SGGPO", "Sài Gòn Giải Phóng Online"),
    "PLO": ("Pháp Luật TP.HCM", "Pháp Luật TPHCM", "plo.vn"),
    "TTXVN": ("Thông tấn xã Việt Nam", "VNA", "Vietnam News Agency"),
    "Vietnam+": ("VietnamPlus", "Vietnam Plus", "vietnamplus.vn"),
    "VOV": ("Tiếng nói Việt Nam", "vov.vn", "VOV.VN", "VOVVN"),
    "VTV": ("Truyền hình Việt Nam", "vtv.vn", "VTV News", "VTV.vn"),
    "VTC News": ("vtc.vn", "VTC"),
    "Nhân Dân": ("nhandan.vn", "Nhân Dân điện tử", "NDĐT", "NDO", "nhandan.com.vn", "nhandan.org.vn"),
    "QĐND": ("Quân đội nhân dân", "qdnd.vn"),
    "CAND": ("Công an nhân dân", "cand.com.vn"),
    "DNVN": ("Doanh nghiệp Việt Nam", "doanhnghiepvn.vn"),
    "Kênh 14": ("kenh14.vn", "Kenh14"),
    "24h": ("24h.com.vn", "Tin tức 24h"),
    "Soha": ("soha.vn",),
    "Giáo dục và Thời đại": ("GD&TĐ", "giaoducthoidai.vn"),
    "Tin Tức": ("baotintuc.vn", "Tin Tức TTXVN"),
    "An Ninh Thủ Đô": ("ANTĐ", "anninhthudo.vn"),
    "Hà Nội Mới": ("HNM", "hanoimoi.com.vn", "hanoimoi.vn"),
    "VOH": ("voh.com.vn", "Tiếng nói Nhân dân TP.HCM"),
    "Giao thông": ("baogiaothong.vn",),
    "Pháp luật Việt Nam": ("PLVN", "baophapluat.vn"),
    "Đời sống & Pháp luật": ("ĐS&PL", "doisongphapluat.com"),
    "Thể thao & Văn hóa": ("TT&VH", "thethaovanhoa.vn"),
    "Kinh tế & Đô thị": ("kinhtedothi.vn",),
    "Gia đình & Xã hội": ("giadinh.net.vn",),
    "Sức khỏe & Đời sống": ("suckhoedoisong.vn",),
    "Đại Đoàn Kết": ("daidoanket.vn",),
    "Công Thương": ("congthuong.vn",),
    "Đầu tư": ("baodautu.vn",),
    "CafeF": ("cafef.vn",),
    "Người Đưa Tin": ("nguoiduatin.vn",),
}

#: (matched before marks are removed, so that "Đại Đoàn Kết" keeps its "Đại")
_PREFIXES = ("báo điện tử ", "báo ", "tạp chí ", "đài ")
_SUFFIXES = (" online", " dien tu")


def _plain(name: str) -> str:
    """``name`` without marks or case, one space between words, "và" as "&"."""
    return strip_marks(" ".join(name.casefold().split())).replace(" va ", " & ")


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum() or ch in "+&")


def _fold(name: str) -> str:
    """``name`` without marks or case, "và" as "&", letters, digits, "+" and "&" only."""
    return _letters(_plain(name))


def _key(name: str) -> str:
    """``name`` folded (:func:`_fold`), without a leading "báo"/"tạp chí"/"đài" or a
    trailing "online"/"điện tử" word."""
    low = " ".join(name.casefold().split())
    for p in _PREFIXES:
        if low.startswith(p) and len(low) > len(p):
            low = low[len(p):]
            break
    low = _plain(low)
    for s in _SUFFIXES:
        if low.endswith(s) and len(low) > len(s):
            low = low[: -len(s)]
    return _letters(low)


_BY_KEY: dict[str, str] = {}
for _name, _others in OUTLETS.items():
    for _spelling in (_name, *_others):
        _BY_KEY.setdefault(_key(_spelling), _name)


@functools.lru_cache(maxsize=1024)
def known_outlet(name: str) -> str | None:
    """The name :data:`OUTLETS` gives the outlet ``name`` spells ("TUOI TRE ONLINE", "TTO"
    and "tuoitre.vn" are all "Tuổi Trẻ"), or None for an outlet not listed."""
    name = name.strip()
    host = name.casefold().removeprefix("www.")
    if "." not in host or " " in host:
        key = _key(name)
        return _BY_KEY.get(key) if len(key) > 1 else None
    labels = host.split(".")
    for k in range(len(labels) - 1):  # "m.tuoitre.vn", "euro2016.tuoitre.vn": the site
        found = _BY_KEY.get(_key(".".join(labels[k:])))
        if found:
            return found
    return None


#: Outlets whose name is also a section or a phrase of any news site ("Tin tức", "Giao
#: thông", "Sức khỏe & Đời sống"): on a line of a page's header, the name is a menu item or
#: the category, not the site's name (their addresses and abbreviations still name them).
_TOPIC_NAMES = frozenset(_fold(n) for n in (
    "Tin Tức", "Giao thông", "Đầu tư", "Công Thương", "Lao Động", "Pháp luật Việt Nam",
    "Đời sống & Pháp luật", "Thể thao & Văn hóa", "Kinh tế & Đô thị", "Gia đình & Xã hội",
    "Sức khỏe & Đời sống", "Giáo dục và Thời đại",
))


def outlet_in_header(line: str) -> str | None:
    """:func:`known_outlet` of a line alone in a page's header, unless the line is a section's
    name ("Giao thông", "Tin tức"; but "Báo Giao thông" and "Đầu tư Online" are the site's)."""
    return None if _fold(line) in _TOPIC_NAMES else known_outlet(line)


def outlet_key(name: str) -> str:
    """What two outlet names share when they name one outlet: "TTO" and "Tuổi Trẻ", or two
    spellings of an unlisted outlet that differ in case, marks or spaces ("Trí Thức Trẻ",
    "Trí thức trẻ")."""
    return _key(canonical_outlet(name)) or name.strip()


def canonical_outlet(name: str) -> str:
    """:func:`known_outlet` of ``name``, else ``name`` stripped."""
    return known_outlet(name) or name.strip()


def outlet_of(outlet: str | None, url: str | None) -> str | None:
    """The outlet an article names, by its one name; else a known outlet its address names
    ("https://tuoitre.vn/…" is "Tuổi Trẻ"); else None."""
    if outlet and outlet.strip():
        return canonical_outlet(outlet)
    site = web_site(url)
    return known_outlet(site) if site else None


def _first_spellings(names: Iterable[str]) -> dict[str, str]:
    """:func:`outlet_key` → the first of ``names`` with that key."""
    first: dict[str, str] = {}
    for name in names:
        first.setdefault(outlet_key(name), name)
    return first


def distinct_outlets(names: Iterable[str]) -> tuple[str, ...]:
    """``names`` by their one name, each outlet once, in order (:func:`outlet_key`)."""
    return tuple(_first_spellings(canonical_outlet(n) for n in names).values())


def unify_outlets(articles: Iterable[Article]) -> list[Article]:
    """``articles`` with one name per outlet: each known outlet's (:func:`outlet_of`, from the
    outlet field or else the address), and for an unlisted outlet the first spelling met
    ("Trí thức trẻ" becomes "Trí Thức Trẻ" when that came first). Articles built by hand or
    read from an old store thus count each outlet once in a digest."""
    arts = list(articles)
    names = [outlet_of(a.outlet, a.url) for a in arts]
    first = _first_spellings(n for n in names if n)
    out: list[Article] = []
    for art, name in zip(arts, names, strict=True):
        name = first[outlet_key(name)] if name else None
        out.append(art if name == art.outlet else dataclasses.replace(art, outlet=name))
    return out


#: News agencies and foreign outlets that Vietnamese pages credit ("Theo Reuters", "(Theo
#: AP, BBC)"), by the name shown: a source list names them as where a text came from.
AGENCIES: dict[str, str] = {_key(n): n for n in (
    "Reuters", "AP", "AFP", "BBC", "CNN", "Bloomberg", "Xinhua", "Tân Hoa Xã", "Kyodo",
    "Yonhap", "Sputnik", "RIA Novosti", "TASS", "DPA", "EFE", "NHK", "Al Jazeera", "RT",
    "The Guardian", "Guardian", "New York Times", "NYT", "Washington Post", "Daily Mail",
    "Mirror", "Telegraph", "Independent", "Financial Times", "Wall Street Journal", "WSJ",
    "Nikkei", "SCMP", "South China Morning Post", "Straits Times", "Channel NewsAsia",
    "CNA", "Forbes", "Time", "The Economist", "Sky News", "Fox News", "NBC", "CBS",
    "ABC News", "Le Monde", "Global Times", "China Daily", "Korea Herald", "Yomiuri",
    "Asahi", "Jakarta Post", "Bangkok Post", "RFI", "VOA", "Deutsche Welle", "DW",
)}


def credited_outlet(credit: str | None) -> str | None:
    """The outlet a credit line names (:func:`~diemtin.text.boilerplate.outlet_from_credit`),
    by its one name, without a writer named in it ("Nguyễn Chung/thanhnien" is "Thanh
    Niên"); several sources stay together ("TTXVN/Tin Tức": the agency and the paper)."""
    named = outlet_from_credit(credit) if credit else None
    if not named:
        return None
    parts = [p.strip() for p in named.split("/") if p.strip()]
    keep = [p for p in parts if not looks_like_person(p.split())]
    if keep and len(keep) < len(parts):
        named = "/".join(keep)
    return canonical_outlet(named)


def _source_part(part: str) -> str | None:
    """A known outlet's or an agency's name for one part of a credit, else None."""
    part = part.strip().removeprefix("Theo ").removeprefix("theo ").strip()
    return known_outlet(part) or AGENCIES.get(_key(part))


def reprinted_from(art: Article) -> str | None:
    """The outlets or agencies ``art``'s credit names as where its text came from, other
    than the outlet that published it: "VnExpress" for a Tiền Phong page signed "Theo
    VnExpress", "Reuters" for a VnExpress page signed "Thu Phương (Theo Reuters)", "AP,
    BBC" for "(Theo AP, BBC)". Only known outlets and agencies are named (a credit's other
    parts are often writers or desks); a photo's credit ("© REUTERS/…", "Ảnh: …") names
    no source of the text."""
    credit = (art.credit or "").strip()
    if not credit or credit.startswith("©") or credit.casefold().startswith("ảnh"):
        return None
    named = outlet_from_credit(credit)
    if not named:
        return None
    label = art.label
    mine = {outlet_key(label), *(outlet_key(p) for p in label.split("/") if p.strip())}
    found: dict[str, str] = {}
    for part in named.replace(",", "/").split("/"):
        name = _source_part(part)
        if name and outlet_key(name) not in mine:
            found.setdefault(outlet_key(name), name)
    return ", ".join(found.values()) or None


def source_name(art: Article) -> str:
    """Who published ``art`` (:attr:`Article.label`), and where its text came from when its
    credit names another outlet: "Tiền Phong (theo VnExpress)"."""
    via = reprinted_from(art)
    return f"{art.label} (theo {via})" if via else art.label
