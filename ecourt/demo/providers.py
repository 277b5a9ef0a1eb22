"""A Faker provider for Vietnamese legal data: names in Vietnamese order with correct diacritics,
organisations, addresses from the real administrative units, subjects of dispute and offences, and
the wording courts use for grounds, notices and decisions.

Faker's own vi_VN locale puts the given name first ("Lan Phạm"); Vietnamese names are family name,
middle name, given name ("Phạm Thị Lan"), and that order matters for anonymization later (§4.3).

Every generator is also a plain function of a ``random.Random`` (``person_name(rng)`` …), so the demo
generator can draw millions of values from its own seeded generators without Faker's overhead; the
provider methods call the same functions with Faker's generator. Everything returned is NFC text
with the classic tone placement (``ecourt.vietnamese.normalize``).
"""

from __future__ import annotations

import bisect
import itertools
import random
from functools import lru_cache

from faker.providers import BaseProvider

from ecourt.vietnamese import fold, normalize

# Family names with their approximate share of the population (most common first).
FAMILY_NAMES = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 5.1), ("Huỳnh", 2), ("Phan", 4.5),
    ("Vũ", 3.9), ("Võ", 2), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3),
    ("Dương", 1), ("Lý", 0.5), ("Đinh", 0.6), ("Trịnh", 0.5), ("Đào", 0.5), ("Lương", 0.4), ("Mai", 0.4),
    ("Trương", 0.4), ("Cao", 0.3), ("Tô", 0.2), ("Lâm", 0.3), ("Hà", 0.3), ("Tạ", 0.2), ("Châu", 0.2),
]  # fmt: skip
MALE_MIDDLE = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Xuân", "Ngọc", "Hoàng", "Quốc", "Anh",
               "Tiến", "Trọng", "Đình", "Mạnh", "Thành"]  # fmt: skip
FEMALE_MIDDLE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Kim", "Phương", "Mỹ", "Bích",
                 "Thùy", "Lan", "Diệu", "Hoài"]  # fmt: skip
MALE_GIVEN = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hòa", "Hùng", "Huy", "Khánh", "Khoa",
              "Long", "Lộc", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Sơn", "Tài", "Thắng", "Thành",
              "Thịnh", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Hoàng", "Kiên", "Đông", "Tâm",
              "Lợi"]  # fmt: skip
FEMALE_GIVEN = ["Anh", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hòa", "Hồng",
                "Hương", "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung",
                "Oanh", "Phương", "Quyên", "Thảo", "Thủy", "Trang", "Tuyết", "Uyên", "Vân", "Yến", "Xuân"]  # fmt: skip
COMPANY_FORMS = ["Công ty TNHH", "Công ty cổ phần", "Công ty TNHH một thành viên", "Doanh nghiệp tư nhân",
                 "Hợp tác xã"]  # fmt: skip
COMPANY_WORDS = ["Hải Bình", "Minh Phát", "Thành Công", "Hưng Thịnh", "Phú Gia", "Đại Việt", "Sao Mai",
                 "An Khang", "Trường Sơn", "Hoàng Long", "Tân Tiến", "Việt Úc", "Nam Á", "Phương Đông",
                 "Kim Ngân", "Bảo Tín", "Đông Dương", "Hòa Phát Xanh", "Thái Bình Dương", "Ánh Dương"]  # fmt: skip
COMPANY_TRADES = ["Thương mại", "Xây dựng", "Đầu tư", "Vận tải", "Thực phẩm", "Dịch vụ", "Bất động sản",
                  "Sản xuất", "Xuất nhập khẩu", "Công nghệ"]  # fmt: skip
BANKS = ["Ngân hàng thương mại cổ phần Á Châu", "Ngân hàng thương mại cổ phần Ngoại thương Việt Nam",
         "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam", "Ngân hàng thương mại cổ phần Kỹ thương Việt Nam",
         "Ngân hàng thương mại cổ phần Sài Gòn Thương Tín"]  # fmt: skip

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
}  # fmt: skip
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
# How often each offence comes to a first-instance court (theft and drugs dominate the dockets).
OFFENCE_WEIGHTS = [24, 10, 12, 14, 6, 8, 12, 3, 5, 1, 5]

STREETS = ["Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hai Bà Trưng", "Lý Thường Kiệt", "Quang Trung",
           "Hùng Vương", "Nguyễn Huệ", "Phan Đình Phùng", "Lê Duẩn", "Điện Biên Phủ", "Bà Triệu",
           "Ngô Quyền"]  # fmt: skip
