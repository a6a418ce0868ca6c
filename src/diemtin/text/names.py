"""Vietnamese personal names: the common family names, and whether text looks like a name."""

from __future__ import annotations

#: The common Vietnamese family names ("Văn" and "Ông", rare as family names, are left out:
#: they are a middle name and "Mr").
SURNAMES = frozenset({
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Cao", "Đinh", "Lâm", "Trịnh", "Mai", "Tô", "Hà", "Đào", "Lưu",
    "Chu", "Tạ", "Kiều", "Quách", "Triệu", "Đoàn", "Thái", "Lương", "Tăng", "Vương", "Trương",
    "Thân", "Lại", "La", "Đàm", "Tống", "Khúc", "Mạc", "Lục", "Âu", "Doãn", "Giang", "Hứa",
    "Kim", "Nghiêm", "Phí", "Phùng", "Quan", "Tôn", "Từ", "Vi", "Diệp", "Đồng",
})


def looks_like_person(words: tuple[str, ...] | list[str]) -> bool:
    """Whether capitalised ``words`` read as a Vietnamese personal name: two to five
    syllables, the first or the last a family name ("Trần Văn Lợi", "Linh Nguyễn")."""
    return 2 <= len(words) <= 5 and (words[0] in SURNAMES or words[-1] in SURNAMES)
