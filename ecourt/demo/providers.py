"""A Faker provider for Vietnamese legal data: names in Vietnamese order with correct diacritics,
organisations, addresses from the real administrative units, subjects of dispute and offences.

Faker's own vi_VN locale puts the given name first ("Lan Phạm"); Vietnamese names are family name,
middle name, given name ("Phạm Thị Lan"), and that order matters for anonymization later (§4.3).
"""

from __future__ import annotations

import random
from functools import lru_cache

from faker.providers import BaseProvider

from ecourt.vietnamese import normalize

# Family names with their approximate share of the population (most common first).
FAMILY_NAMES = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 5.1), ("Huỳnh", 2), ("Phan", 4.5),
    ("Vũ", 3.9), ("Võ", 2), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3),
    ("Dương", 1), ("Lý", 0.5), ("Đinh", 0.6), ("Trịnh", 0.5), ("Đào", 0.5), ("Lương", 0.4), ("Mai", 0.4),
    ("Trương", 0.4), ("Cao", 0.3), ("Tô", 0.2), ("Lâm", 0.3), ("Hà", 0.3), ("Tạ", 0.2), ("Châu", 0.2),
]
MALE_MIDDLE = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Xuân", "Ngọc", "Hoàng", "Quốc", "Anh",
               "Tiến", "Trọng", "Đình", "Mạnh", "Thành"]
FEMALE_MIDDLE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Kim", "Phương", "Mỹ", "Bích",
                 "Thùy", "Lan", "Diệu", "Hoài"]
MALE_GIVEN = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hòa", "Hùng", "Huy", "Khánh", "Khoa",
              "Long", "Lộc", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Sơn", "Tài", "Thắng", "Thành",
              "Thịnh", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Hoàng", "Kiên", "Đông", "Tâm", "Lợi"]
FEMALE_GIVEN = ["Anh", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hòa", "Hồng",
                "Hương", "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung",
                "Oanh", "Phương", "Quyên", "Thảo", "Thủy", "Trang", "Tuyết", "Uyên", "Vân", "Yến", "Xuân"]
COMPANY_FORMS = ["Công ty TNHH", "Công ty cổ phần", "Công ty TNHH một thành viên", "Doanh nghiệp tư nhân",
                 "Hợp tác xã"]
COMPANY_WORDS = ["Hải Bình", "Minh Phát", "Thành Công", "Hưng Thịnh", "Phú Gia", "Đại Việt", "Sao Mai",
                 "An Khang", "Trường Sơn", "Hoàng Long", "Tân Tiến", "Việt Úc", "Nam Á", "Phương Đông",
                 "Kim Ngân", "Bảo Tín", "Đông Dương", "Hòa Phát Xanh", "Thái Bình Dương", "Ánh Dương"]
COMPANY_TRADES = ["Thương mại", "Xây dựng", "Đầu tư", "Vận tải", "Thực phẩm", "Dịch vụ", "Bất động sản",
                  "Sản xuất", "Xuất nhập khẩu", "Công nghệ"]
BANKS = ["Ngân hàng thương mại cổ phần Á Châu", "Ngân hàng thương mại cổ phần Ngoại thương Việt Nam",
         "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam", "Ngân hàng thương mại cổ phần Kỹ thương Việt Nam",
         "Ngân hàng thương mại cổ phần Sài Gòn Thương Tín"]