# Province codes of the citizen identity number (Decree 137/2015/NĐ-CP, Annex).
CCCD_PROVINCES = ["001", "024", "027", "031", "033", "038", "040", "046", "048", "066", "075", "079", "092", "096"]

# The wording of procedural acts, by the article that governs them.
AMENDMENT_ITEMS = [
    "Ghi rõ họ tên, địa chỉ của người bị kiện (khoản 4 Điều 189 BLTTDS)",
    "Bổ sung tài liệu, chứng cứ chứng minh quyền khởi kiện là có căn cứ và hợp pháp",
    "Ghi rõ những vấn đề cụ thể yêu cầu Tòa án giải quyết",
    "Nộp bản sao có chứng thực giấy chứng nhận quyền sử dụng đất",
    "Bổ sung giấy chứng nhận đăng ký kết hôn và giấy khai sinh của các con",
    "Ký tên hoặc điểm chỉ vào đơn khởi kiện",
]
RETURN_GROUNDS = [
    "Người khởi kiện không sửa đổi, bổ sung đơn khởi kiện theo yêu cầu (điểm e khoản 1 Điều 192 BLTTDS)",
    "Người khởi kiện không nộp biên lai thu tiền tạm ứng án phí trong thời hạn (điểm đ khoản 1 Điều 192 BLTTDS)",
    "Chưa có đủ điều kiện khởi kiện (điểm b khoản 1 Điều 192 BLTTDS)",
    "Sự việc đã được giải quyết bằng bản án đã có hiệu lực pháp luật (điểm c khoản 1 Điều 192 BLTTDS)",
    "Người khởi kiện rút đơn khởi kiện (điểm g khoản 1 Điều 192 BLTTDS)",
]
TRANSFER_REASONS = [
    "Vụ án thuộc thẩm quyền giải quyết của Tòa án nơi bị đơn cư trú (Điều 39 BLTTDS)",
    "Bất động sản tranh chấp ở địa bàn Tòa án khác (điểm c khoản 1 Điều 39 BLTTDS)",
    "Vụ án không thuộc thẩm quyền theo lãnh thổ (Điều 41 BLTTDS)",
]
SUSPEND_GROUNDS = [
    "Chờ kết quả giám định (điểm e khoản 1 Điều 214 BLTTDS)",
    "Cần đợi kết quả giải quyết vụ việc khác có liên quan (điểm d khoản 1 Điều 214 BLTTDS)",
    "Đương sự là cá nhân đã chết, chưa có người kế thừa quyền và nghĩa vụ (điểm a khoản 1 Điều 214 BLTTDS)",
    "Chờ kết quả ủy thác tư pháp ra nước ngoài (điểm e khoản 1 Điều 214 BLTTDS)",
    "Chờ kết quả xử lý văn bản quy phạm pháp luật có liên quan (điểm đ khoản 1 Điều 214 BLTTDS)",
]
CRIMINAL_SUSPEND_GROUNDS = [
    "Bị cáo bỏ trốn, đã ra quyết định truy nã (khoản 1 Điều 281 BLTTHS)",
    "Bị cáo bị bệnh hiểm nghèo, có kết luận giám định (khoản 1 Điều 281 BLTTHS)",
    "Chờ kết quả giám định bổ sung (khoản 1 Điều 281 BLTTHS)",
]
TERMINATE_GROUNDS = [
    "Nguyên đơn rút toàn bộ yêu cầu khởi kiện (điểm c khoản 1 Điều 217 BLTTDS)",
    "Nguyên đơn đã được triệu tập hợp lệ lần thứ hai mà vẫn vắng mặt (điểm c khoản 1 Điều 217 BLTTDS)",
    "Người khởi kiện rút đơn khởi kiện (điểm b khoản 1 Điều 143 LTTHC)",
]
CRIMINAL_TERMINATE_GROUNDS = [
    "Người bị hại rút yêu cầu khởi tố (khoản 2 Điều 155 BLTTHS)",
    "Viện kiểm sát rút toàn bộ quyết định truy tố (Điều 282 BLTTHS)",
]
EXTENSION_REASONS = [
    "Vụ án có tính chất phức tạp, nhiều đương sự (điểm a khoản 1 Điều 203 BLTTDS)",
    "Trở ngại khách quan: chờ kết quả thẩm định tại chỗ và định giá tài sản",
    "Cần thu thập thêm tài liệu, chứng cứ từ cơ quan, tổ chức",
]
APPEAL_GROUNDS = [
    "Không đồng ý với toàn bộ bản án sơ thẩm, đề nghị Tòa án cấp phúc thẩm xét xử lại",
    "Đề nghị xem xét lại phần chia tài sản chung",
    "Mức bồi thường Tòa án cấp sơ thẩm tuyên là chưa phù hợp",
    "Xin giảm nhẹ hình phạt và cho hưởng án treo",
    "Đánh giá chứng cứ chưa khách quan, toàn diện",
]
JUDGMENT_SUMMARIES = [
    "Chấp nhận yêu cầu khởi kiện của nguyên đơn",
    "Chấp nhận một phần yêu cầu khởi kiện của nguyên đơn",
    "Không chấp nhận yêu cầu khởi kiện của nguyên đơn",
]
NOTICE_RECIPIENTS = "Nguyên đơn, bị đơn, người có quyền lợi, nghĩa vụ liên quan và Viện kiểm sát cùng cấp"
HC_DEFENDANTS = [
    "Ủy ban nhân dân {ward}",
    "Chủ tịch Ủy ban nhân dân {ward}",
    "Ủy ban nhân dân {province}",
    "Chủ tịch Ủy ban nhân dân {province}",
]
LAWYER_ORGANISATIONS = ["Công ty Luật TNHH", "Văn phòng Luật sư"]
STAFF_TITLES = {
    "president": ["Thẩm phán trung cấp"],
    "vice_president": ["Thẩm phán trung cấp", "Thẩm phán sơ cấp"],
    "judge": ["Thẩm phán sơ cấp", "Thẩm phán sơ cấp", "Thẩm phán trung cấp"],
    "clerk": ["Thư ký viên", "Thư ký viên", "Thư ký viên chính"],
    "assessor": ["Hội thẩm nhân dân"],
    "examiner": ["Thẩm tra viên"],
}


# Every word list is stored normalized, so text composed from them is normalized too (``normalize``
# works word by word) without normalizing each generated string again.
FAMILY_NAMES = [(normalize(name), share) for name, share in FAMILY_NAMES]
for _words in (MALE_MIDDLE, FEMALE_MIDDLE, MALE_GIVEN, FEMALE_GIVEN, COMPANY_FORMS, COMPANY_WORDS, COMPANY_TRADES,
               BANKS, STREETS):  # fmt: skip
    _words[:] = [normalize(word) for word in _words]


def _cumulative(weights: list[float]) -> list[float]:
    return list(itertools.accumulate(weights))


_FAMILY = [name for name, _ in FAMILY_NAMES]
_FAMILY_CUM = _cumulative([weight for _, weight in FAMILY_NAMES])
_OFFENCE_CUM = _cumulative([float(w) for w in OFFENCE_WEIGHTS])


def _weighted(rng: random.Random, items: list[str], cumulative: list[float]) -> str:
    return items[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]


def family_name(rng: random.Random) -> str:
    """A family name drawn by its frequency in the population."""
    return _weighted(rng, _FAMILY, _FAMILY_CUM)


def person_name(rng: random.Random, gender: str | None = None, family: str | None = None) -> str:
    """'Nguyễn Thị Thu Hà': family name, one or two middle names and a given name of the gender ('m'/'f')."""
    gender = gender or rng.choice("mf")
    middles = MALE_MIDDLE if gender == "m" else FEMALE_MIDDLE
    middle = rng.choice(middles)
    given = rng.choice(MALE_GIVEN if gender == "m" else FEMALE_GIVEN)
    if rng.random() < 0.15:  # a second middle name is common: "Nguyễn Thị Thu Hà"
        second = rng.choice(middles)
        if second not in (middle, given):
            middle = f"{middle} {second}"
    return f"{family or family_name(rng)} {middle} {given}"