# Legal relations in dispute, as courts write them, by case type.
SUBJECTS = {
    "DS": ["Tranh chấp hợp đồng vay tài sản", "Tranh chấp quyền sử dụng đất", "Tranh chấp về thừa kế tài sản",
           "Tranh chấp hợp đồng chuyển nhượng quyền sử dụng đất", "Tranh chấp hợp đồng đặt cọc",
           "Yêu cầu bồi thường thiệt hại ngoài hợp đồng", "Tranh chấp hợp đồng thuê nhà",
           "Tranh chấp hợp đồng mua bán tài sản", "Tranh chấp về kiện đòi tài sản",
           "Tranh chấp hợp đồng góp họ", "Yêu cầu hủy giấy chứng nhận quyền sử dụng đất"],
    "HNGD": ["Ly hôn", "Ly hôn, tranh chấp về nuôi con", "Ly hôn, tranh chấp chia tài sản chung",
             "Tranh chấp về cấp dưỡng", "Tranh chấp về thay đổi người trực tiếp nuôi con sau khi ly hôn",
             "Chia tài sản chung sau khi ly hôn"],
    "KDTM": ["Tranh chấp hợp đồng tín dụng", "Tranh chấp hợp đồng mua bán hàng hóa",
             "Tranh chấp hợp đồng cung ứng dịch vụ", "Tranh chấp hợp đồng thuê tài sản",
             "Tranh chấp hợp đồng xây dựng", "Tranh chấp hợp đồng vận chuyển hàng hóa",
             "Tranh chấp hợp đồng bảo hiểm"],
    "LD": ["Tranh chấp về đơn phương chấm dứt hợp đồng lao động", "Tranh chấp về tiền lương",
           "Tranh chấp về bảo hiểm xã hội", "Tranh chấp về xử lý kỷ luật lao động theo hình thức sa thải",
           "Tranh chấp về bồi thường thiệt hại do tai nạn lao động"],
    "HC": ["Khiếu kiện quyết định hành chính trong lĩnh vực quản lý đất đai",
           "Khiếu kiện quyết định thu hồi đất và bồi thường, hỗ trợ, tái định cư",
           "Khiếu kiện quyết định xử phạt vi phạm hành chính",
           "Khiếu kiện hành vi hành chính trong việc cấp giấy chứng nhận quyền sử dụng đất",
           "Khiếu kiện quyết định buộc tháo dỡ công trình xây dựng"],
}
# Offences of the Criminal Code 2015 (100/2015/QH13) with their article and a typical category.
OFFENCES = [
    ("Trộm cắp tài sản", 173, "less_serious"),
    ("Lừa đảo chiếm đoạt tài sản", 174, "serious"),
    ("Cố ý gây thương tích hoặc gây tổn hại cho sức khỏe của người khác", 134, "less_serious"),
    ("Tàng trữ trái phép chất ma túy", 249, "serious"),
    ("Mua bán trái phép chất ma túy", 251, "very_serious"),
    ("Vi phạm quy định về tham gia giao thông đường bộ", 260, "less_serious"),
    ("Đánh bạc", 321, "less_serious"),
    ("Cướp tài sản", 168, "very_serious"),
    ("Lạm dụng tín nhiệm chiếm đoạt tài sản", 175, "serious"),
    ("Giết người", 123, "particularly_serious"),
    ("Cưỡng đoạt tài sản", 170, "serious"),
]


@lru_cache(maxsize=1)
def _wards() -> list[tuple[str, str]]:
    """(ward, province) pairs of the 34-province system, from the vietnamadminunits data."""
    from vietnamadminunits.database import get_data

    rows = get_data(fields=["ward", "province"], table="admin_units")
    return [(str(r["ward"]), str(r["province"])) for r in rows]


STREETS = ["Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hai Bà Trưng", "Lý Thường Kiệt", "Quang Trung",
           "Hùng Vương", "Nguyễn Huệ", "Phan Đình Phùng", "Lê Duẩn", "Điện Biên Phủ", "Bà Triệu", "Ngô Quyền"]


class VietnameseLegalProvider(BaseProvider):
    def vn_family_name(self) -> str:
        names, weights = zip(*FAMILY_NAMES, strict=True)
        return str(self.generator.random.choices(names, weights=weights)[0])

    def vn_person_name(self, gender: str | None = None) -> str:
        rnd: random.Random = self.generator.random
        gender = gender or rnd.choice("mf")
        middle = rnd.choice(MALE_MIDDLE if gender == "m" else FEMALE_MIDDLE)
        given = rnd.choice(MALE_GIVEN if gender == "m" else FEMALE_GIVEN)
        if rnd.random() < 0.15:  # a second middle name is common: "Nguyễn Thị Thu Hà"
            middle = f"{middle} {rnd.choice(MALE_MIDDLE if gender == 'm' else FEMALE_MIDDLE)}"
            if middle.split()[0] == middle.split()[1]:
                middle = middle.split()[0]
        return normalize(f"{self.vn_family_name()} {middle} {given}")

    def vn_company(self) -> str:
        rnd: random.Random = self.generator.random
        if rnd.random() < 0.1:
            return rnd.choice(BANKS)
        return normalize(f"{rnd.choice(COMPANY_FORMS)} {rnd.choice(COMPANY_TRADES)} {rnd.choice(COMPANY_WORDS)}")

    def vn_address(self) -> str:
        rnd: random.Random = self.generator.random
        ward, province = rnd.choice(_wards())
        return normalize(f"Số {rnd.randint(1, 250)} đường {rnd.choice(STREETS)}, {ward}, {province}")

    def vn_citizen_id(self, birth_year: int | None = None, gender: str = "m") -> str:
        """A 12-digit CCCD: province code, century-and-gender digit, year, six random digits."""
        rnd: random.Random = self.generator.random
        year = birth_year or rnd.randint(1950, 2004)
        century_gender = (0 if year < 2000 else 2) + (1 if gender == "f" else 0)
        province = rnd.choice(["001", "024", "031", "038", "040", "046", "048", "079", "092", "096"])
        return f"{province}{century_gender}{year % 100:02d}{rnd.randint(0, 999_999):06d}"

    def vn_subject(self, case_type: str) -> str:
        if case_type == "HS":
            return f"{self.vn_offence()[0]}"
        return str(self.generator.random.choice(SUBJECTS[case_type]))

    def vn_offence(self) -> tuple[str, int, str]:
        name, article, gravity = self.generator.random.choice(OFFENCES)
        return name, article, gravity