def company(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return rng.choice(BANKS)
    return f"{rng.choice(COMPANY_FORMS)} {rng.choice(COMPANY_TRADES)} {rng.choice(COMPANY_WORDS)}"


@lru_cache(maxsize=1)
def _wards() -> list[tuple[str, str]]:
    """(ward, province) pairs of the 34-province system, from the vietnamadminunits data."""
    from vietnamadminunits.database import get_data

    rows = get_data(fields=["ward", "province"], table="admin_units")
    return [(_lower_first(normalize(str(r["ward"]))), normalize(str(r["province"]))) for r in rows]


@lru_cache(maxsize=1)
def _wards_by_province() -> dict[str, list[tuple[str, str]]]:
    by_province: dict[str, list[tuple[str, str]]] = {}
    for ward, province in _wards():
        by_province.setdefault(province_key(province), []).append((ward, province))
    return by_province


@lru_cache(maxsize=4096)
def province_key(name: str) -> str:
    """'Thành phố Hà Nội', 'TP. Hà Nội', 'Hà Nội' → 'ha noi' (to match courts to provinces)."""
    key = fold(name).replace(".", " ").strip()
    for prefix in ("thanh pho ", "tp ", "tinh "):
        if key.startswith(prefix):
            key = key[len(prefix) :]
    return " ".join(key.split())


def ward_in(rng: random.Random, province: str = "") -> tuple[str, str]:
    """A (ward, province) pair, in ``province`` when it is one of the 34 (wards written 'phường Hồng Hà')."""
    wards = _wards_by_province().get(province_key(province)) if province else None
    return rng.choice(wards or _wards())


def address(rng: random.Random, province: str = "") -> str:
    """'Số 12 đường Lê Lợi, phường Hồng Hà, thành phố Hà Nội', as judgments write it."""
    ward, prov = ward_in(rng, province)
    return f"Số {rng.randint(1, 250)} đường {rng.choice(STREETS)}, {ward}, {_lower_first(prov)}"


def citizen_id(rng: random.Random, birth_year: int | None = None, gender: str = "m") -> str:
    """A 12-digit CCCD: province code, century-and-gender digit, year, six random digits."""
    year = birth_year or rng.randint(1950, 2004)
    century_gender = (0 if year < 2000 else 2) + (1 if gender == "f" else 0)
    return f"{rng.choice(CCCD_PROVINCES)}{century_gender}{year % 100:02d}{rng.randint(0, 999_999):06d}"


def enterprise_code(rng: random.Random) -> str:
    """A 10-digit enterprise code (mã số doanh nghiệp)."""
    return f"0{rng.randint(100_000_000, 999_999_999)}"


def subject(rng: random.Random, case_type: str) -> str:
    if case_type == "HS":
        return offence(rng)[0]
    return rng.choice(SUBJECTS[case_type])


def offence(rng: random.Random) -> tuple[str, int, str]:
    """(name, article of the Criminal Code, gravity), drawn by how often courts see it."""
    index = bisect.bisect_right(_OFFENCE_CUM, rng.random() * _OFFENCE_CUM[-1])
    return OFFENCES[index]


def _lower_first(text: str) -> str:
    """'Phường Hồng Hà' → 'phường Hồng Hà' (a unit's name in running text)."""
    return text[:1].lower() + text[1:]


def administrative_defendant(rng: random.Random, province: str = "") -> str:
    """'Chủ tịch Ủy ban nhân dân phường Hồng Hà': the authority whose decision is challenged."""
    ward, prov = ward_in(rng, province)
    return normalize(rng.choice(HC_DEFENDANTS).format(ward=ward, province=_lower_first(prov)))


def law_firm(rng: random.Random) -> str:
    return normalize(f"{rng.choice(LAWYER_ORGANISATIONS)} {rng.choice(COMPANY_WORDS)}")


def bar_association(province: str) -> str:
    """'Đoàn Luật sư thành phố Hà Nội'."""
    return f"Đoàn Luật sư {_lower_first(normalize(province))}"


class VietnameseLegalProvider(BaseProvider):
    """Faker methods over the functions above (``fake.vn_person_name()`` …)."""

    def _rng(self) -> random.Random:
        rng: random.Random = self.generator.random
        return rng

    def vn_family_name(self) -> str:
        return family_name(self._rng())

    def vn_person_name(self, gender: str | None = None) -> str:
        return person_name(self._rng(), gender)

    def vn_company(self) -> str:
        return company(self._rng())

    def vn_address(self, province: str = "") -> str:
        return address(self._rng(), province)

    def vn_citizen_id(self, birth_year: int | None = None, gender: str = "m") -> str:
        return citizen_id(self._rng(), birth_year, gender)

    def vn_subject(self, case_type: str) -> str:
        return subject(self._rng(), case_type)

    def vn_offence(self) -> tuple[str, int, str]:
        return offence(self._rng())
